package org.parley.signaling.sip;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The parts of a SIP URI that dial-in reads (RFC 3261 §19.1.1): {@code sip:user@host[:port];param=value}.
 *
 * @param user       the user part, percent-decoded; empty when absent
 * @param host       the host
 * @param parameters the URI parameters, names in lower case; a parameter without value maps to ""
 */
public record SipUri(String user, String host, Map<String, String> parameters) {

    public SipUri {
        parameters = Map.copyOf(parameters);
    }

    /** Parses a {@code sip:} URI; null if it is not one or is malformed. */
    public static SipUri parse(String text) {
        if (text == null || !text.regionMatches(true, 0, "sip:", 0, 4)) {
            return null;
        }
        String rest = text.substring(4);
        int headers = rest.indexOf('?');
        if (headers >= 0) {
            rest = rest.substring(0, headers);
        }
        String[] parts = rest.split(";");
        String userHost = parts[0];
        int at = userHost.lastIndexOf('@');
        String user = at < 0 ? "" : percentDecode(userHost.substring(0, at));
        String host = at < 0 ? userHost : userHost.substring(at + 1);
        if (user == null || host.isEmpty()) {
            return null;
        }
        Map<String, String> parameters = new HashMap<>();
        for (int i = 1; i < parts.length; i++) {
            int equals = parts[i].indexOf('=');
            String name = (equals < 0 ? parts[i] : parts[i].substring(0, equals)).toLowerCase(Locale.ROOT);
            String value = equals < 0 ? "" : percentDecode(parts[i].substring(equals + 1));
            if (!name.isEmpty() && value != null) {
                parameters.put(name, value);
            }
        }
        return new SipUri(user, host, parameters);
    }

    /** RFC 3261 §19.1.2: escaped characters in the user part; null if an escape is malformed. */
    private static String percentDecode(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        byte[] bytes = new byte[text.length()];
        int length = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= text.length()) {
                    return null;
                }
                int high = Character.digit(text.charAt(i + 1), 16);
                int low = Character.digit(text.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    return null;
                }
                bytes[length++] = (byte) (high << 4 | low);
                i += 2;
            } else {
                bytes[length++] = (byte) c;
            }
        }
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    /** The value of parameter {@code name} (lower case), or null. */
    public String parameter(String name) {
        return parameters.get(name);
    }
}
