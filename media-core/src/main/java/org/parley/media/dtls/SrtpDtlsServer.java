package org.parley.media.dtls;

import java.io.IOException;
import java.util.Hashtable;
import java.util.Vector;

import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.AlertLevel;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * The Bouncy Castle {@link org.bouncycastle.tls.TlsServer} policy of a WebRTC DTLS-SRTP server: DTLS 1.2 only,
 * ECDHE-ECDSA with AES-128-GCM, extended master secret, a mandatory client certificate that must match the peer's SDP
 * fingerprint, and {@code use_srtp}.
 *
 * <p>Instances serve one handshake and are used by the handshake thread only, except for the volatile outcome fields.
 */
final class SrtpDtlsServer extends DefaultTlsServer {

    private final BcTlsCrypto crypto;
    private final DtlsCertificate certificate;
    private final int[] srtpProfilesByPreference;
    private final Runnable peerClosedHandler;
    // Set from signaling, read by the handshake thread; one reference so that the pair never tears.
    private volatile RemoteFingerprint remoteFingerprint;

    private int selectedSrtpProfile = -1;
    private byte[] srtpKeyingMaterial;
    // Why the handshake or the association failed on our side or the peer's, for the listener.
    private volatile String failureReason;
    private volatile String peerCloseReason;

    /**
     * @param peerClosedHandler run on the handshake thread when the peer sends close_notify or a fatal alert, before
     *                          Bouncy Castle answers it
     */
    SrtpDtlsServer(BcTlsCrypto crypto, DtlsCertificate certificate, int[] srtpProfilesByPreference,
                   Runnable peerClosedHandler) {
        super(crypto);
        this.crypto = crypto;
        this.certificate = certificate;
        this.srtpProfilesByPreference = srtpProfilesByPreference;
        this.peerClosedHandler = peerClosedHandler;
    }

    void setRemoteFingerprint(String algorithm, String fingerprint) {
        remoteFingerprint = new RemoteFingerprint(algorithm, fingerprint);
    }

    int selectedSrtpProfile() {
        return selectedSrtpProfile;
    }

    /** RFC 5764 §4.2 keying material for the selected profile, or {@code null} before the handshake completed. */
    byte[] srtpKeyingMaterial() {
        return srtpKeyingMaterial;
    }

    /** Why we aborted the handshake, or {@code null} if we did not (then the cause is in the exception). */
    String failureReason() {
        return failureReason;
    }

    /** Set once the peer sent close_notify or a fatal alert. */
    String peerCloseReason() {
        return peerCloseReason;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return DtlsSrtpPolicy.supportedVersions();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return DtlsSrtpPolicy.supportedCipherSuites(getCrypto());
    }

    // RFC 7627: without it an attacker can synchronise two sessions' master secrets, and so SRTP keys.
    @Override
    public boolean requiresExtendedMasterSecret() {
        return true;
    }

    @Override
    public void processClientExtensions(Hashtable clientExtensions) throws IOException {
        super.processClientExtensions(clientExtensions);
        // RFC 5764 §4.1.1: the server picks one profile among the client's; we go by our own preference.
        UseSRTPData offered = TlsSRTPUtils.getUseSRTPExtension(clientExtensions);
        int selected = offered == null ? -1 : SrtpProtectionProfiles.select(srtpProfilesByPreference,
                offered.getProtectionProfiles());
        if (selected < 0) {
            failureReason = "DTLS: peer offered no supported SRTP protection profile";
            throw new TlsFatalAlert(AlertDescription.handshake_failure, failureReason);
        }
        selectedSrtpProfile = selected;
    }

    @Override
    public Hashtable getServerExtensions() throws IOException {
        Hashtable serverExtensions = super.getServerExtensions();
        // RFC 5764 §4.1.1: exactly one profile.
        TlsSRTPUtils.addUseSRTPExtension(serverExtensions, DtlsSrtpPolicy.useSrtp(selectedSrtpProfile));
        return serverExtensions;
    }

    @Override
    protected TlsCredentialedSigner getECDSASignerCredentials() throws IOException {
        return DtlsSrtpPolicy.signer(context, crypto, certificate);
    }

    // RFC 5763 §5 / RFC 8842 §5: the client must present the certificate whose fingerprint its SDP announced.
    @Override
    public CertificateRequest getCertificateRequest() {
        Vector signatureAlgorithms = TlsUtils.getDefaultSupportedSignatureAlgorithms(context);
        return new CertificateRequest(
                new short[] {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign},
                signatureAlgorithms, null);
    }

    /**
     * Called before the client's CertificateVerify is checked; Bouncy Castle then verifies that the client owns the
     * key of this certificate. The chain is self-signed, so the fingerprint is the whole trust decision.
     */
    @Override
    public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
        if (clientCertificate == null || clientCertificate.isEmpty()) {
            failureReason = "DTLS: peer sent no certificate";
            throw new TlsFatalAlert(AlertDescription.handshake_failure, failureReason);
        }
        RemoteFingerprint expected = remoteFingerprint;
        if (expected == null) {
            failureReason = "DTLS: no remote fingerprint to verify the peer certificate against";
            throw new TlsFatalAlert(AlertDescription.bad_certificate, failureReason);
        }
        byte[] der = clientCertificate.getCertificateAt(0).getEncoded();
        if (!CertificateFingerprint.matches(expected.algorithm(), expected.fingerprint(), der)) {
            failureReason = "DTLS: peer certificate fingerprint mismatch";
            throw new TlsFatalAlert(AlertDescription.bad_certificate, failureReason);
        }
    }

    // Bouncy Castle allows exporting keying material only from here.
    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        srtpKeyingMaterial = DtlsSrtpPolicy.exportSrtpKeyingMaterial(context, selectedSrtpProfile);
    }

    @Override
    public void notifyAlertReceived(short alertLevel, short alertDescription) {
        if (alertDescription == AlertDescription.close_notify) {
            peerCloseReason = "DTLS: peer sent close_notify";
        } else if (alertLevel == AlertLevel.fatal) {
            peerCloseReason = "DTLS: peer sent fatal alert " + AlertDescription.getText(alertDescription);
        } else {
            return; // a warning alert does not end the association
        }
        peerClosedHandler.run();
    }

    @Override
    public void notifyConnectionClosed() {
        if (peerCloseReason == null) {
            peerCloseReason = "DTLS: connection closed";
        }
    }

    private record RemoteFingerprint(String algorithm, String fingerprint) {
    }
}
