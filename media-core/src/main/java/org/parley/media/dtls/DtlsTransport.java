package org.parley.media.dtls;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

import io.netty.buffer.ByteBuf;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DTLS 1.2 server side of one DTLS-SRTP association (RFC 5764), as used by WebRTC: our SDP answer says
 * {@code a=setup:passive}, so the browser connects to us.
 *
 * <p>Bouncy Castle's DTLS API blocks, so the handshake and then a read loop run on one thread of the
 * {@code handshakeExecutor} for the whole life of the association (a virtual-thread-per-task executor fits well).
 * The event loop only {@linkplain #receive hands over} datagrams, which are copied into a bounded queue. Records to
 * the peer go out through the {@link DatagramSender} on the handshake thread.
 *
 * <p>The handshake requires a client certificate whose fingerprint equals the one from the peer's SDP
 * ({@link #setRemoteFingerprint}, RFC 8842 §5) and negotiates {@code use_srtp}; the outcome is reported once to the
 * {@link DtlsListener}. After the handshake, incoming application data is read and ignored (there is no SCTP data
 * channel yet) only to notice close_notify or a fatal alert, which ends the association.
 *
 * <p>Lifecycle: construct, {@link #setRemoteFingerprint}, {@link #start()}, feed {@link #receive}, {@link #close()}.
 */
public final class DtlsTransport {

    /** How long the peer has to complete the handshake, counted from {@link #start()}. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(DtlsTransport.class);

    // A flight is a handful of datagrams; more than this queued means the handshake thread is far behind.
    private static final int RECEIVE_QUEUE_CAPACITY = 64;
    // One wait of the read loop; close() and incoming datagrams wake it earlier.
    private static final int READ_LOOP_WAIT_MILLIS = 60_000;
    private static final String CLOSED_LOCALLY = "DTLS: closed locally";

    private final Executor handshakeExecutor;
    private final DtlsListener listener;
    private final long handshakeTimeoutNanos;
    private final QueuedDatagramTransport datagrams;
    private final SrtpDtlsServer server;

    private final Object lifecycleLock = new Object();
    private boolean started;                 // guarded by lifecycleLock
    private volatile boolean closeRequested; // written under lifecycleLock
    private volatile boolean connected;
    private final AtomicBoolean closedReported = new AtomicBoolean();

    /** Creates a transport with the {@linkplain #DEFAULT_HANDSHAKE_TIMEOUT default handshake timeout}. */
    public DtlsTransport(DtlsCertificate certificate, Executor handshakeExecutor, DatagramSender sender,
                         DtlsListener listener, int[] srtpProfilesByPreference) {
        this(certificate, handshakeExecutor, sender, listener, srtpProfilesByPreference, DEFAULT_HANDSHAKE_TIMEOUT);
    }

    /**
     * @param certificate              our certificate, whose fingerprint our SDP announces
     * @param handshakeExecutor        runs the blocking handshake and read loop, one task per transport for its
     *                                 whole life; it must run tasks on another thread than the caller's
     * @param sender                   sends our records to the peer
     * @param listener                 told about the handshake outcome and the end of the association
     * @param srtpProfilesByPreference RFC 5764 protection profile ids, most preferred first, e.g.
     *                                 {@code {0x0007, 0x0001}} (AEAD_AES_128_GCM, then AES_CM_128_HMAC_SHA1_80)
     * @param handshakeTimeout         how long the peer has to complete the handshake after {@link #start()}
     * @throws IllegalArgumentException if no profile is given, a profile is not supported, or the timeout is not
     *                                  positive
     */
    public DtlsTransport(DtlsCertificate certificate, Executor handshakeExecutor, DatagramSender sender,
                         DtlsListener listener, int[] srtpProfilesByPreference, Duration handshakeTimeout) {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(sender, "sender");
        this.handshakeExecutor = Objects.requireNonNull(handshakeExecutor, "handshakeExecutor");
        this.listener = Objects.requireNonNull(listener, "listener");
        if (srtpProfilesByPreference.length == 0) {
            throw new IllegalArgumentException("at least one SRTP protection profile is required");
        }
        for (int profile : srtpProfilesByPreference) {
            if (SrtpProtectionProfiles.keyingMaterialLength(profile) < 0) {
                throw new IllegalArgumentException("unsupported SRTP protection profile 0x"
                        + Integer.toHexString(profile));
            }
        }
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("handshake timeout must be positive: " + handshakeTimeout);
        }
        this.handshakeTimeoutNanos = handshakeTimeout.toNanos();
        this.datagrams = new QueuedDatagramTransport(sender, RECEIVE_QUEUE_CAPACITY, handshakeTimeoutNanos);
        // After the peer's close_notify Bouncy Castle answers with ours and only then closes the transport; if that
        // answer cannot be sent (the peer is gone), it swallows the error and leaves the transport open, so the read
        // loop would wait forever. Closing the receive side as soon as the alert arrives ends the loop regardless.
        this.server = new SrtpDtlsServer(new BcTlsCrypto(), certificate, srtpProfilesByPreference.clone(),
                datagrams::close);
    }

    /**
     * Sets the peer's certificate fingerprint from its SDP {@code a=fingerprint} attribute (RFC 8122 §5), e.g.
     * {@code ("sha-256", "AB:CD:...")}. sha-1, sha-256, sha-384 and sha-512 are supported; with any other algorithm
     * or a malformed fingerprint the handshake fails with a fingerprint mismatch. May be called before or after
     * {@link #start()}, as long as it is before the peer's certificate arrives.
     */
    public void setRemoteFingerprint(String algorithm, String fingerprint) {
        server.setRemoteFingerprint(Objects.requireNonNull(algorithm, "algorithm"),
                Objects.requireNonNull(fingerprint, "fingerprint"));
    }

    /**
     * Starts accepting the peer's handshake on the executor and starts the handshake timeout. Does not block.
     * Does nothing if already started or closed.
     */
    public void start() {
        synchronized (lifecycleLock) {
            if (started || closeRequested) {
                return;
            }
            started = true;
        }
        datagrams.restartHandshakeDeadline(handshakeTimeoutNanos);
        try {
            handshakeExecutor.execute(this::run);
        } catch (RejectedExecutionException e) {
            datagrams.close();
            reportClosed("DTLS: handshake executor rejected the transport");
        }
    }

    /**
     * Hands over one incoming DTLS datagram (RFC 7983: first byte 20..63). Copies its readable bytes and leaves the
     * buffer untouched: the caller keeps ownership and releases it. Never blocks and never throws; a datagram that
     * arrives while the queue is full, or after close, is dropped and counted in {@link #droppedDatagrams()}.
     * Garbage is harmless: the DTLS record layer discards records it cannot parse or authenticate.
     */
    public void receive(ByteBuf datagram) {
        try {
            datagrams.offer(datagram);
        } catch (RuntimeException e) {
            // e.g. a buffer released by mistake; one lost datagram is recovered by DTLS retransmission
            datagrams.countDrop();
            log.debug("dropped an unreadable DTLS datagram", e);
        }
    }

    /** Datagrams {@linkplain #receive dropped} because the queue was full or closed, or they were malformed. */
    public long droppedDatagrams() {
        return datagrams.droppedDatagrams();
    }

    /** Whether the handshake completed and the association has not ended yet. */
    public boolean isConnected() {
        return connected;
    }

    /**
     * Ends the association: sends close_notify if connected (from the handshake thread), aborts a handshake in
     * progress, lets the handshake thread finish and reports {@link DtlsListener#onClosed} unless something else
     * ended the association first. Does not block. Idempotent.
     */
    public void close() {
        boolean wasStarted;
        synchronized (lifecycleLock) {
            if (closeRequested) {
                return;
            }
            closeRequested = true;
            wasStarted = started;
        }
        datagrams.close(); // wakes the handshake thread, which does the rest
        if (!wasStarted) {
            reportClosed(CLOSED_LOCALLY);
        }
    }

    private void run() {
        DTLSTransport dtls;
        try {
            DTLSServerProtocol protocol = new DTLSServerProtocol();
            // RFC 6347 §4.2.1 cookies prove the client's address; ICE connectivity checks already did.
            protocol.setVerifyRequests(false);
            dtls = protocol.accept(server, datagrams);
        } catch (IOException | RuntimeException e) {
            datagrams.close();
            String reason = handshakeFailureReason(e);
            log.debug("{}", reason, e);
            reportClosed(reason);
            return;
        }
        datagrams.handshakeFinished();

        byte[] keyingMaterial = server.srtpKeyingMaterial();
        if (closeRequested) {
            closeQuietly(dtls);
            reportClosed(CLOSED_LOCALLY);
            return;
        }
        connected = true;
        try {
            listener.onHandshakeComplete(server.selectedSrtpProfile(), keyingMaterial);
        } catch (RuntimeException e) {
            log.warn("DTLS listener failed in onHandshakeComplete", e);
        }
        reportClosed(readUntilClosed(dtls));
    }

    /** Reads and discards application data until either side ends the association; returns why it ended. */
    private String readUntilClosed(DTLSTransport dtls) {
        byte[] buffer = new byte[QueuedDatagramTransport.RECEIVE_LIMIT];
        String reason;
        try {
            // Ends with an exception: our close(), a fatal alert, or the receive side closed on the peer's
            // close_notify (which the record layer answers with our own, RFC 5246 §7.2.1).
            while (true) {
                dtls.receive(buffer, 0, buffer.length, READ_LOOP_WAIT_MILLIS);
            }
        } catch (IOException | RuntimeException e) {
            String peerReason = server.peerCloseReason();
            reason = closeRequested ? CLOSED_LOCALLY
                    : peerReason != null ? peerReason
                    : "DTLS: receive failed: " + e.getMessage();
        }
        connected = false;
        // Sends close_notify after a local close; a no-op once the record layer closed or failed.
        closeQuietly(dtls);
        return reason;
    }

    private String handshakeFailureReason(Exception e) {
        if (closeRequested) {
            return CLOSED_LOCALLY;
        }
        if (datagrams.handshakeTimedOut()) {
            return "DTLS: handshake timeout";
        }
        String ours = server.failureReason();
        if (ours != null) {
            return ours;
        }
        String peers = server.peerCloseReason();
        if (peers != null) {
            return peers;
        }
        return "DTLS: handshake failed: " + e.getMessage();
    }

    private void closeQuietly(DTLSTransport dtls) {
        try {
            dtls.close();
        } catch (IOException | RuntimeException e) {
            log.debug("DTLS close failed", e);
        }
        datagrams.close();
    }

    private void reportClosed(String reason) {
        if (closedReported.compareAndSet(false, true)) {
            try {
                listener.onClosed(reason);
            } catch (RuntimeException e) {
                log.warn("DTLS listener failed in onClosed", e);
            }
        }
    }
}
