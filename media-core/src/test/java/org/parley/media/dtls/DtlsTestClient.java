package org.parley.media.dtls;

import java.io.IOException;
import java.net.DatagramSocket;
import java.util.Hashtable;
import java.util.Objects;

import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.DatagramTransport;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsExtensionsUtils;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.UDPTransport;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * A DTLS-SRTP client for tests, behaving like a browser towards a {@link DtlsTransport}: DTLS 1.2, ECDHE-ECDSA with
 * AES-128-GCM, extended master secret, its own self-signed certificate, {@code use_srtp} with the given profiles, and
 * a check of the server certificate against the fingerprint from the server's SDP.
 *
 * <p>{@link #connect} blocks, so call it from a thread of its own. Connect it in-process through an
 * {@link InMemoryDatagramPipe}, or to a real server through {@link #overUdp(DatagramSocket)}.
 */
public final class DtlsTestClient {

    /** Datagram size limit, as libwebrtc uses. */
    public static final int MTU = 1200;

    private static final int HANDSHAKE_TIMEOUT_MILLIS = 10_000;

    private final DtlsCertificate certificate;
    private final int[] srtpProfiles;

    /** A client with a freshly generated certificate offering {@code srtpProfiles} in this order. */
    public DtlsTestClient(int... srtpProfiles) {
        this(DtlsCertificate.generate(), srtpProfiles);
    }

    public DtlsTestClient(DtlsCertificate certificate, int... srtpProfiles) {
        this.certificate = Objects.requireNonNull(certificate, "certificate");
        this.srtpProfiles = srtpProfiles.clone();
    }

    /** The certificate the client presents; put its fingerprint into the server's remote fingerprint. */
    public DtlsCertificate certificate() {
        return certificate;
    }

    /** A transport over a UDP socket that is {@linkplain DatagramSocket#connect connected} to the server. */
    public static DatagramTransport overUdp(DatagramSocket connectedSocket) throws IOException {
        return new UDPTransport(connectedSocket, MTU);
    }

    /**
     * Runs the handshake over {@code transport} and exports the SRTP keying material.
     *
     * @param expectedServerFingerprint the server's sha-256 fingerprint from its SDP, or {@code null} to accept any
     *                                  server certificate
     * @throws IOException if the handshake fails, times out (10 s) or the server's fingerprint does not match
     */
    public Session connect(DatagramTransport transport, String expectedServerFingerprint) throws IOException {
        SrtpTlsClient client = new SrtpTlsClient(new BcTlsCrypto(), expectedServerFingerprint);
        DTLSTransport dtls = new DTLSClientProtocol().connect(client, transport);
        return new Session(client.selectedSrtpProfile, client.srtpKeyingMaterial, dtls, client);
    }

    /** An established client association. */
    public static final class Session implements AutoCloseable {

        private final int srtpProtectionProfile;
        private final byte[] keyingMaterial;
        private final DTLSTransport transport;
        private final SrtpTlsClient client;

        private Session(int srtpProtectionProfile, byte[] keyingMaterial, DTLSTransport transport,
                        SrtpTlsClient client) {
            this.srtpProtectionProfile = srtpProtectionProfile;
            this.keyingMaterial = keyingMaterial;
            this.transport = transport;
            this.client = client;
        }

        /**
         * Reads (and drops) what the server sends until it sends close_notify, for at most {@code attempts} waits of
         * one second each. Returns whether close_notify arrived.
         */
        public boolean awaitCloseNotify(int attempts) {
            byte[] buffer = new byte[MTU];
            for (int i = 0; i < attempts && !client.closeNotifyReceived; i++) {
                try {
                    transport.receive(buffer, 0, buffer.length, 1_000);
                } catch (IOException e) {
                    break;
                }
            }
            return client.closeNotifyReceived;
        }

        public int srtpProtectionProfile() {
            return srtpProtectionProfile;
        }

        /** RFC 5764 §4.2 keying material: client key, server key, client salt, server salt; a copy. */
        public byte[] keyingMaterial() {
            return keyingMaterial.clone();
        }

        /** The DTLS connection, e.g. to wait for the server's close_notify with {@code receive}. */
        public DTLSTransport transport() {
            return transport;
        }

        /** Sends close_notify. */
        @Override
        public void close() throws IOException {
            transport.close();
        }
    }

    private final class SrtpTlsClient extends DefaultTlsClient {

        private final BcTlsCrypto crypto;
        private final String expectedServerFingerprint;
        private int selectedSrtpProfile = -1;
        private byte[] srtpKeyingMaterial;
        private volatile boolean closeNotifyReceived;

        SrtpTlsClient(BcTlsCrypto crypto, String expectedServerFingerprint) {
            super(crypto);
            this.crypto = crypto;
            this.expectedServerFingerprint = expectedServerFingerprint;
        }

        // Bouncy Castle allows exporting keying material only from here.
        @Override
        public void notifyHandshakeComplete() throws IOException {
            super.notifyHandshakeComplete();
            srtpKeyingMaterial = DtlsSrtpPolicy.exportSrtpKeyingMaterial(context, selectedSrtpProfile);
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return DtlsSrtpPolicy.supportedVersions();
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return DtlsSrtpPolicy.supportedCipherSuites(getCrypto());
        }

        @Override
        public boolean requiresExtendedMasterSecret() {
            return true;
        }

        @Override
        public int getHandshakeTimeoutMillis() {
            return HANDSHAKE_TIMEOUT_MILLIS;
        }

        @Override
        public Hashtable getClientExtensions() throws IOException {
            Hashtable extensions = TlsExtensionsUtils.ensureExtensionsInitialised(super.getClientExtensions());
            TlsSRTPUtils.addUseSRTPExtension(extensions, DtlsSrtpPolicy.useSrtp(srtpProfiles));
            return extensions;
        }

        @Override
        public void processServerExtensions(Hashtable serverExtensions) throws IOException {
            super.processServerExtensions(serverExtensions);
            UseSRTPData selected = TlsSRTPUtils.getUseSRTPExtension(serverExtensions);
            // RFC 5764 §4.1.1: exactly one of the offered profiles.
            if (selected == null || selected.getProtectionProfiles().length != 1
                    || SrtpProtectionProfiles.select(srtpProfiles, selected.getProtectionProfiles()) < 0) {
                throw new TlsFatalAlert(AlertDescription.illegal_parameter, "bad use_srtp answer");
            }
            selectedSrtpProfile = selected.getProtectionProfiles()[0];
        }

        @Override
        public void notifyAlertReceived(short alertLevel, short alertDescription) {
            if (alertDescription == AlertDescription.close_notify) {
                closeNotifyReceived = true;
            }
        }

        @Override
        public TlsAuthentication getAuthentication() {
            return new TlsAuthentication() {
                @Override
                public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                    byte[] der = serverCertificate.getCertificate().getCertificateAt(0).getEncoded();
                    if (expectedServerFingerprint != null && !CertificateFingerprint.matches(
                            CertificateFingerprint.SHA_256, expectedServerFingerprint, der)) {
                        throw new TlsFatalAlert(AlertDescription.bad_certificate, "server fingerprint mismatch");
                    }
                }

                @Override
                public TlsCredentials getClientCredentials(CertificateRequest certificateRequest)
                        throws IOException {
                    return DtlsSrtpPolicy.signer(context, crypto, certificate);
                }
            };
        }
    }
}
