package org.parley.signaling.sip;

/**
 * The CSeq header (RFC 3261 §20.16): a sequence number below 2**31 and the request's method.
 *
 * @param number the sequence number
 * @param method the method, which must match the request's
 */
public record CSeq(long number, String method) {

    private static final long MAX = (1L << 31) - 1;

    /** Parses {@code 314159 INVITE}; null if {@code value} is null or malformed. */
    public static CSeq parse(String value) {
        if (value == null) {
            return null;
        }
        String[] parts = value.strip().split("[ \t]+");
        if (parts.length != 2 || parts[0].isEmpty() || parts[0].length() > 10 || !SipGrammar.isToken(parts[1])) {
            return null;
        }
        for (int i = 0; i < parts[0].length(); i++) {
            if (!Character.isDigit(parts[0].charAt(i))) {
                return null;
            }
        }
        long number = Long.parseLong(parts[0]);
        return number > MAX ? null : new CSeq(number, parts[1]);
    }

    @Override
    public String toString() {
        return number + " " + method;
    }
}
