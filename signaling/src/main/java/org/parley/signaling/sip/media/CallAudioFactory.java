package org.parley.signaling.sip.media;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.parley.media.MediaServer;
import org.parley.media.router.Producer;
import org.parley.media.router.RtpInjector;
import org.parley.mixer.tier.Tier;
import org.parley.mixer.tier.TierSet;
import org.parley.signaling.interpretation.InterpretationChannels;
import org.parley.signaling.interpretation.MeetingChannels;
import org.parley.signaling.meeting.Meeting;

/**
 * Opens the audio side of SIP calls; one per server; thread-safe.
 *
 * <p>Calls get UDP ports of their own on {@code bindAddress} (RTP on an even port, RTCP on the one
 * above, RFC 3550 §11), served by one event loop thread of this factory's, which also does the
 * calls' G.711, resampling and Opus work: the media event loop, which forwards everybody's packets,
 * only copies channel payloads for the calls and forwards their producers' packets. The calls'
 * packets reach the media event loop through one {@link RtpInjector}, offered to only from that
 * thread.
 */
public final class CallAudioFactory implements AutoCloseable {

    /** RFC 7587 §7: dynamic; the value browsers offer and the channels use, so subscribers' answers keep it. */
    static final int OPUS_PAYLOAD_TYPE = 111;
    /** The tier a call hears: its codec carries less than any tier does. */
    private static final String STANDARD_TIER = "standard";
    /** Receive buffers: the largest datagram accepted (bigger ones are truncated and fail to parse). */
    private static final int MAX_DATAGRAM = 2048;
    /** Packets in flight to the media event loop: a few ticks of many calls. */
    private static final int INJECTOR_CAPACITY = 1024;
    /** Attempts at an even port whose successor is free before settling for RTCP multiplexing only. */
    private static final int PORT_PAIR_ATTEMPTS = 16;

    private final MediaServer media;
    private final InterpretationChannels interpretation;
    private final String bindAddress;
    private final String announcedAddress;
    private final EventLoopGroup group;
    private final Class<? extends DatagramChannel> channelType;
    private final RtpInjector injector;
    private final ChannelTaps taps = new ChannelTaps();
    private final Set<CallAudio> calls = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /**
     * @param bindAddress      where calls' ports are bound, e.g. {@code 0.0.0.0} or {@code 127.0.0.1}
     * @param announcedAddress what SDP answers give room systems to send to
     */
    public CallAudioFactory(MediaServer media, InterpretationChannels interpretation, String bindAddress,
                            String announcedAddress) {
        this.media = media;
        this.interpretation = interpretation;
        this.bindAddress = bindAddress;
        this.announcedAddress = announcedAddress;
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("parley-sip-media", true), io);
        this.channelType = epoll ? EpollDatagramChannel.class : NioDatagramChannel.class;
        this.injector = new RtpInjector(media.eventLoop(), media.allocator(), INJECTOR_CAPACITY);
    }

    /**
     * Binds an RTP (and RTCP = port+1, or rtcp-mux) UDP port for one call of {@code participantId}
     * in {@code meeting}; nothing flows until {@link CallAudio#start}.
     *
     * @throws IOException if no port can be bound
     */
    public CallAudio open(Meeting meeting, String participantId) throws IOException {
        if (closed) {
            throw new IOException("SIP call audio is closed");
        }
        CallAudio[] call = new CallAudio[1];
        CallDatagramHandler.Receiver toRtp = (datagram, sender) -> call[0].receiveRtpPort(datagram, sender);
        CallDatagramHandler.Receiver toRtcp = (datagram, sender) -> call[0].receiveRtcpPort(datagram, sender);
        // The call exists only once its ports do: until then its sockets drop what they read.
        Channel rtp = null;
        Channel rtcp = null;
        for (int attempt = 0; attempt < PORT_PAIR_ATTEMPTS && rtcp == null; attempt++) {
            if (rtp != null) {
                rtp.close().awaitUninterruptibly();
            }
            rtp = bind(0, toRtp, call);
            int port = ((InetSocketAddress) rtp.localAddress()).getPort();
            if (port % 2 == 0 && port < 0xFFFF) {
                rtcp = tryBind(port + 1, toRtcp, call);
            }
        }
        CallAudio opened = new CallAudio(this, meeting, participantId, rtp, rtcp);
        call[0] = opened;
        calls.add(opened);
        if (closed) {
            opened.close();
            throw new IOException("SIP call audio is closed");
        }
        return opened;
    }

    private Channel bind(int port, CallDatagramHandler.Receiver receiver, CallAudio[] call) throws IOException {
        ChannelFuture bound = bootstrap(receiver, call).bind(bindAddress, port).awaitUninterruptibly();
        if (!bound.isSuccess()) {
            throw new IOException("cannot bind UDP " + bindAddress + ":" + port, bound.cause());
        }
        return bound.channel();
    }

    private Channel tryBind(int port, CallDatagramHandler.Receiver receiver, CallAudio[] call) {
        ChannelFuture bound = bootstrap(receiver, call).bind(bindAddress, port).awaitUninterruptibly();
        return bound.isSuccess() ? bound.channel() : null;
    }

    private Bootstrap bootstrap(CallDatagramHandler.Receiver receiver, CallAudio[] call) {
        CallDatagramHandler.Receiver guarded = (datagram, sender) -> {
            if (call[0] != null) {
                receiver.receive(datagram, sender);
            }
        };
        return new Bootstrap()
                .group(group)
                .channel(channelType)
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM))
                .handler(new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel ch) {
                        ch.pipeline().addLast(new CallDatagramHandler(guarded, () -> {
                            if (call[0] != null) {
                                call[0].handlingFailed();
                            }
                        }));
                    }
                });
    }

    String announcedAddress() {
        return announcedAddress;
    }

    MediaServer media() {
        return media;
    }

    RtpInjector injector() {
        return injector;
    }

    ChannelTaps taps() {
        return taps;
    }

    /** Calls open now. */
    public int openCalls() {
        return calls.size();
    }

    MeetingChannels channelsOf(Meeting meeting) {
        return interpretation.of(meeting);
    }

    /** The {@code standard} tier of the server's tier set, or its first if it has none of that name. */
    Tier standardTier(MeetingChannels channels) {
        TierSet tiers = channels.tiers();
        Tier standard = tiers.get(STANDARD_TIER);
        return standard != null ? standard : tiers.get(0);
    }

    /** A call's producer leaves the router on the media event loop, where its consumers run. */
    void removeProducer(Producer producer) {
        try {
            media.eventLoop().execute(() -> media.router().removeProducer(producer));
        } catch (RejectedExecutionException e) {
            media.router().removeProducer(producer); // the media core has stopped: nothing to race with
        }
    }

    void closed(CallAudio call) {
        calls.remove(call);
    }

    /** Closes every open call, then the injector and the calls' event loop. Call before the media core closes. */
    @Override
    public void close() {
        closed = true;
        for (CallAudio call : new ArrayList<>(calls)) {
            call.close();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3, TimeUnit.SECONDS);
        injector.close();
    }
}
