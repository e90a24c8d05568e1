package org.parley.media.transport;

import io.netty.buffer.ByteBuf;
import io.netty.util.collection.LongObjectHashMap;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.parley.media.MediaMetrics;
import org.parley.media.dtls.DtlsListener;
import org.parley.media.dtls.DtlsTransport;
import org.parley.media.ice.BindingOutcome;
import org.parley.media.ice.IceLiteAgent;
import org.parley.media.ice.StunMessage;
import org.parley.media.quality.QualityEstimator;
import org.parley.media.quality.QualityScore;
import org.parley.media.router.Producer;
import org.parley.media.rtp.Mid;
import org.parley.media.rtp.RtpPacket;
import org.parley.media.router.Router;
import org.parley.media.sdp.Answer;
import org.parley.media.sdp.Fingerprint;
import org.parley.media.sdp.IceCredentials;
import org.parley.media.sdp.LocalParameters;
import org.parley.media.sdp.MediaRole;
import org.parley.media.sdp.NegotiatedMedia;
import org.parley.media.sdp.SdpAnswerer;
import org.parley.media.sdp.SdpException;
import org.parley.media.sdp.SdpParser;
import org.parley.media.sdp.SessionDescription;
import org.parley.media.srtp.SrtpProfile;
import org.parley.media.srtp.SrtpResult;
import org.parley.media.srtp.SrtpTransformer;

/**
 * One participant's connection: ICE-lite, DTLS-SRTP, every m-line bundled on the shared UDP port.
 *
 * <p>A datagram arrives from the {@link DatagramDemuxHandler} and goes one way: STUN to the
 * {@link IceLiteAgent}, DTLS to the {@link DtlsTransport}, SRTP/SRTCP through the
 * {@link SrtpTransformer} to the {@link RtcpHandler} or to the {@link Producer} of its SSRC, which
 * forwards it to its consumers. All state changes run on the host's event loop.
 */
public final class WebRtcTransport {

    /** A transport that has not completed ICE and DTLS by then is closed. */
    static final long CONNECT_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final int DTLS_RECORD_HEADER_LENGTH = 13;
    /**
     * The explicit nonce and tag of the one cipher suite we accept, ECDHE-ECDSA with AES-128-GCM
     * (RFC 5288 §3: 8 + 16 bytes): no protected record is shorter.
     */
    private static final int MIN_PROTECTED_DTLS_FRAGMENT = 24;

    private final String id;
    private final TransportHost host;
    private final MediaMetrics metrics;
    private final IceLiteAgent ice;
    private final long rtcpSsrc = ThreadLocalRandom.current().nextLong(1, 0x1_0000_0000L);
    private final long createdNanos = System.nanoTime();
    private final Map<String, Long> ssrcByMid = new ConcurrentHashMap<>();
    private final Map<String, Producer> producersByMid = new ConcurrentHashMap<>();
    private final Map<String, org.parley.media.router.Consumer> consumersByMid = new ConcurrentHashMap<>();
    private final LongObjectHashMap<Producer> producersBySsrc = new LongObjectHashMap<>();
    private final LongObjectHashMap<org.parley.media.router.Consumer> consumersBySsrc = new LongObjectHashMap<>();
    private final List<Consumer<String>> closeListeners = new CopyOnWriteArrayList<>();
    private final RtcpHandler rtcp;
    /** Keeps the o= session id stable across re-offers (RFC 3264 §8). */
    private final SdpAnswerer answerer = new SdpAnswerer();

    private DtlsTransport dtls;
    private SrtpTransformer srtp;
    private volatile InetSocketAddress remote;
    /** Non-null when the selected pair is an ICE-TCP connection (then {@link #remote} is its peer). */
    private volatile FramedConnection remoteConnection;
    /** The transport's one ICE-TCP connection (RFC 6544), if it has one. Event loop only. */
    private FramedConnection connection;
    private volatile TransportState state = TransportState.NEW;
    private volatile long packetsIn;
    private volatile long bytesIn;
    private volatile long packetsOut;
    private volatile long bytesOut;
    private volatile long srtpAuthFailures;
    private volatile double rttMillis = -1;
    private volatile double inboundLossPercent = -1;
    private volatile double inboundJitterMillis = -1;
    private volatile double outboundLossPercent = -1;
    private volatile double outboundJitterMillis = -1;
    /** Reception reports the peer sent on our streams; written on the event loop only. */
    private volatile long outboundReports;
    /** The E-model score of this link, fed by every RTCP interval both ways. */
    private final QualityEstimator qualityEstimator = new QualityEstimator();

