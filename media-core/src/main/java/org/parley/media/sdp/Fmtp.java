package org.parley.media.sdp;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code a=fmtp} attribute (RFC 8866 §6.15): format parameters of one payload type.
 *
 * @param payloadType RTP payload type, 0..127
 * @param raw         the parameter text as written, e.g. {@code minptime=10;useinbandfec=1}
 * @param parameters  the {@code key=value} items of {@code raw}, in order; items without {@code =}
 *                    (RED's {@code 111/111}, telephone-event's {@code 0-16}) are only in {@code raw}
 */
public record Fmtp(int payloadType, String raw, Map<String, String> parameters) {

    public Fmtp {
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /** Builds the attribute from parameters, joined as RFC 7587 §7 writes them. */
    public static Fmtp of(int payloadType, Map<String, String> parameters) {
        StringBuilder raw = new StringBuilder();
        for (Map.Entry<String, String> e : parameters.entrySet()) {
            if (!raw.isEmpty()) {
                raw.append(';');
            }
            raw.append(e.getKey()).append('=').append(e.getValue());
        }
        return new Fmtp(payloadType, raw.toString(), parameters);
    }

    static Fmtp parse(String value) throws SdpException {
        int space = value.indexOf(' ');
        if (space < 0) {
            throw new SdpException("fmtp needs <payload type> <parameters>");
        }
        int pt = (int) Fields.number(value.substring(0, space), "payload type", 0, 127);
        String raw = value.substring(space + 1).trim();
        if (raw.isEmpty()) {
            throw new SdpException("fmtp has no parameters");
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String item : raw.split(";")) {
            int eq = item.indexOf('=');
            if (eq > 0) {
                parameters.put(item.substring(0, eq).trim(), item.substring(eq + 1).trim());
            }
        }
        return new Fmtp(pt, raw, parameters);
    }

    @Override
    public String toString() {
        return payloadType + " " + raw;
    }
}
