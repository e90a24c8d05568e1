package org.parley.media.sdp;

/**
 * The space-separated fields of one SDP value, read left to right. Every read either returns a
 * well-formed field or throws an {@link SdpException} that names the field, so the typed parsers
 * never leak {@link NumberFormatException} or index errors.
 */
final class Fields {

    private final String[] tokens;
    private int next;

    private Fields(String[] tokens) {
        this.tokens = tokens;
    }

    /** Splits on runs of spaces; RFC 8866 §9 uses single spaces, but doubled ones are harmless. */
    static Fields of(String value) {
        return new Fields(value.trim().isEmpty() ? new String[0] : value.trim().split(" +"));
    }

    int count() {
        return tokens.length;
    }

    boolean hasNext() {
        return next < tokens.length;
    }

    String next(String what) throws SdpException {
        if (next >= tokens.length) {
            throw new SdpException("missing " + what);
        }
        return tokens[next++];
    }

    int nextInt(String what, int min, int max) throws SdpException {
        return (int) number(next(what), what, min, max);
    }

    long nextLong(String what, long min, long max) throws SdpException {
        return number(next(what), what, min, max);
    }

    /** The fields not read yet, joined by single spaces; empty when none are left. */
    String rest() {
        StringBuilder rest = new StringBuilder();
        for (; next < tokens.length; next++) {
            if (!rest.isEmpty()) {
                rest.append(' ');
            }
            rest.append(tokens[next]);
        }
        return rest.toString();
    }

    /** Fails if any field is left: trailing garbage is an error, not something to ignore silently. */
    void end(String after) throws SdpException {
        if (next < tokens.length) {
            throw new SdpException("unexpected '" + tokens[next] + "' after " + after);
        }
    }

    /** A non-negative decimal in {@code [min, max]}; never overflows, whatever its length. */
    static long number(String token, String what, long min, long max) throws SdpException {
        if (token.isEmpty()) {
            throw new SdpException("empty " + what);
        }
        long value = 0;
        for (int i = 0; i < token.length(); i++) {
            int digit = token.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                throw new SdpException(what + " '" + token + "' is not a number in " + min + ".." + max);
            }
            if (value > (max - digit) / 10) {
                throw new SdpException(what + " " + token + " is out of range " + min + ".." + max);
            }
            value = value * 10 + digit;
        }
        if (value < min || value > max) {
            throw new SdpException(what + " " + token + " is out of range " + min + ".." + max);
        }
        return value;
    }

    /** RFC 8866 §9 {@code token}: visible ASCII except separators such as space, quotes and brackets. */
    static String token(String token, String what) throws SdpException {
        if (token.isEmpty()) {
            throw new SdpException("empty " + what);
        }
        for (int i = 0; i < token.length(); i++) {
            if (!isTokenChar(token.charAt(i))) {
                throw new SdpException(what + " '" + token + "' has an invalid character");
            }
        }
        return token;
    }

    /** Visible ASCII, no spaces: URIs, addresses (IPv6 has colons) and ids that are not strict tokens. */
    static String visible(String field, String what) throws SdpException {
        if (field.isEmpty()) {
            throw new SdpException("empty " + what);
        }
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c <= 0x20 || c >= 0x7F) {
                throw new SdpException(what + " '" + field + "' has an invalid character");
            }
        }
        return field;
    }

    private static boolean isTokenChar(char c) {
        return c == 0x21 || (c >= 0x23 && c <= 0x27) || c == 0x2A || c == 0x2B || c == 0x2D || c == 0x2E
                || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x5E && c <= 0x7E);
    }
}