    public WebRtcTransport(String id, TransportHost host) {
        this(id, host, IceLiteAgent.create());
    }

    WebRtcTransport(String id, TransportHost host, IceLiteAgent ice) {
        this.id = id;
        this.host = host;
        this.metrics = host.metrics();
        this.ice = ice;
        this.rtcp = new RtcpHandler(this);
    }

    public String id() {
        return id;
    }

    public String iceUfrag() {
        return ice.localUfrag();
    }

    public TransportState state() {
        return state;
    }

    public io.netty.buffer.ByteBufAllocator allocator() {
        return host.allocator();
    }

    public MediaMetrics metrics() {
        return metrics;
    }

    Router router() {
        return host.router();
    }

    long rtcpSsrc() {
        return rtcpSsrc;
    }

    /**
     * Applies the peer's SDP offer and returns our answer. Every m-line the peer sends on becomes a
     * producer; every m-line it only receives on becomes a consumer (not yet connected to a producer).
     * A later offer on the same transport may add m-lines; existing ones keep their producers/consumers.
     */
    public Negotiation negotiate(String offerSdp) throws SdpException {
        return negotiate(offerSdp, true, NegotiationLimits.DEFAULTS);
    }

    /**
     * As {@link #negotiate(String)}, for a peer that may or may not publish and within {@code limits}.
     * Refused as a whole, changing nothing:
     * <ul>
     *   <li>when {@code mayPublish} is false, an offer whose answer would accept a sending m-line
     *       (including a port-0 {@code a=bundle-only} one, RFC 8843 §6.1): the decision rests on what the
     *       answer would actually create, not on a reading of the offer ({@link PublishRefusedException});</li>
     *   <li>an offer that has more m-lines than {@code limits} allow or would take the transport past its
     *       producers or consumers ({@link NegotiationLimitException}).</li>
     * </ul>
     * Offers of one transport must not run concurrently.
     */
    public Negotiation negotiate(String offerSdp, boolean mayPublish, NegotiationLimits limits) throws SdpException {
        if (state == TransportState.CLOSED) {
            throw new SdpException("transport is closed");
        }
        SessionDescription offer = SdpParser.parse(offerSdp);
        if (offer.media().size() > limits.mediaLines()) {
            throw new NegotiationLimitException(NegotiationLimits.Limit.MEDIA_LINES, "the offer has "
                    + offer.media().size() + " m-lines, more than the limit of " + limits.mediaLines());
        }
        // SSRCs of new receiving lines are kept only if the offer is admitted.
        Map<String, Long> newSsrcs = new HashMap<>();
        LocalParameters local = new LocalParameters(
                new IceCredentials(ice.localUfrag(), ice.localPassword()),
                new Fingerprint(host.certificate().fingerprintAlgorithm(), host.certificate().fingerprint()),
                host.config().announcedAddress(), host.udpPort(), host.tcpPort(), "parley-" + id,
                mid -> {
                    Long known = ssrcByMid.get(mid);
                    return known != null ? known : newSsrcs.computeIfAbsent(mid, m -> newSsrc());
                });
        Answer answer;
        synchronized (answerer) {
            answer = answerer.answer(offer, local, media -> admit(media, limits));
        }
        if (!mayPublish) {
            List<String> sending = new ArrayList<>();
            for (NegotiatedMedia media : answer.media()) {
                if (media.role() == MediaRole.PUBLISH) {
                    sending.add(media.mid());
                }
            }
            if (!sending.isEmpty()) {
                throw new PublishRefusedException(sending);
            }
        }
        ssrcByMid.putAll(newSsrcs);
        try {
            return callOnEventLoop(() -> apply(answer));
        } catch (MediaBusyException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new SdpException("cannot apply the offer: " + e.getMessage());
        }
    }

