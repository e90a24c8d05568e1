package org.parley.signaling.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.parley.signaling.files.PrivateFiles;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Makes a self-signed server certificate for trials ({@code --self-signed HOST}) and tests: the host
 * names go in the subjectAltName (RFC 6125 §6.4: browsers match only there), and the certificate
 * and its PKCS#8 key are written as PEM files Parley then serves like any others.
 */
public final class SelfSignedCertificate {

    /** A DNS name (RFC 1123 labels) or an IPv4/IPv6 literal. */
    private static final Pattern HOST_NAME = Pattern.compile(
            "(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?");
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    /** Renewed this long before it expires. */
    private static final Duration RENEW_BEFORE = Duration.ofDays(7);

    /** The key types a certificate can be made with. */
    public enum KeyType {
        /** ECDSA on P-256 (RFC 8422 secp256r1): fast handshakes, the default. */
        EC,
        /** RSA 2048. */
        RSA
    }

    private SelfSignedCertificate() {
    }

    /** Whether {@code name} can be a certificate's host name (DNS name or IP literal). */
    public static boolean isHostName(String name) {
        return HOST_NAME.matcher(name).matches() || isIpLiteral(name);
    }

    /**
     * The PEM files of the self-signed certificate for {@code hostName} in {@code directory}: the ones
     * already there if they are valid for it for another week, else a new pair (so a tester's SPKI
     * hash stays valid across restarts).
     *
     * @return {certificate file, private key file}
     */
    public static Path[] ensure(Path directory, String hostName, Instant now) throws TlsMaterialException {
        String base = "self-signed-" + hostName.toLowerCase(Locale.ROOT).replace(':', '_');
        Path certificate = directory.resolve(base + "-certificate.pem");
        Path privateKey = directory.resolve(base + "-private-key.pem");
        if (Files.isRegularFile(certificate) && Files.isRegularFile(privateKey)) {
            try {
                CertificateKeyPair existing = CertificateKeyPair.read(certificate, privateKey);
                X509Certificate leaf = existing.chain().getFirst();
                if (leaf.getNotAfter().toInstant().isAfter(now.plus(RENEW_BEFORE)) && names(leaf).contains(hostName)) {
                    return new Path[] {certificate, privateKey};
                }
            } catch (TlsMaterialException e) {
                // unreadable: made anew below
            }
        }
        write(create(List.of(hostName), KeyType.EC, now, Duration.ofDays(365)), certificate, privateKey);
        return new Path[] {certificate, privateKey};
    }

    /** A new key pair and a certificate valid from an hour before {@code now} for {@code validity}. */
    public static CertificateKeyPair create(List<String> hostNames, KeyType keyType, Instant now, Duration validity) {
        if (hostNames.isEmpty()) {
            throw new IllegalArgumentException("at least one host name");
        }
        try {
            KeyPair keys = newKeyPair(keyType);
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.O, "Parley self-signed")
                    .addRDN(BCStyle.CN, hostNames.getFirst())
                    .build();
            SecureRandom random = new SecureRandom();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(127, random).add(BigInteger.ONE), // positive, at most 20 octets (RFC 5280 §4.1.2.2)
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(validity)), subject, keys.getPublic());
            List<GeneralName> names = new ArrayList<>();
            for (String name : hostNames) {
                names.add(isIpLiteral(name) ? new GeneralName(GeneralName.iPAddress, name)
                        : new GeneralName(GeneralName.dNSName, name));
            }
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(GeneralName[]::new)));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            String signature = keyType == KeyType.EC ? "SHA256withECDSA" : "SHA256withRSA";
            byte[] der = builder.build(new JcaContentSignerBuilder(signature).build(keys.getPrivate())).getEncoded();
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
            return new CertificateKeyPair(List.of(certificate), keys.getPrivate());
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot make a self-signed certificate: " + e.getMessage(), e);
        }
    }

    /**
     * Writes the chain ({@code CERTIFICATE} blocks) and the PKCS#8 key ({@code PRIVATE KEY}, owner-only
     * where the file system has POSIX permissions). Each file is written beside its final name and
     * moved into place, so a server re-reading them never sees half a file.
     */
    public static void write(CertificateKeyPair pair, Path certificate, Path privateKey) throws TlsMaterialException {
        StringBuilder chain = new StringBuilder();
        try {
            for (X509Certificate link : pair.chain()) {
                chain.append(pem("CERTIFICATE", link.getEncoded()));
            }
        } catch (CertificateEncodingException e) {
            throw new TlsMaterialException("cannot encode the certificate: " + e.getMessage(), e);
        }
        try {
            Path parent = certificate.toAbsolutePath().getParent();
            PrivateFiles.directory(parent);
            replace(certificate, chain.toString(), false);
            replace(privateKey, pem("PRIVATE KEY", pair.privateKey().getEncoded()), true);
        } catch (IOException | UncheckedIOException e) {
            throw new TlsMaterialException("cannot write " + certificate + " and " + privateKey + ": " + e.getMessage(), e);
        }
    }

    private static void replace(Path file, String text, boolean secret) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        Files.createFile(temporary);
        if (secret && temporary.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
        }
        Files.writeString(temporary, text, StandardCharsets.US_ASCII);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** RFC 7468 §2: base64 in lines of 64 characters between the labels. */
    public static String pem(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }

    /** The DNS names and IP addresses of {@code certificate}'s subjectAltName. */
    public static List<String> names(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        try {
            var alternatives = certificate.getSubjectAlternativeNames();
            if (alternatives != null) {
                for (List<?> entry : alternatives) {
                    int type = (Integer) entry.get(0);
                    if (type == GeneralName.dNSName || type == GeneralName.iPAddress) {
                        names.add((String) entry.get(1));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // no usable names
        }
        return names;
    }

    private static KeyPair newKeyPair(KeyType type) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(type.name());
        if (type == KeyType.EC) {
            generator.initialize(new ECGenParameterSpec("secp256r1"));
        } else {
            generator.initialize(2048);
        }
        return generator.generateKeyPair();
    }

    private static boolean isIpLiteral(String name) {
        if (!IP_LITERAL.matcher(name).matches()) {
            return false;
        }
        try {
            // Only literals reach here (digits, dots, colons), so this never asks a resolver.
            InetAddress.ofLiteral(name);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
