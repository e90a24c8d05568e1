package org.parley.signaling;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.parley.media.MediaServer;
import org.parley.media.transport.NativeTransport;
import org.parley.signaling.auth.AdminKey;
import org.parley.signaling.auth.TokenSigner;
import org.parley.signaling.auth.TokenVerifier;
import org.parley.signaling.config.ParleyConfig;
import org.parley.signaling.interpretation.InterpretationChannels;
import org.parley.signaling.meeting.ListenerTiers;
import org.parley.signaling.meeting.MeetingRegistry;
import org.parley.signaling.metrics.SignalingMetrics;
import org.parley.signaling.protocol.BoothDesks;
import org.parley.signaling.protocol.ProducerAnnouncer;
import org.parley.signaling.provisioning.InvitationHolders;
import org.parley.signaling.provisioning.MeetingAccess;
import org.parley.signaling.turn.TurnCredentials;
import org.parley.signaling.provisioning.MeetingProvisioning;
import org.parley.signaling.provisioning.ProvisioningApiHandler;
import org.parley.signaling.sip.CallAudioMedia;
import org.parley.signaling.sip.CallMedia;
import org.parley.signaling.sip.CallMediaFactory;
import org.parley.signaling.sip.SipServer;
import org.parley.signaling.store.ParleyStore;
import org.parley.signaling.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Parley server: the media core, the HTTP/WebSocket server on one TCP port and the SIP
 * dial-in on one UDP port. Start it with {@link #start}; {@link #close} stops them. Tests run it
 * in-process on port 0.
 */
public final class ParleyServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ParleyServer.class);

    private final PrometheusMeterRegistry registry;
    private final MeetingRegistry meetings;
    private final Optional<MediaServer> media;
    private final Optional<InterpretationChannels> interpretation;
    private final ParleyStore store;
    private final InvitationHolders holders;
    private final AdminKey adminKey;
    private final EventLoopGroup group;
    private final Channel serverChannel;
    private final Optional<SipServer> sip;

    private ParleyServer(PrometheusMeterRegistry registry, MeetingRegistry meetings, Optional<MediaServer> media,
                         Optional<InterpretationChannels> interpretation, ParleyStore store, InvitationHolders holders,
                         AdminKey adminKey, EventLoopGroup group, Channel serverChannel, Optional<SipServer> sip) {
        this.registry = registry;
        this.meetings = meetings;
        this.media = media;
        this.interpretation = interpretation;
        this.store = store;
        this.holders = holders;
        this.adminKey = adminKey;
        this.group = group;
        this.serverChannel = serverChannel;
        this.sip = sip;
    }

    /** Starts with the embedded media core. */
    public static ParleyServer start(ParleyConfig config) throws InterruptedException, StoreException {
        return start(config, MediaServerFactory.embedded());
    }

    /**
     * Opens the store (loading its meetings next to the configured ones), starts the media core from
     * {@code mediaFactory}, then binds the HTTP port.
     */
    public static ParleyServer start(ParleyConfig config, MediaServerFactory mediaFactory)
            throws InterruptedException, StoreException {
        return start(config, mediaFactory, CallAudioMedia.FACTORY);
    }

    /**
     * {@link #start(ParleyConfig, MediaServerFactory)} with the audio of SIP calls made by
     * {@code callMediaFactory} from the media core (tests without a media core give their own).
     */
    public static ParleyServer start(ParleyConfig config, MediaServerFactory mediaFactory,
                                     CallMediaFactory callMediaFactory) throws InterruptedException, StoreException {
        long startNanos = System.nanoTime();
        MeetingRegistry meetings = new MeetingRegistry(config.meetings(), ListenerTiers.of(config.mixer().tiers()));
        SecureRandom random = new SecureRandom();
        Clock clock = Clock.systemUTC();
        ParleyStore store = ParleyStore.open(config.store().dataDirectory());
        InvitationHolders holders = new InvitationHolders(clock);
        MeetingAccess access;
        ProvisioningApiHandler api;
        AdminKey adminKey;
        try {
            byte[] tokenKey = config.auth().tokenKey().isPresent()
                    ? Base64.getDecoder().decode(config.auth().tokenKey().get()) // checked by ConfigLoader
                    : store.settings().tokenKey(random);
            TokenSigner signer = new TokenSigner(tokenKey);
            MeetingProvisioning provisioning = new MeetingProvisioning(store, meetings, signer, holders, clock, random);
            provisioning.loadStoredMeetings();
            access = new MeetingAccess(new TokenVerifier(signer, store.invitations(), clock), store, holders, clock);
            adminKey = config.admin().apiKey().map(AdminKey::new).orElseGet(() -> {
                AdminKey generated = AdminKey.generate(random);
                LOG.warn("No admin.apiKey configured; this run's provisioning API key is {} (set admin.apiKey to keep one)",
                        generated.value());
                return generated;
            });
            api = new ProvisioningApiHandler(new ObjectMapper(), adminKey, provisioning);
        } catch (StoreException | RuntimeException e) {
            closeQuietly(store, holders);
            throw e;
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        SignalingMetrics metrics = new SignalingMetrics(registry, meetings::meetingCount, meetings::participantCount);
        Optional<MediaServer> media;
        try {
            media = mediaFactory.start(config.media(), registry);
        } catch (RuntimeException e) {
            closeQuietly(store, holders);
            throw e;
        }
        media.ifPresent(server -> server.router().addListener(new ProducerAnnouncer(meetings)));
        Optional<InterpretationChannels> interpretation = media.map(
                server -> new InterpretationChannels(server, config.mixer(), registry));

        // SIP's socket runs on this group too (SipServer), with the datagram channel of the same transport.
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(0, NativeTransport.ioHandlerFactory());
        try {
            Channel serverChannel = new ServerBootstrap()
                    .group(group)
                    .channel(NativeTransport.serverSocketChannel())
                    // Bounds what a client that stops reading can make us buffer (see WebSocketConnection).
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
                    .childHandler(new ParleyChannelInitializer(new ObjectMapper(), meetings, media, interpretation,
                            new BoothDesks(group, interpretation),
                            config.limits(),
                            metrics, registry, startNanos, access, api,
                            config.turn().map(turn -> new TurnCredentials(turn, clock))))
                    .bind(config.http().bindAddress(), config.http().port())
                    .sync()
                    .channel();
            Optional<SipServer> sip = Optional.empty();
            if (config.sip().enabled()) {
                Optional<CallMedia> callMedia = callMediaFactory.create(config, media, interpretation);
                try {
                    sip = Optional.of(SipServer.start(config.sip(), config.media().announcedAddress(), group, registry,
                            meetings, access, callMedia));
                } catch (RuntimeException | InterruptedException e) {
                    callMedia.ifPresent(CallMedia::close);
                    serverChannel.close();
                    throw e;
                }
            }
            return new ParleyServer(registry, meetings, media, interpretation, store, holders, adminKey, group, serverChannel,
                    sip);
        } catch (RuntimeException | InterruptedException e) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            interpretation.ifPresent(InterpretationChannels::close);
            media.ifPresent(MediaServer::close);
            closeQuietly(store, holders);
            throw e;
        }
    }

    private static void closeQuietly(ParleyStore store, InvitationHolders holders) {
        holders.close();
        try {
            store.close();
        } catch (StoreException e) {
            LOG.warn("Cannot close the store: {}", e.getMessage());
        }
    }

    /** The TCP port actually bound (differs from the configured one when that was 0). */
    public int httpPort() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** The UDP port SIP dial-in actually bound; -1 when {@code sip.enabled} is false. */
    public int sipPort() {
        return sip.map(SipServer::port).orElse(-1);
    }

    /** The media core, absent when started with {@link MediaServerFactory#disabled()}. */
    public Optional<MediaServer> media() {
        return media;
    }

    /** The meetings' interpretation channels, absent without a media core: for diagnostics and tests. */
    public Optional<InterpretationChannels> interpretation() {
        return interpretation;
    }

    /** Holds the signaling meters and the media core's. */
    public PrometheusMeterRegistry meterRegistry() {
        return registry;
    }

    public MeetingRegistry meetings() {
        return meetings;
    }

    /** The key of the provisioning API: the configured {@code admin.apiKey}, or the one generated at start. */
    public String adminKey() {
        return adminKey.value();
    }

    /**
     * Hangs up SIP calls, stops accepting, closes every connection (participants leave), stops the
     * media core, closes the store.
     */
    @Override
    public void close() {
        sip.ifPresent(SipServer::close);
        serverChannel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        interpretation.ifPresent(InterpretationChannels::close);
        media.ifPresent(MediaServer::close);
        registry.close();
        closeQuietly(store, holders);
    }
}
