package org.parley.signaling.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * A server certificate chain and its private key, read from PEM files (RFC 7468) and checked to
 * belong together. Keys are read with Bouncy Castle's PEM parser but converted by the JDK's own key
 * factories, so the JDK TLS provider uses them as they are.
 *
 * @param chain      the server's certificate first, then any intermediates
 * @param privateKey the key of {@code chain.get(0)}
 */
public record CertificateKeyPair(List<X509Certificate> chain, PrivateKey privateKey) {

    /** JDK key factory algorithm of each key type the JDK TLS provider can serve with. */
    private static final Map<ASN1ObjectIdentifier, String> KEY_FACTORIES = Map.of(
            PKCSObjectIdentifiers.rsaEncryption, "RSA",
            PKCSObjectIdentifiers.id_RSASSA_PSS, "RSASSA-PSS",
            X9ObjectIdentifiers.id_ecPublicKey, "EC",
            EdECObjectIdentifiers.id_Ed25519, "Ed25519",
            EdECObjectIdentifiers.id_Ed448, "Ed448");

    public CertificateKeyPair {
        chain = List.copyOf(chain);
    }

    /** Reads both files and checks that the key is the certificate's. */
    public static CertificateKeyPair read(Path certificate, Path privateKey) throws TlsMaterialException {
        List<X509Certificate> chain = readChain(certificate);
        PrivateKey key = readPrivateKey(privateKey);
        checkMatch(chain.getFirst(), key, certificate, privateKey);
        return new CertificateKeyPair(chain, key);
    }

    /** Every {@code CERTIFICATE} block of {@code file}, in order; at least one. */
    public static List<X509Certificate> readChain(Path file) throws TlsMaterialException {
        List<X509Certificate> chain = new ArrayList<>();
        try (PEMParser parser = new PEMParser(reader(file))) {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                if (object instanceof X509CertificateHolder holder) {
                    chain.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(holder.getEncoded())));
                }
            }
        } catch (IOException | CertificateException | RuntimeException e) {
            throw new TlsMaterialException(file + ": not a PEM certificate file: " + e.getMessage(), e);
        }
        if (chain.isEmpty()) {
            throw new TlsMaterialException(file + ": no \"BEGIN CERTIFICATE\" block");
        }
        return chain;
    }

    /** The one private key of {@code file}: PKCS#8 {@code PRIVATE KEY}, or {@code RSA}/{@code EC PRIVATE KEY}. */
    public static PrivateKey readPrivateKey(Path file) throws TlsMaterialException {
        PrivateKeyInfo info = null;
        try (PEMParser parser = new PEMParser(reader(file))) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                PrivateKeyInfo found = switch (object) {
                    case PrivateKeyInfo pkcs8 -> pkcs8;
                    case PEMKeyPair traditional -> traditional.getPrivateKeyInfo();
                    case PEMEncryptedKeyPair ignored -> throw new TlsMaterialException(file
                            + ": the private key is encrypted; give an unencrypted key (e.g. `openssl pkey -in KEY -out KEY.plain`)"
                            + " readable only by Parley's user");
                    case PKCS8EncryptedPrivateKeyInfo ignored -> throw new TlsMaterialException(file
                            + ": the private key is encrypted; give an unencrypted key (e.g. `openssl pkey -in KEY -out KEY.plain`)"
                            + " readable only by Parley's user");
                    default -> null; // e.g. EC PARAMETERS before an EC PRIVATE KEY
                };
                if (found != null) {
                    if (info != null) {
                        throw new TlsMaterialException(file + ": more than one private key");
                    }
                    info = found;
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new TlsMaterialException(file + ": not a PEM private key file: " + e.getMessage(), e);
        }
        if (info == null) {
            throw new TlsMaterialException(file + ": no \"BEGIN PRIVATE KEY\" block");
        }
        ASN1ObjectIdentifier type = info.getPrivateKeyAlgorithm().getAlgorithm();
        String algorithm = KEY_FACTORIES.get(type);
        if (algorithm == null) {
            throw new TlsMaterialException(file + ": unsupported key type " + type + " (use RSA, EC, Ed25519 or Ed448)");
        }
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
        } catch (IOException | GeneralSecurityException e) {
            throw new TlsMaterialException(file + ": unusable " + algorithm + " key: " + e.getMessage(), e);
        }
    }

    /**
     * Fails unless {@code key} signs what {@code certificate}'s public key verifies: a mismatched pair
     * would otherwise show only as every client's handshake failing.
     */
    static void checkMatch(X509Certificate certificate, PrivateKey key, Path certificateFile, Path keyFile)
            throws TlsMaterialException {
        String keyType = certificate.getPublicKey().getAlgorithm();
        if (!keyType.equals(key.getAlgorithm())) {
            throw new TlsMaterialException(keyFile + ": a " + key.getAlgorithm() + " key, but the certificate in "
                    + certificateFile + " has a " + keyType + " key");
        }
        String signatureAlgorithm = switch (keyType) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "EdDSA" -> "EdDSA";
            default -> null; // RSASSA-PSS: its parameters decide; the handshake itself will tell
        };
        if (signatureAlgorithm == null) {
            return;
        }
        try {
            byte[] probe = "parley certificate/key match".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(signatureAlgorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(signatureAlgorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            if (verifier.verify(signature)) {
                return;
            }
        } catch (GeneralSecurityException e) {
            // a key of the wrong curve or size: reported below
        }
        throw new TlsMaterialException(keyFile + ": this private key does not belong to the certificate in "
                + certificateFile + " (" + certificate.getSubjectX500Principal() + ")");
    }

    /**
     * The base64 SHA-256 hash of the server certificate's SubjectPublicKeyInfo: what Chromium's
     * {@code --ignore-certificate-errors-spki-list} and HPKP-style pins (RFC 7469 §2.4) name.
     */
    public String spkiSha256() {
        return spkiSha256(chain.getFirst());
    }

    public static String spkiSha256(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getPublicKey().getEncoded());
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is a required JDK algorithm", e);
        }
    }

    private static Reader reader(Path file) throws IOException {
        // PEM is ASCII; Latin-1 never fails on a stray byte in a comment line.
        return Files.newBufferedReader(file, StandardCharsets.ISO_8859_1);
    }
}