    /** Counts the lines the answer would add to those the transport has. */
    private void admit(List<NegotiatedMedia> media, NegotiationLimits limits) throws NegotiationLimitException {
        int producers = producersByMid.size();
        int consumers = consumersByMid.size();
        for (NegotiatedMedia line : media) {
            if (line.role() == MediaRole.PUBLISH && !producersByMid.containsKey(line.mid())) {
                producers++;
            } else if (line.role() == MediaRole.SUBSCRIBE && !consumersByMid.containsKey(line.mid())) {
                consumers++;
            }
        }
        if (producers > limits.producers()) {
            throw new NegotiationLimitException(NegotiationLimits.Limit.PRODUCERS, "the offer would make "
                    + producers + " sending m-lines, more than the limit of " + limits.producers());
        }
        if (consumers > limits.consumers()) {
            throw new NegotiationLimitException(NegotiationLimits.Limit.CONSUMERS, "the offer would make "
                    + consumers + " receiving m-lines, more than the limit of " + limits.consumers());
        }
    }

    private Negotiation apply(Answer answer) {
        List<Producer> newProducers = new ArrayList<>();
        List<org.parley.media.router.Consumer> newConsumers = new ArrayList<>();
        if (state == TransportState.CLOSED) {
            throw new IllegalStateException("transport is closed");
        }
        ice.setRemoteUfrag(answer.remoteIce().ufrag());
        if (dtls == null) {
            dtls = new DtlsTransport(host.certificate(), host.handshakeExecutor(), this::sendDtls,
                    new DtlsEvents(), SrtpProfile.dtlsIdsByPreference());
            dtls.setRemoteFingerprint(answer.remoteFingerprint().algorithm(), answer.remoteFingerprint().value());
            dtls.start();
        }
        for (NegotiatedMedia media : answer.media()) {
            RtpExtensionIds ids = new RtpExtensionIds(media.midExtensionId(), media.audioLevelExtensionId(),
                    media.absSendTimeExtensionId(), media.transportCcExtensionId());
            switch (media.role()) {
                case PUBLISH -> {
                    if (!producersByMid.containsKey(media.mid())) {
                        long ssrc = media.remoteSsrcs().isEmpty() ? 0 : media.remoteSsrcs().get(0);
                        Producer producer = new Producer(this, media.mid(), "audio", ssrc,
                                media.opusPayloadType(), 48_000, ids);
                        producersByMid.put(media.mid(), producer);
                        if (ssrc != 0) {
                            producersBySsrc.put(ssrc, producer);
                        }
                        newProducers.add(producer);
                    }
                }
                case SUBSCRIBE -> {
                    if (!consumersByMid.containsKey(media.mid())) {
                        var consumer = new org.parley.media.router.Consumer(this, media.mid(),
                                media.localSsrc(), media.opusPayloadType(), 48_000, ids, media.nack());
                        consumersByMid.put(media.mid(), consumer);
                        consumersBySsrc.put(consumer.ssrc(), consumer);
                        newConsumers.add(consumer);
                    }
                }
                default -> {
                }
            }
        }
        for (Producer producer : newProducers) {
            host.router().addProducer(producer);
        }
        return new Negotiation(answer.sdp(), List.copyOf(newProducers), List.copyOf(newConsumers));
    }

    public List<Producer> producers() {
        return List.copyOf(producersByMid.values());
    }

    /** The consumer negotiated on {@code mid}, or null. */
    public org.parley.media.router.Consumer consumer(String mid) {
        return consumersByMid.get(mid);
    }

    /**
     * The peer's address on the selected path (for ICE-TCP, the connection's peer); null until ICE
     * selected one. Any thread.
     */
    public InetSocketAddress selectedAddress() {
        return remote;
    }

    /** Whether the selected path is an ICE-TCP connection (RFC 6544) rather than UDP. Any thread. */
    public boolean selectedOverTcp() {
        return remoteConnection != null;
    }

    public TransportStats stats() {
        return new TransportStats(packetsIn, bytesIn, packetsOut, bytesOut, srtpAuthFailures, rttMillis);
    }

    /** What RTCP says of this transport's media, both ways. Any thread; each field is the latest report's. */
    public TransportQuality quality() {
        return new TransportQuality(rttMillis, inboundLossPercent, inboundJitterMillis, outboundLossPercent,
                outboundJitterMillis);
    }

    /**
     * The estimated speech quality of this link (E-model R and MOS), the worse of the two directions,
     * {@link QualityScore#UNKNOWN} until an RTCP interval measured it. Any thread.
     */
    public QualityScore score() {
        return qualityEstimator.score();
    }

    /**
     * How many reception reports on our streams the peer has sent so far: a reader of {@link #quality()}
     * that polls tells a new report from the same one read again. Any thread.
     */
    public long outboundReports() {
        return outboundReports;
    }

