package org.parley.media.dtls;

import java.io.IOException;

import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCrypto;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * What both ends of a WebRTC DTLS-SRTP association are configured with: DTLS 1.2, ECDHE-ECDSA with AES-128-GCM, an
 * ECDSA P-256 signer over a {@link DtlsCertificate}, the {@code use_srtp} extension data and the SRTP key export.
 * {@link SrtpDtlsServer} uses it, and so does the test client in this package, so that the two cannot drift apart.
 */
final class DtlsSrtpPolicy {

    private static final int[] CIPHER_SUITES = {CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256};
    // Our key is on P-256, so this is the one signature scheme that fits it.
    private static final SignatureAndHashAlgorithm ECDSA_SHA256 =
            SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa);

    private DtlsSrtpPolicy() {
    }

    /** DTLS 1.2 only; a new array per call, as Bouncy Castle may keep it. */
    static ProtocolVersion[] supportedVersions() {
        return ProtocolVersion.DTLSv12.only();
    }

    /** TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, if {@code crypto} supports it. */
    static int[] supportedCipherSuites(TlsCrypto crypto) {
        return TlsUtils.getSupportedCipherSuites(crypto, CIPHER_SUITES);
    }

    /** Signs our side of the handshake with the certificate's key. */
    static TlsCredentialedSigner signer(TlsContext context, BcTlsCrypto crypto, DtlsCertificate certificate)
            throws IOException {
        return new BcDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto,
                certificate.privateKey(), certificate.toTlsChain(crypto), ECDSA_SHA256);
    }

    /** RFC 5764 §4.1.1 {@code use_srtp} data for {@code profiles}, with an empty srtp_mki as we use no MKI. */
    static UseSRTPData useSrtp(int... profiles) {
        return new UseSRTPData(profiles, TlsUtils.EMPTY_BYTES);
    }

    /**
     * RFC 5764 §4.2 keying material for the negotiated {@code profile}. Bouncy Castle allows exporting it only from
     * {@code notifyHandshakeComplete}.
     */
    static byte[] exportSrtpKeyingMaterial(TlsContext context, int profile) {
        int length = SrtpProtectionProfiles.keyingMaterialLength(profile);
        return context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null, length);
    }
}
