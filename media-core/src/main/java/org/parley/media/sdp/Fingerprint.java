package org.parley.media.sdp;

import java.util.Locale;

/**
 * The {@code a=fingerprint} attribute (RFC 8122 §5): a hash of the DTLS certificate.
 *
 * @param algorithm hash function name in lower case, e.g. {@code sha-256}
 * @param value     upper-case hex bytes separated by colons
 */
public record Fingerprint(String algorithm, String value) {

    static Fingerprint parse(String text) throws SdpException {
        Fields f = Fields.of(text);
        String algorithm = Fields.token(f.next("hash function"), "hash function").toLowerCase(Locale.ROOT);
        String value = f.next("fingerprint value");
        f.end("fingerprint value");
        // RFC 8122 §5: 2UHEX *(":" 2UHEX); lower case is accepted on input and normalized.
        if (value.length() % 3 != 2) {
            throw new SdpException("fingerprint value is not colon-separated hex bytes");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = i % 3 == 2 ? c == ':' : Character.digit(c, 16) >= 0 && c < 0x80;
            if (!ok) {
                throw new SdpException("fingerprint value is not colon-separated hex bytes");
            }
        }
        return new Fingerprint(algorithm, value.toUpperCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return algorithm + " " + value;
    }
}
