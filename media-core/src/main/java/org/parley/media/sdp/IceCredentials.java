package org.parley.media.sdp;

/**
 * ICE username fragment and password (RFC 8839 §5.4), from {@code a=ice-ufrag} and {@code a=ice-pwd}.
 */
public record IceCredentials(String ufrag, String pwd) {

    /** RFC 8839 §5.4: ufrag is 4..256 ice-chars. */
    static String parseUfrag(String value) throws SdpException {
        if (value.length() < 4 || value.length() > 256 || !isIceChars(value)) {
            throw new SdpException("ice-ufrag must be 4..256 characters of ALPHA / DIGIT / + / /");
        }
        return value;
    }

    /** RFC 8839 §5.4: password is 22..256 ice-chars. */
    static String parsePwd(String value) throws SdpException {
        if (value.length() < 22 || value.length() > 256 || !isIceChars(value)) {
            throw new SdpException("ice-pwd must be 22..256 characters of ALPHA / DIGIT / + / /");
        }
        return value;
    }

    /** RFC 8839 §5.1 {@code ice-char = ALPHA / DIGIT / "+" / "/"}; false for the empty string. */
    static boolean isIceChars(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
