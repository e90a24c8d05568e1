package org.parley.media.dtls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

class DtlsCertificateTest {

    private final DtlsCertificate certificate = DtlsCertificate.generate();

    @Test
    void fingerprintIsSha256OfTheDerCertificateInSdpNotation() throws Exception {
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(certificate.encoded());
        String expected = HexFormat.ofDelimiter(":").withUpperCase().formatHex(hash);

        assertEquals("sha-256", certificate.fingerprintAlgorithm());
        assertEquals(expected, certificate.fingerprint());
        assertTrue(certificate.fingerprint().matches("([0-9A-F]{2}:){31}[0-9A-F]{2}"));
    }

    @Test
    void isAValidSelfSignedEcdsaP256Certificate() throws Exception {
        X509Certificate x509 = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(certificate.encoded()));

        x509.verify(x509.getPublicKey()); // throws unless self-signed with this key
        assertEquals("SHA256withECDSA", x509.getSigAlgName());
        assertEquals(x509.getSubjectX500Principal(), x509.getIssuerX500Principal());
        assertTrue(x509.getSubjectX500Principal().getName().startsWith("CN="));
        assertEquals(256, ((ECPublicKey) x509.getPublicKey()).getParams().getCurve().getField().getFieldSize());
        Instant now = Instant.now();
        assertTrue(x509.getNotBefore().toInstant().isBefore(now.minus(Duration.ofDays(1))));
        assertTrue(x509.getNotAfter().toInstant().isAfter(now.plus(Duration.ofDays(300))));
    }

    @Test
    void everyGenerationHasItsOwnKeyAndName() {
        DtlsCertificate other = DtlsCertificate.generate();
        assertNotEquals(certificate.fingerprint(), other.fingerprint());
    }
}
