package org.parley.media.dtls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;

import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.bc.BcECContentSignerBuilder;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCrypto;

/**
 * A self-signed ECDSA P-256 certificate and its private key, identifying one side of DTLS-SRTP.
 *
 * <p>WebRTC peers do not use a PKI: each side announces the fingerprint of its certificate in SDP
 * ({@code a=fingerprint}, RFC 8842 §5) and the other side checks the certificate presented in the handshake against it.
 * Generate one per server (or per test peer) and share it between transports; instances are immutable.
 */
public final class DtlsCertificate {

    private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
    // Backdated so that a peer with a slightly wrong clock still accepts it.
    private static final Duration NOT_BEFORE = Duration.ofDays(30);
    private static final Duration NOT_AFTER = Duration.ofDays(365);

    private final byte[] der;
    private final AsymmetricKeyParameter privateKey;
    private final String fingerprint;

    private DtlsCertificate(byte[] der, AsymmetricKeyParameter privateKey) {
        this.der = der;
        this.privateKey = privateKey;
        this.fingerprint = CertificateFingerprint.of(CertificateFingerprint.SHA_256, der);
    }

    /** Generates a new key pair and a self-signed certificate with a random common name. */
    public static DtlsCertificate generate() {
        SecureRandom random = new SecureRandom();
        ECKeyPairGenerator generator = new ECKeyPairGenerator();
        generator.init(new ECKeyGenerationParameters(
                ECNamedDomainParameters.lookup(SECObjectIdentifiers.secp256r1), random));
        AsymmetricCipherKeyPair keyPair = generator.generateKeyPair();

        byte[] cn = new byte[8];
        random.nextBytes(cn);
        X500Name name = new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.CN, "parley-" + HexFormat.of().formatHex(cn))
                .build();
        Instant now = Instant.now();
        try {
            X509v3CertificateBuilder builder = new X509v3CertificateBuilder(
                    name,
                    new BigInteger(63, random),
                    Date.from(now.minus(NOT_BEFORE)),
                    Date.from(now.plus(NOT_AFTER)),
                    name,
                    SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(keyPair.getPublic()));
            AlgorithmIdentifier signature = new DefaultSignatureAlgorithmIdentifierFinder().find(SIGNATURE_ALGORITHM);
            AlgorithmIdentifier digest = new DefaultDigestAlgorithmIdentifierFinder().find(signature);
            X509CertificateHolder holder = builder.build(
                    new BcECContentSignerBuilder(signature, digest).build(keyPair.getPrivate()));
            return new DtlsCertificate(holder.getEncoded(), keyPair.getPrivate());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a generated certificate", e);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("Bouncy Castle has no " + SIGNATURE_ALGORITHM + " signer", e);
        }
    }

    /** The hash function of {@link #fingerprint()}, as named in {@code a=fingerprint}: always {@code "sha-256"}. */
    public String fingerprintAlgorithm() {
        return CertificateFingerprint.SHA_256;
    }

    /**
     * The SHA-256 fingerprint of the DER certificate in RFC 8122 §5 form, e.g. {@code "AB:01:...:FF"}: the text that
     * follows {@code a=fingerprint:sha-256 } in SDP.
     */
    public String fingerprint() {
        return fingerprint;
    }

    /** The DER encoding of the certificate; a copy. */
    public byte[] encoded() {
        return der.clone();
    }

    /** The private key, for a Bouncy Castle credentialed signer. */
    AsymmetricKeyParameter privateKey() {
        return privateKey;
    }

    /** This certificate as a one-element TLS certificate chain. */
    Certificate toTlsChain(TlsCrypto crypto) throws IOException {
        return new Certificate(new TlsCertificate[] {crypto.createCertificate(der)});
    }

    @Override
    public String toString() {
        return "DtlsCertificate(sha-256 " + fingerprint + ")";
    }
}
