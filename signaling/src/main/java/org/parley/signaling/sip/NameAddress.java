package org.parley.signaling.sip;

import java.util.Locale;

/** Reads the parts Parley needs of a From, To or Contact value (RFC 3261 §20.10, §20.20, §20.39). */
final class NameAddress {

    private NameAddress() {
    }

    /** The URI: what is inside the angle brackets, or the addr-spec before any header parameter; null if none. */
    static String uri(String value) {
        if (value == null) {
            return null;
        }
        int open = value.indexOf('<');
        if (open >= 0) {
            int close = value.indexOf('>', open);
            return close < 0 ? null : value.substring(open + 1, close).strip();
        }
        int semicolon = value.indexOf(';');
        String uri = (semicolon < 0 ? value : value.substring(0, semicolon)).strip();
        return uri.isEmpty() ? null : uri;
    }

    /** The {@code tag} header parameter (RFC 3261 §19.3), or null. */
    static String tag(String value) {
        if (value == null) {
            return null;
        }
        int close = value.lastIndexOf('>');
        String params = close >= 0 ? value.substring(close + 1) : value;
        for (String param : params.split(";")) {
            String trimmed = param.strip();
            if (trimmed.toLowerCase(Locale.ROOT).startsWith("tag=")) {
                String tag = trimmed.substring(4).strip();
                return tag.isEmpty() ? null : tag;
            }
        }
        return null;
    }
}
