package org.parley.signaling.sip;

import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.parley.media.transport.NativeTransport;
import org.parley.signaling.config.SignalingLimits;
import org.parley.signaling.config.SipConfig;
import org.parley.signaling.meeting.MeetingRegistry;
import org.parley.signaling.metrics.SignalingMetrics;
import org.parley.signaling.provisioning.MeetingAccess;

/**
 * SIP dial-in for meeting-room systems over UDP (RFC 3261; TCP and TLS are not supported yet). One
 * datagram channel on one event loop of the server's group holds every transaction and call, so
 * they need no locks: {@link SipHandler} parses, {@link SipServerTransactions} matches and
 * retransmits, {@link SipCalls} admits and keeps the calls. {@link #close} hangs up every call
 * (BYE) before closing the socket.
 */
public final class SipServer implements AutoCloseable {

    /** Concurrent transactions beyond which requests get 503 (each lives at most 64·T1). */
    public static final int MAX_TRANSACTIONS = 1024;
    /** Concurrent calls beyond which INVITEs get 503. */
    public static final int MAX_CALLS = 64;

    private final Channel channel;
    private final SipCalls calls;
    private final SipMetrics metrics;
    private final Optional<CallMedia> media;

    private SipServer(Channel channel, SipCalls calls, SipMetrics metrics, Optional<CallMedia> media) {
        this.channel = channel;
        this.calls = calls;
        this.metrics = metrics;
        this.media = media;
    }

    /**
     * Binds {@code config}'s address and port on one of {@code group}'s event loops.
     *
     * @param announcedHost the address room systems reach the server at (the media's announced one)
     * @param media         the calls' audio, closed with the server; without it INVITEs get 503
     * @param limits        participants per meeting (486 Busy Here beyond), transactions per source
     *                      address (503 beyond), participants per invitation (486 beyond)
     * @param limitRefusals counts those refusals with the WebSocket ones
     */
    public static SipServer start(SipConfig config, String announcedHost, EventLoopGroup group, MeterRegistry registry,
                                  MeetingRegistry meetings, MeetingAccess access, Optional<CallMedia> media,
                                  SignalingLimits limits, SignalingMetrics limitRefusals)
            throws InterruptedException {
        SipMetrics metrics = new SipMetrics(registry);
        Channel channel = new Bootstrap()
                .group(group)
                .channel(NativeTransport.datagramChannel()) // the transport of the group given
                // One byte more than the parser takes, so that a longer datagram is seen as too large, not cut short.
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(SipParser.MAX_MESSAGE_BYTES + 1))
                .handler(new ChannelInboundHandlerAdapter()) // replaced below, before the socket is bound
                .register()
                .sync()
                .channel();
        SipTransport transport = new SipTransport(channel, metrics, announcedHost);
        SipServerTransactions transactions = new SipServerTransactions(transport, metrics, MAX_TRANSACTIONS,
                limits.sipTransactionsPerSource(), limitRefusals);
        SipCalls calls = new SipCalls(transport, meetings, access, media, metrics, MAX_CALLS,
                limits, limitRefusals);
        transactions.setUser(calls);
        channel.pipeline().addLast(new SipHandler(metrics, transport, transactions, calls));
        try {
            channel.bind(new InetSocketAddress(config.bindAddress(), config.port())).sync();
        } catch (RuntimeException | InterruptedException e) {
            channel.close();
            throw e;
        }
        return new SipServer(channel, calls, metrics, media);
    }

    /** The UDP port actually bound. */
    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** Calls in progress; any thread. */
    public int calls() {
        return metrics.calls();
    }

    /**
     * Hangs up every call (its participant leaves, its room system gets BYE), closes the socket, then
     * the calls' audio. Call before the media core stops.
     */
    @Override
    public void close() {
        channel.eventLoop().submit(calls::endAll).syncUninterruptibly();
        channel.close().syncUninterruptibly();
        media.ifPresent(CallMedia::close);
    }
}
