package org.parley.signaling.sip.media;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.parley.media.MediaServer;
import org.parley.media.router.Producer;
import org.parley.media.router.RtpInjector;
import org.parley.media.transport.NativeTransport;
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

    private final MediaServer media;
    private final InterpretationChannels interpretation;
    private final String bindAddress;
    private final String announcedAddress;
    private final EventLoopGroup group;
    /** Group, channel type and options of every call's sockets. */
    private final Bootstrap bootstrap;
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
        this.group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("parley-sip-media", true),
                NativeTransport.ioHandlerFactory());
        this.bootstrap = new Bootstrap()
                .group(group)
                .channel(NativeTransport.datagramChannel())
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM));
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
        CallPorts ports = new CallPorts(bootstrap, bindAddress);
        CallAudio call = new CallAudio(this, meeting, participantId, ports);
        ports.attach(call);
        calls.add(call);
        if (closed) {
            call.close();
            throw new IOException("SIP call audio is closed");
        }
        return call;
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
        runOn(media.eventLoop(), () -> media.router().removeProducer(producer));
    }

    /** Runs {@code task} on {@code loop}, or here if the loop has shut down: then nothing is left to race with. */
    static void runOn(Executor loop, Runnable task) {
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            task.run();
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
