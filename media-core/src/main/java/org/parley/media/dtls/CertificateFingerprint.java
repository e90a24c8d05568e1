package org.parley.media.dtls;

import java.util.Locale;

import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA384Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;

/**
 * Certificate fingerprints as carried by the SDP {@code a=fingerprint} attribute (RFC 8122 §5): a hash function name
 * from the IANA "Hash Function Textual Names" registry and the hash of the DER certificate as upper-case hex bytes
 * separated by colons.
 */
final class CertificateFingerprint {

    static final String SHA_256 = "sha-256";

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private CertificateFingerprint() {
    }

    /** Whether {@code algorithm} (case-insensitive) is a hash function this package can verify. */
    static boolean isSupported(String algorithm) {
        return newDigest(algorithm) != null;
    }

    /**
     * The RFC 8122 fingerprint of {@code derCertificate}, or {@code null} if the algorithm is not supported.
     */
    static String of(String algorithm, byte[] derCertificate) {
        Digest digest = newDigest(algorithm);
        if (digest == null) {
            return null;
        }
        digest.update(derCertificate, 0, derCertificate.length);
        byte[] hash = new byte[digest.getDigestSize()];
        digest.doFinal(hash, 0);
        return format(hash);
    }

    /**
     * Whether {@code derCertificate} hashes to {@code expected} with {@code algorithm}. RFC 8122 §5 asks for
     * upper-case hex; lower-case from a lenient peer is accepted too. An unsupported algorithm never matches.
     */
    static boolean matches(String algorithm, String expected, byte[] derCertificate) {
        String actual = of(algorithm, derCertificate);
        return actual != null && actual.equalsIgnoreCase(expected.trim());
    }

    private static String format(byte[] hash) {
        char[] text = new char[hash.length * 3 - 1];
        for (int i = 0; i < hash.length; i++) {
            int b = hash[i] & 0xFF;
            int at = i * 3;
            text[at] = HEX[b >>> 4];
            text[at + 1] = HEX[b & 0x0F];
            if (at + 2 < text.length) {
                text[at + 2] = ':';
            }
        }
        return new String(text);
    }

    private static Digest newDigest(String algorithm) {
        return switch (algorithm.trim().toLowerCase(Locale.ROOT)) {
            case "sha-1" -> new SHA1Digest();
            case SHA_256 -> new SHA256Digest();
            case "sha-384" -> new SHA384Digest();
            case "sha-512" -> new SHA512Digest();
            default -> null;
        };
    }
}