    /**
     * Called once when the transport closes (by {@link #close()}, ICE consent lapse or DTLS failure),
     * at once if it already has. Callable from any thread.
     */
    public void onClose(Consumer<String> reasonListener) {
        closeListeners.add(reasonListener);
        // Registering races with closeNow on the event loop: whichever removes the listener calls it.
        if (state == TransportState.CLOSED && closeListeners.remove(reasonListener)) {
            reasonListener.accept("closed");
        }
    }

    public void close() {
        close("closed by signaling");
    }

    /** Closes with a reason given to the close listeners; idempotent. */
    public void close(String reason) {
        try {
            runOnEventLoop(() -> closeNow(reason));
        } catch (RejectedExecutionException e) {
            // The server has shut down, closing every transport first; DTLS threads may report late.
        }
    }

    // ---- the event loop side ------------------------------------------------------------

    /**
     * One datagram from {@code sender}, demultiplexed by its first byte (RFC 7983 §7). The caller
     * keeps ownership of {@code datagram}.
     */
    public void receive(ByteBuf datagram, InetSocketAddress sender, long nowNanos) {
        receive(datagram, sender, null, nowNanos);
    }

    /**
     * One packet framed on an ICE-TCP connection (RFC 6544 §3), demultiplexed like a datagram. A
     * connection that is not (yet) this transport's may bring only STUN: an authenticated Binding
     * request makes it the transport's connection, replacing any earlier one. The caller keeps
     * ownership of {@code packet}, which must not be empty.
     */
    public void receive(ByteBuf packet, FramedConnection from, long nowNanos) {
        if (from != connection && !StunMessage.isStun(packet)) {
            metrics.droppedUnknownSource.increment();
            return;
        }
        receive(packet, from.remoteAddress(), from, nowNanos);
    }

    /**
     * The ICE-TCP connection closed from the peer's side or by error. The selected pair stays: what is
     * sent to it is dropped until the peer nominates another pair or consent expires (RFC 7675).
     */
    public void connectionClosed(FramedConnection closed) {
        runOnEventLoop(() -> {
            if (connection == closed) {
                connection = null;
            }
        });
    }

    private void receive(ByteBuf datagram, InetSocketAddress sender, FramedConnection via, long nowNanos) {
        if (state == TransportState.CLOSED) {
            metrics.droppedNotReady.increment();
            return;
        }
        packetsIn++;
        bytesIn += datagram.readableBytes();
        int first = datagram.getUnsignedByte(datagram.readerIndex());
        if (first <= 3) {
            receiveStun(datagram, sender, via, nowNanos);
        } else if (first >= 20 && first <= 63) {
            receiveDtls(datagram);
        } else if (first >= 128 && first <= 191) {
            receiveSrtp(datagram, sender, nowNanos);
        } else {
            metrics.droppedMalformed.increment();
        }
    }

    private void receiveStun(ByteBuf datagram, InetSocketAddress sender, FramedConnection via, long nowNanos) {
        BindingOutcome outcome = ice.handle(datagram, sender, host.allocator(), nowNanos);
        if (outcome.response() != null) {
            countSent(outcome.response()); // before send: the host owns (and may release) it after
            send(outcome.response(), sender, via); // back on the path the request came by
        }
        if (outcome.status() != BindingOutcome.Status.ACCEPTED) {
            metrics.droppedStun.increment();
            return;
        }
        if (via != null && via != connection) {
            attach(via);
        }
        // The agent moved its selection to this request's pair exactly when IceLiteAgent.accept does:
        // a USE-CANDIDATE check, or any check before the peer nominated (RFC 8445 §7.3.2).
        if (outcome.useCandidate() || !ice.nominated()) {
            select(sender, via);
        } else if (via == null && !sender.equals(remote)) {
            host.addressSelected(this, sender); // DTLS may still come from a checked, unselected address
        }
        if (state == TransportState.NEW) {
            state = TransportState.CONNECTING;
        }
    }

    private void receiveDtls(ByteBuf datagram) {
        if (dtls == null) {
            metrics.droppedNotReady.increment();
            return;
        }
        // The record layer discards what it cannot parse without telling anyone, so what is
        // certainly not DTLS is counted here, as are datagrams the handshake queue refuses.
        if (!isWholeDtlsRecords(datagram)) {
            metrics.droppedDtls.increment();
            return;
        }
        long refusedBefore = dtls.droppedDatagrams();
        dtls.receive(datagram);
        if (dtls.droppedDatagrams() != refusedBefore) {
            metrics.droppedDtls.increment();
        }
    }

