package org.parley.signaling.provisioning;

import java.util.Locale;
import java.util.Set;

/** The two-letter ISO 639-1 language codes, lower case, as the JDK knows them. */
final class LanguageCodes {

    private static final Set<String> CODES = Set.of(Locale.getISOLanguages());

    private LanguageCodes() {
    }

    static boolean isIso639_1(String code) {
        return code.length() == 2 && CODES.contains(code);
    }
}
