package org.parley.signaling.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.Writer;
import java.security.interfaces.ECPrivateKey;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;

/** Certificates the tests make: PEM files in a directory, and a client context that trusts them. */
public final class TestCertificates {

    private TestCertificates() {
    }

    /** A written pair: its files and what they hold. */
    public record PemPair(Path certificate, Path privateKey, CertificateKeyPair pair) {

        /** What Chromium's {@code --ignore-certificate-errors-spki-list} takes. */
        public String spkiSha256() {
            return pair.spkiSha256();
        }

        /** A TLS client context that trusts this certificate only. */
        public SSLContext trustingIt() {
            return trusting(pair.chain().getFirst());
        }
    }

    /** A new self-signed pair for {@code names}, written as {@code <name>-certificate.pem} and {@code <name>-key.pem}. */
    public static PemPair write(Path directory, String name, SelfSignedCertificate.KeyType type, String... names)
            throws TlsMaterialException {
        CertificateKeyPair pair = SelfSignedCertificate.create(List.of(names), type, Instant.now(), Duration.ofDays(30));
        Path certificate = directory.resolve(name + "-certificate.pem");
        Path privateKey = directory.resolve(name + "-key.pem");
        SelfSignedCertificate.write(pair, certificate, privateKey);
        return new PemPair(certificate, privateKey, pair);
    }

    /**
     * The key of {@code pair} in its algorithm's own format, as older tools write it:
     * {@code RSA PRIVATE KEY} (PKCS#1) or {@code EC PRIVATE KEY} (SEC 1).
     */
    public static Path writeTraditionalKey(CertificateKeyPair pair, Path file) throws IOException {
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(pair.privateKey().getEncoded());
        if (pair.privateKey().getAlgorithm().equals("RSA")) {
            return Files.writeString(file, SelfSignedCertificate.pem("RSA PRIVATE KEY",
                    info.parsePrivateKey().toASN1Primitive().getEncoded()));
        }
        // SEC 1 §C.4 as OpenSSL writes it: the curve and the public key inside, since no PKCS#8 wrapper names them.
        ECPrivateKey ec = (ECPrivateKey) pair.privateKey();
        SubjectPublicKeyInfo publicKey = SubjectPublicKeyInfo.getInstance(pair.chain().getFirst().getPublicKey().getEncoded());
        org.bouncycastle.asn1.sec.ECPrivateKey sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(
                ec.getParams().getOrder().bitLength(), ec.getS(), publicKey.getPublicKeyData(),
                info.getPrivateKeyAlgorithm().getParameters());
        return Files.writeString(file, SelfSignedCertificate.pem("EC PRIVATE KEY", sec1.getEncoded()));
    }

    /** The key of {@code pair} as an {@code ENCRYPTED PRIVATE KEY} (PKCS#8, AES-256-CBC, password "secret"). */
    public static Path writeEncryptedKey(CertificateKeyPair pair, Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file); JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(new JcaPKCS8Generator(pair.privateKey(),
                    new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC).setProvider(new BouncyCastleProvider())
                            .setPassword("secret".toCharArray())
                            .build()));
        } catch (OperatorCreationException e) {
            throw new IOException(e);
        }
        return file;
    }

    public static SSLContext trusting(X509Certificate certificate) {
        try {
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            trusted.setCertificateEntry("test", certificate);
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