    /**
     * Whether the readable bytes are one or more whole DTLS 1.2 records (RFC 6347 §4.1): a 13-byte
     * header (content type 20..25, version 254.x, epoch, sequence number, length) and exactly
     * {@code length} bytes of fragment each, a protected one (epoch above 0) at least as long as
     * the AES-GCM nonce and tag.
     */
    private static boolean isWholeDtlsRecords(ByteBuf datagram) {
        int index = datagram.readerIndex();
        int end = datagram.writerIndex();
        while (index < end) {
            if (end - index < DTLS_RECORD_HEADER_LENGTH) {
                return false;
            }
            int contentType = datagram.getUnsignedByte(index);
            if (contentType < 20 || contentType > 25 || datagram.getUnsignedByte(index + 1) != 0xFE) {
                return false;
            }
            int epoch = datagram.getUnsignedShort(index + 3);
            int length = datagram.getUnsignedShort(index + 11);
            // Bouncy Castle fails the whole association on a protected record too short to hold
            // them (decode_error) where RFC 6347 §4.1.2.7 says to discard it: anyone able to send
            // one datagram from the peer's address could end the call.
            if (epoch != 0 && length < MIN_PROTECTED_DTLS_FRAGMENT) {
                return false;
            }
            index += DTLS_RECORD_HEADER_LENGTH + length;
        }
        return index == end;
    }

    private void receiveSrtp(ByteBuf datagram, InetSocketAddress sender, long nowNanos) {
        if (srtp == null) {
            metrics.droppedNotReady.increment();
            return;
        }
        // RFC 5761 §4: payload types 64-95 (marker bit set) are RTCP packet types 192-223.
        // Length first: a one-byte datagram has no second byte to read.
        if (datagram.readableBytes() >= 8 && isRtcpPacketType(datagram.getUnsignedByte(datagram.readerIndex() + 1))) {
            SrtpResult result = srtp.unprotectRtcp(datagram);
            if (accepted(result)) {
                rtcp.receive(datagram, nowNanos);
            }
            return;
        }
        SrtpResult result = srtp.unprotectRtp(datagram);
        if (!accepted(result)) {
            return;
        }
        if (!RtpPacket.isValid(datagram)) {
            metrics.droppedMalformed.increment();
            return;
        }
        long ssrc = RtpPacket.ssrc(datagram);
        Producer producer = producersBySsrc.get(ssrc);
        if (producer == null) {
            producer = bindProducerByMid(datagram, ssrc);
            if (producer == null) {
                metrics.droppedUnknownSsrc.increment();
                return;
            }
        }
        producer.onRtp(datagram, nowNanos);
    }

    private static boolean isRtcpPacketType(int secondByte) {
        return secondByte >= 192 && secondByte <= 223;
    }

    /** RFC 8843 §9.2: an SSRC not signalled in SDP is bound to the m-line named by its mid extension. */
    private Producer bindProducerByMid(ByteBuf packet, long ssrc) {
        for (Producer producer : producersByMid.values()) {
            int midId = producer.extensionIds().midId();
            if (producer.ssrc() == 0 && midId > 0
                    && Mid.matches(packet, midId, producer.midBytes())) {
                producer.bindSsrc(ssrc);
                producersBySsrc.put(ssrc, producer);
                return producer;
            }
        }
        return null;
    }

    private boolean accepted(SrtpResult result) {
        switch (result) {
            case OK -> {
                return true;
            }
            case AUTH_FAILED -> {
                srtpAuthFailures++;
                metrics.srtpAuthFailures.increment();
            }
            case REPLAYED -> metrics.droppedReplayed.increment();
            default -> metrics.droppedMalformed.increment();
        }
        return false;
    }

    /**
     * Protects and sends an RTP packet to the peer; takes ownership of {@code packet}. Event loop
     * only: the SRTP contexts and the batched socket writer are not thread-safe.
     */
    public boolean sendRtp(ByteBuf packet) {
        return sendRtp(packet, false);
    }

    /**
     * Resends an RTP packet the peer reported lost; it must be byte-identical to the first
     * transmission (see {@link SrtpTransformer#protectRtpRetransmission}). Takes ownership. Event
     * loop only.
     */
    public boolean sendRtpRetransmission(ByteBuf packet) {
        return sendRtp(packet, true);
    }

