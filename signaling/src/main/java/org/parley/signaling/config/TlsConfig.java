package org.parley.signaling.config;

import java.nio.file.Path;
import java.util.Objects;

/** Where the HTTP port's certificate comes from ({@code http.tls} or {@code --self-signed HOST}). */
public sealed interface TlsConfig {

    /**
     * PEM files ({@code http.tls.certificate}, {@code http.tls.privateKey}), re-read when they change.
     *
     * @param certificate the certificate chain, the server's own certificate first
     * @param privateKey  its unencrypted private key: PKCS#8, or PKCS#1 (RSA) / SEC 1 (EC)
     */
    record PemFiles(Path certificate, Path privateKey) implements TlsConfig {
        public PemFiles {
            Objects.requireNonNull(certificate, "certificate");
            Objects.requireNonNull(privateKey, "privateKey");
        }
    }

    /**
     * A certificate Parley makes for {@code hostName} (for trials; browsers do not trust it), kept in
     * the store's directory so that it, and its SPKI hash, survive restarts.
     */
    record SelfSigned(String hostName) implements TlsConfig {
        public SelfSigned {
            Objects.requireNonNull(hostName, "hostName");
        }
    }
}
