package org.parley.media.dtls;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CertificateFingerprintTest {

    private static final byte[] ABC = "abc".getBytes(US_ASCII);

    // FIPS 180-2 Appendix B.1 / A.1 test vectors for the message "abc", in RFC 8122 §5 notation.
    private static final String SHA_256_ABC = "BA:78:16:BF:8F:01:CF:EA:41:41:40:DE:5D:AE:22:23:"
            + "B0:03:61:A3:96:17:7A:9C:B4:10:FF:61:F2:00:15:AD";
    private static final String SHA_1_ABC = "A9:99:3E:36:47:06:81:6A:BA:3E:25:71:78:50:C2:6C:9C:D0:D8:9D";

    @Test
    void formatsUpperCaseHexPairsSeparatedByColons() {
        assertEquals(SHA_256_ABC, CertificateFingerprint.of("sha-256", ABC));
        assertEquals(SHA_1_ABC, CertificateFingerprint.of("sha-1", ABC));
    }

    @Test
    void algorithmNamesAreCaseInsensitive() {
        assertEquals(SHA_256_ABC, CertificateFingerprint.of("SHA-256", ABC));
        assertTrue(CertificateFingerprint.isSupported("sha-384"));
        assertTrue(CertificateFingerprint.isSupported("sha-512"));
    }

    @Test
    void unsupportedAlgorithmNeverMatches() {
        assertNull(CertificateFingerprint.of("md5", ABC));
        assertFalse(CertificateFingerprint.isSupported("md5"));
        assertFalse(CertificateFingerprint.matches("md5", SHA_256_ABC, ABC));
    }

    @Test
    void matchesIgnoresCaseButNotContent() {
        assertTrue(CertificateFingerprint.matches("sha-256", SHA_256_ABC.toLowerCase(), ABC));
        assertFalse(CertificateFingerprint.matches("sha-256", SHA_256_ABC, "abd".getBytes(US_ASCII)));
        assertFalse(CertificateFingerprint.matches("sha-256", "not a fingerprint", ABC));
        assertFalse(CertificateFingerprint.matches("sha-1", SHA_256_ABC, ABC));
    }
}