    /** Where media goes now: a UDP address, or an ICE-TCP connection. Event loop only. */
    private void select(InetSocketAddress sender, FramedConnection via) {
        if (via != null) {
            remote = sender;
            remoteConnection = via;
        } else if (remoteConnection != null || !sender.equals(remote)) {
            remote = sender;
            remoteConnection = null;
            host.addressSelected(this, sender);
        }
    }

    /** RFC 6544: one connection per transport here; a newer authenticated one replaces the older. */
    private void attach(FramedConnection fresh) {
        FramedConnection old = connection;
        connection = fresh;
        fresh.attached(this);
        if (old != null) {
            if (remoteConnection == old) {
                remote = fresh.remoteAddress();
                remoteConnection = fresh;
            }
            old.replaced();
        }
    }

    /** Sends on the selected path; takes ownership of {@code packet}. */
    private void send(ByteBuf packet, InetSocketAddress to, FramedConnection via) {
        if (via != null) {
            via.send(packet);
        } else {
            host.send(packet, to);
        }
    }

    private boolean sendRtp(ByteBuf packet, boolean retransmission) {
        InetSocketAddress to = remote;
        SrtpTransformer transformer = srtp;
        if (transformer == null || to == null || state != TransportState.CONNECTED) {
            packet.release();
            return false;
        }
        SrtpResult result = retransmission
                ? transformer.protectRtpRetransmission(packet)
                : transformer.protectRtp(packet);
        if (result != SrtpResult.OK) {
            packet.release();
            metrics.droppedMalformed.increment();
            return false;
        }
        countSent(packet);
        send(packet, to, remoteConnection);
        return true;
    }

    /** Protects and sends an RTCP compound packet to the peer; takes ownership of {@code packet}. */
    boolean sendRtcp(ByteBuf packet) {
        InetSocketAddress to = remote;
        SrtpTransformer transformer = srtp;
        if (transformer == null || to == null || state != TransportState.CONNECTED) {
            packet.release();
            return false;
        }
        if (transformer.protectRtcp(packet) != SrtpResult.OK) {
            packet.release();
            return false;
        }
        countSent(packet);
        send(packet, to, remoteConnection);
        return true;
    }

    /** Asks this (publishing) peer for a key frame of {@code mediaSsrc}: RFC 4585 §6.3.1. Event loop only. */
    public void sendPictureLossIndication(long mediaSsrc) {
        rtcp.sendPictureLossIndication(mediaSsrc);
    }

    private void countSent(ByteBuf packet) {
        packetsOut++;
        bytesOut += packet.readableBytes();
    }

    private void sendDtls(byte[] data, int offset, int length) {
        ByteBuf datagram = host.allocator().directBuffer(length).writeBytes(data, offset, length);
        try {
            runOnEventLoop(() -> {
                InetSocketAddress to = remote;
                // Not refused once CLOSED: closing is what makes DTLS send its close_notify (RFC 5246 §7.2.1).
                if (to == null) {
                    datagram.release();
                    return;
                }
                countSent(datagram);
                send(datagram, to, remoteConnection);
            });
        } catch (RejectedExecutionException e) {
            datagram.release(); // shutting down: nobody will send it
        }
    }

    /**
     * Installs the SRTP keys and lets media flow: called when DTLS completes, and by benchmarks and
     * tests that key a transport directly.
     */
    public void startMedia(SrtpTransformer transformer, InetSocketAddress peer) {
        runOnEventLoop(() -> {
            if (state == TransportState.CLOSED) {
                return;
            }
            srtp = transformer;
            if (peer != null) {
                remote = peer;
                remoteConnection = null;
                host.addressSelected(this, peer);
            }
            state = TransportState.CONNECTED;
        });
    }

    /** Once a second: ICE consent, connect timeout, RTCP reports. Runs on the event loop. */
    public void tick(long nowNanos) {
        if (state == TransportState.CLOSED) {
            return;
        }
        if (ice.everAccepted() && ice.consentExpired(nowNanos)) {
            closeNow("ICE consent expired (RFC 7675)");
            return;
        }
        if (state != TransportState.CONNECTED && nowNanos - createdNanos > CONNECT_TIMEOUT_NANOS) {
            closeNow("ICE/DTLS did not complete in time");
            return;
        }
        if (state == TransportState.CONNECTED) {
            rtcp.sendReports(nowNanos);
        }
    }

