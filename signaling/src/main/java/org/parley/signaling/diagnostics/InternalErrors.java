package org.parley.signaling.diagnostics;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;

/**
 * Internal failures as clients see them: a generic sentence and a reference, never the exception's
 * text (which may name files, addresses, SQL or other participants). The log line carries the same
 * reference with the whole exception, so an operator finds it from what the user reports.
 */
public final class InternalErrors {

    private InternalErrors() {
    }

    /**
     * Logs {@code failure} at warn level with a fresh reference and returns the text for the client,
     * e.g. {@code "internal error (reference 3f9a1c2b04d7e615)"}.
     *
     * @param what what failed, for the log line only
     */
    public static String report(Logger log, String what, Throwable failure) {
        String reference = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
        log.warn("{} failed [reference {}]", what, reference, failure);
        return clientMessage(reference);
    }

    /** The client's text for {@code reference}. */
    static String clientMessage(String reference) {
        return "internal error (reference " + reference + ")";
    }
}
