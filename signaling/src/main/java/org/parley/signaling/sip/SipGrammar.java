package org.parley.signaling.sip;

import java.util.ArrayList;
import java.util.List;

/** Character classes of the SIP grammar (RFC 3261 §25.1). */
final class SipGrammar {

    private SipGrammar() {
    }

    /** {@code token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~")}. */
    static boolean isToken(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean alphanumeric = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!alphanumeric && "-.!%*_+`'~".indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Splits a header value at the commas that separate list elements (RFC 3261 §7.3.1), not those
     * inside quoted strings or angle brackets.
     */
    static List<String> splitList(String value) {
        List<String> elements = new ArrayList<>();
        boolean quoted = false;
        boolean angled = false;
        int start = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (quoted) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == '<') {
                angled = true;
            } else if (c == '>') {
                angled = false;
            } else if (c == ',' && !angled) {
                elements.add(value.substring(start, i).strip());
                start = i + 1;
            }
        }
        elements.add(value.substring(start).strip());
        return elements;
    }
}