    /** Our reception report on the peer's streams (the worst of them), as we send it. Event loop. */
    void onInboundReport(double lossPercent, double jitterMillis) {
        inboundLossPercent = lossPercent;
        inboundJitterMillis = jitterMillis;
    }

    /** The peer's reception report on our streams (the worst block of one SR or RR). Event loop. */
    void onOutboundReport(double lossPercent, double jitterMillis) {
        outboundLossPercent = lossPercent;
        outboundJitterMillis = jitterMillis;
        outboundReports++; // single writer: the event loop
    }

    QualityEstimator qualityEstimator() {
        return qualityEstimator;
    }

    void onRoundTripTime(double millis) {
        rttMillis = millis;
        qualityEstimator.onRoundTripTime(millis);
        metrics.rttSeconds.record(millis / 1000.0);
    }

    Producer producerBySsrc(long ssrc) {
        return producersBySsrc.get(ssrc);
    }

    org.parley.media.router.Consumer consumerBySsrc(long ssrc) {
        return consumersBySsrc.get(ssrc);
    }

    Iterable<Producer> producersView() {
        return producersByMid.values();
    }

    Iterable<org.parley.media.router.Consumer> consumersView() {
        return consumersByMid.values();
    }

    private void closeNow(String reason) {
        if (state == TransportState.CLOSED) {
            return;
        }
        state = TransportState.CLOSED;
        metrics.transportsClosed.increment();
        if (dtls != null) {
            dtls.close();
        }
        for (Producer producer : producersByMid.values()) {
            host.router().removeProducer(producer);
        }
        for (org.parley.media.router.Consumer consumer : consumersByMid.values()) {
            host.router().removeConsumer(consumer);
        }
        host.transportClosed(this);
        // remoteConnection stays: a late DTLS close_notify must not go out over UDP to a TCP address.
        if (connection != null) {
            connection.transportClosed();
            connection = null;
        }
        for (Consumer<String> listener : closeListeners) {
            if (!closeListeners.remove(listener)) {
                continue; // onClose saw CLOSED and called it already
            }
            try {
                listener.accept(reason);
            } catch (RuntimeException e) {
                // a listener's failure must not keep the others from hearing of the close
            }
        }
    }

    /** Runs {@code task} on the event loop: now if already there, else queued. */
    public void runOnEventLoop(Runnable task) {
        if (host.eventLoop().inEventLoop()) {
            task.run();
        } else {
            host.eventLoop().execute(task);
        }
    }

    private <T> T callOnEventLoop(Callable<T> task) throws MediaBusyException {
        if (host.eventLoop().inEventLoop()) {
            try {
                return task.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        io.netty.util.concurrent.Future<T> future = host.eventLoop().submit(task);
        // On timeout the task is withdrawn: run later, it would create producers the caller was
        // told failed. One the loop already started finishes promptly, so it is awaited instead.
        if (!future.awaitUninterruptibly(APPLY_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS) && future.cancel(false)) {
            throw new MediaBusyException(APPLY_TIMEOUT_MILLIS);
        }
        future.awaitUninterruptibly();
        if (!future.isSuccess()) {
            throw future.cause() instanceof RuntimeException re ? re : new IllegalStateException(future.cause());
        }
        return future.getNow();
    }

    /** How long an offer waits for the event loop to apply it before it is withdrawn. */
    private static final long APPLY_TIMEOUT_MILLIS = 5000;

    private static long newSsrc() {
        return ThreadLocalRandom.current().nextLong(1, 0x1_0000_0000L);
    }

    /** DTLS events arrive on the handshake thread; state changes move to the event loop. */
    private final class DtlsEvents implements DtlsListener {
        @Override
        public void onHandshakeComplete(int srtpProtectionProfile, byte[] keyingMaterial) {
            SrtpProfile profile = SrtpProfile.fromDtlsId(srtpProtectionProfile);
            if (profile == null) {
                close("DTLS negotiated an unsupported SRTP profile " + srtpProtectionProfile);
                return;
            }
            try {
                startMedia(SrtpTransformer.fromDtlsKeyingMaterial(profile, keyingMaterial, true), null);
            } catch (RejectedExecutionException e) {
                // The server shut down during the handshake, closing every transport first.
            }
        }

        @Override
        public void onClosed(String reason) {
            close(reason);
        }
    }

    /** The answer and the streams it created. */
    public record Negotiation(String answerSdp,
                              List<Producer> newProducers,
                              List<org.parley.media.router.Consumer> newConsumers) {
    }
}
