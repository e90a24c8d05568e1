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
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.parley.media.MediaServer;
import org.parley.media.transport.NativeTransport;
import org.parley.signaling.auth.AdminKey;
import org.parley.signaling.auth.TokenSigner;
import org.parley.signaling.auth.TokenVerifier;
import org.parley.signaling.config.HttpConfig;
import org.parley.signaling.config.ParleyConfig;
import org.parley.signaling.config.TlsConfig;
import org.parley.signaling.dashboard.Dashboard;
import org.parley.signaling.dashboard.DashboardAccess;
import org.parley.signaling.dashboard.DashboardFeed;
import org.parley.signaling.http.HttpsRedirectHandler;
import org.parley.signaling.http.OriginPolicy;
import org.parley.signaling.http.PublicAddress;
import org.parley.signaling.http.WebSocketOriginCheck;
import org.parley.signaling.interpretation.InterpretationChannels;
import org.parley.signaling.meeting.ListenerTiers;
import org.parley.signaling.meeting.MeetingRegistry;
import org.parley.signaling.metrics.QualityMeters;
import org.parley.signaling.metrics.SignalingMetrics;
import org.parley.signaling.metrics.TransportMeters;
import org.parley.signaling.protocol.BoothDesks;
import org.parley.signaling.protocol.ProducerAnnouncer;
import org.parley.signaling.recording.MeetingRecordings;
import org.parley.signaling.recording.RecordingListener;
import org.parley.signaling.provisioning.InvitationHolders;
import org.parley.signaling.provisioning.MeetingAccess;
import org.parley.signaling.turn.TurnCredentials;
import org.parley.signaling.turn.TurnRelays;
import org.parley.signaling.provisioning.MeetingProvisioning;
import org.parley.signaling.provisioning.ProvisioningApiHandler;
import org.parley.signaling.sip.CallAudioMedia;
import org.parley.signaling.sip.CallMedia;
import org.parley.signaling.sip.CallMediaFactory;
import org.parley.signaling.sip.SipServer;
import org.parley.signaling.statistics.MosSource;
import org.parley.signaling.statistics.ParticipationStatistics;
import org.parley.signaling.store.ParleyStore;
import org.parley.signaling.store.StoreException;
import org.parley.signaling.tls.SelfSignedCertificate;
import org.parley.signaling.tls.ServerTls;
import org.parley.signaling.tls.TlsMaterialException;
import org.parley.signaling.webcast.WebcastRoute;
import org.parley.signaling.webcast.Webcasts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Parley server: the media core, the HTTP/WebSocket server on one TCP port (HTTPS/WSS with
 * {@code http.tls}, plus an optional plain port that only redirects to it) and the SIP dial-in on one
 * UDP port. Start it with {@link #start}; {@link #close} stops them. Tests run it
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
    private final ParticipationStatistics statistics;
    private final AdminKey adminKey;
    private final ProvisioningApiHandler api;
    private final EventLoopGroup group;
    private final Channel serverChannel;
    private final Optional<SipServer> sip;
    private final Optional<ServerTls> tls;
    private final Optional<Channel> redirectChannel;
    private final String siteRoot;
    private final Optional<String> insecureWarning;
    private final DashboardFeed dashboard;
    private final QualityMeters qualityMeters;
    private final MeetingRecordings recordings;
    private final Webcasts webcasts;

    private ParleyServer(PrometheusMeterRegistry registry, MeetingRegistry meetings, Optional<MediaServer> media,
                         Optional<InterpretationChannels> interpretation, ParleyStore store, InvitationHolders holders,
                         ParticipationStatistics statistics, AdminKey adminKey, ProvisioningApiHandler api,
                         EventLoopGroup group, Channel serverChannel, Optional<SipServer> sip,
                         Optional<ServerTls> tls, Optional<Channel> redirectChannel, String siteRoot,
                         Optional<String> insecureWarning, DashboardFeed dashboard, QualityMeters qualityMeters,
                         MeetingRecordings recordings, Webcasts webcasts) {
        this.dashboard = dashboard;
        this.recordings = recordings;
        this.webcasts = webcasts;
        this.registry = registry;
        this.meetings = meetings;
        this.media = media;
        this.interpretation = interpretation;
        this.store = store;
        this.holders = holders;
        this.statistics = statistics;
        this.adminKey = adminKey;
        this.api = api;
        this.group = group;
        this.serverChannel = serverChannel;
        this.sip = sip;
        this.tls = tls;
        this.redirectChannel = redirectChannel;
        this.siteRoot = siteRoot;
        this.insecureWarning = insecureWarning;
        this.qualityMeters = qualityMeters;
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
        Optional<ServerTls> tls = openTls(config);
        PublicAddress address = new PublicAddress(config.http().publicUrl(), tls.isPresent());
        Optional<String> insecureWarning = insecureWarning(config.http(), tls.isPresent());
        insecureWarning.ifPresent(LOG::warn);
        MeetingRegistry meetings = new MeetingRegistry(config.meetings(), ListenerTiers.of(config.mixer().tiers()));
        SecureRandom random = new SecureRandom();
        Clock clock = Clock.systemUTC();
        ParleyStore store = ParleyStore.open(config.store());
        meetings.archiveCaptions(store.captions()); // before the stored meetings load, so they are kept too
        InvitationHolders holders = new InvitationHolders(clock, config.limits());
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        OriginPolicy origins = new OriginPolicy(config.http().allowedOrigins(), address);
        MeetingAccess access;
        ProvisioningApiHandler api;
        AdminKey adminKey;
        ParticipationStatistics statistics;
        try {
            byte[] tokenKey = config.auth().tokenKey().isPresent()
                    ? Base64.getDecoder().decode(config.auth().tokenKey().get()) // checked by ConfigLoader
                    : store.settings().tokenKey(random);
            TokenSigner signer = new TokenSigner(tokenKey);
            MeetingProvisioning provisioning = new MeetingProvisioning(store, meetings, signer, holders, clock, random);
            provisioning.loadStoredMeetings();
            // Before anyone can join: closes what a crash left open.
            statistics = ParticipationStatistics.start(store, clock, config.store().heartbeatEvery(),
                    MosSource.QUALITY_SCORE);
            access = new MeetingAccess(new TokenVerifier(signer, store.invitations(), clock), store, holders, statistics,
                    clock);
            adminKey = config.admin().apiKey().map(AdminKey::new).orElseGet(() -> {
                AdminKey generated = AdminKey.generate(random);
                // Never the key itself in a log: logs are shipped and kept. Main prints it once on standard output.
                LOG.warn("No admin.apiKey configured; a provisioning API key was generated for this run"
                        + " (printed once on standard output; set admin.apiKey to keep one)");
                return generated;
            });
            api = ProvisioningApiHandler.create(new ObjectMapper(), adminKey, provisioning, statistics, store, origins,
                    address, random, clock, registry);
        } catch (StoreException | RuntimeException e) {
            closeQuietly(store, holders);
            throw e;
        }
        SignalingMetrics metrics = new SignalingMetrics(registry, meetings::meetingCount, meetings::participantCount,
                meetings::observerCount);
        tls.ifPresent(serverTls -> serverTls.registerMeters(registry));
        store.registerMeters(registry);
        Optional<MediaServer> media;
        try {
            media = mediaFactory.start(config.media(), registry);
        } catch (RuntimeException e) {
            api.close();
            closeQuietly(store, holders);
            throw e;
        }
        media.ifPresent(server -> server.router().addListener(new ProducerAnnouncer(meetings)));
        Optional<InterpretationChannels> interpretation = media.map(
                server -> new InterpretationChannels(server, config.mixer(), registry));
        MeetingRecordings recordings = new MeetingRecordings(config.recording(), meetings, interpretation, store, clock,
                random, registry);
        api.serveRecordings(recordings);
        Webcasts webcasts = new Webcasts(config.webcast(), meetings, interpretation, registry);
        statistics.followWebcasts(meetings, webcasts::listeners);
        // While a meeting is recorded, its webcast also keeps an HLS archive (an EVENT playlist, VOD once stopped)
        // beside the Ogg files.
        recordings.addListener(new RecordingListener() {
            @Override
            public void recordingStarted(String meetingId, String recordingId, Path directory) {
                try {
                    webcasts.startArchive(meetingId, directory.resolve("hls")); // false: the meeting has no webcast on
                } catch (RuntimeException e) {
                    LOG.warn("recording {} of {}: no HLS archive", recordingId, meetingId, e); // the Ogg files go on
                }
            }

            @Override
            public void recordingStopped(String meetingId, String recordingId) {
                webcasts.stopArchive(meetingId);
            }
        });

        // SIP's socket runs on this group too (SipServer), with the datagram channel of the same transport.
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(0, NativeTransport.ioHandlerFactory());
        BoothDesks desks = new BoothDesks(group, interpretation);
        // Resolved once: relayed media is told from direct media by the TURN servers' addresses (TransportKind).
        TurnRelays turnRelays = TurnRelays.resolve(config.turn());
        DashboardFeed dashboardFeed = new DashboardFeed(meetings, interpretation, desks, turnRelays,
                group.next(), clock, DashboardFeed.SILENT_BOOTH_SECONDS, webcasts::listeners);
        Dashboard dashboard = new Dashboard(dashboardFeed, new DashboardAccess(adminKey, access,
                api.dashboardTickets(), ProvisioningApiHandler.ownedMeetings(store)));
        try {
            Channel serverChannel = new ServerBootstrap()
                    .group(group)
                    .channel(NativeTransport.serverSocketChannel())
                    // Bounds what a client that stops reading can make us buffer (see SlowReaderHold).
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 * 1024, 1024 * 1024))
                    .childHandler(new ParleyChannelInitializer(new ObjectMapper(), meetings, media, interpretation,
                            desks,
                            config.limits(),
                            metrics, registry, startNanos, access, api,
                            config.turn().map(turn -> new TurnCredentials(turn, clock)), tls,
                            new WebSocketOriginCheck(ParleyChannelInitializer.WEBSOCKET_PATH, origins, registry),
                            dashboard, recordings, new WebcastRoute(webcasts, registry)))
                    .bind(config.http().bindAddress(), config.http().port())
                    .sync()
                    .channel();
            int httpPort = ((InetSocketAddress) serverChannel.localAddress()).getPort();
            Optional<Channel> redirectChannel = Optional.empty();
            if (config.http().redirectPort().isPresent()) {
                try {
                    redirectChannel = Optional.of(new ServerBootstrap()
                            .group(group)
                            .channel(NativeTransport.serverSocketChannel())
                            .childHandler(new RedirectChannelInitializer(new HttpsRedirectHandler(address, () -> httpPort),
                                    config.limits().connections().idleSeconds(), metrics))
                            .bind(config.http().bindAddress(), config.http().redirectPort().getAsInt())
                            .sync()
                            .channel());
                } catch (RuntimeException | InterruptedException e) {
                    serverChannel.close();
                    throw e;
                }
            }
            Optional<SipServer> sip = Optional.empty();
            if (config.sip().enabled()) {
                Optional<CallMedia> callMedia = callMediaFactory.create(config, media, interpretation);
                try {
                    sip = Optional.of(SipServer.start(config.sip(), config.media().announcedAddress(), group, registry,
                            meetings, access, callMedia, config.limits(), metrics));
                } catch (RuntimeException | InterruptedException e) {
                    callMedia.ifPresent(CallMedia::close);
                    serverChannel.close();
                    redirectChannel.ifPresent(Channel::close);
                    throw e;
                }
            }
            Optional<SipServer> sipServer = sip;
            TransportMeters.register(registry, media, turnRelays,
                    () -> sipServer.map(SipServer::calls).orElse(0));
            dashboardFeed.start();
            return new ParleyServer(registry, meetings, media, interpretation, store, holders, statistics, adminKey, api,
                    group, serverChannel, sip, tls, redirectChannel, siteRoot(config.http(), tls, httpPort),
                    insecureWarning, dashboardFeed, QualityMeters.start(registry.getPrometheusRegistry(), meetings,
                    group.next()), recordings, webcasts);
        } catch (RuntimeException | InterruptedException e) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            recordings.close();
            webcasts.close();
            interpretation.ifPresent(InterpretationChannels::close);
            media.ifPresent(MediaServer::close);
            api.close();
            closeQuietly(store, holders);
            throw e;
        }
    }

    /**
     * The certificate of the HTTP port: {@code http.tls}'s files, or for {@code selfSigned} the pair
     * kept in {@code <store.dataDirectory>/tls/} (made on first use). A pair that cannot be read stops
     * the start (ConfigLoader has checked the files already; this catches a change since).
     */
    private static Optional<ServerTls> openTls(ParleyConfig config) {
        if (config.http().tls().isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(switch (config.http().tls().get()) {
                case TlsConfig.PemFiles files -> ServerTls.open(files.certificate(), files.privateKey());
                case TlsConfig.SelfSigned selfSigned -> {
                    Path[] files = SelfSignedCertificate.ensure(config.store().dataDirectory().resolve("tls"),
                            selfSigned.hostName(), Instant.now());
                    yield ServerTls.open(files[0], files[1]);
                }
            });
        } catch (TlsMaterialException e) {
            throw new IllegalStateException("http.tls: " + e.getMessage(), e);
        }
    }

    /**
     * Browsers give the microphone only to secure contexts (HTTPS, or http://localhost): a plain port
     * that other machines reach serves them pages that can listen but never speak. Not said behind a
     * TLS proxy (an https {@code publicUrl}) or on a loopback-only bind.
     */
    static Optional<String> insecureWarning(HttpConfig http, boolean tls) {
        if (tls || http.publicUrl().map(url -> url.getScheme().equalsIgnoreCase("https")).orElse(false)) {
            return Optional.empty();
        }
        try {
            if (InetAddress.getByName(http.bindAddress()).isLoopbackAddress()) {
                return Optional.empty();
            }
        } catch (UnknownHostException e) {
            // the bind will fail with its own message
        }
        return Optional.of("NO TLS: HTTP on " + http.bindAddress() + " is plain http://, so browsers on other machines"
                + " will NOT let their users speak (microphones need HTTPS). Set http.tls {certificate, privateKey},"
                + " or try --self-signed HOST, or put a TLS proxy in front (conf/nginx/parley.conf) and set"
                + " http.publicUrl.");
    }

    /** The address the banner shows: publicUrl, else the certificate's first host name, else 127.0.0.1. */
    private static String siteRoot(HttpConfig http, Optional<ServerTls> tls, int port) {
        if (http.publicUrl().isPresent()) {
            return new PublicAddress(http.publicUrl(), tls.isPresent()).publicUrl().orElseThrow();
        }
        if (tls.isEmpty()) {
            return "http://127.0.0.1:" + port;
        }
        String host = SelfSignedCertificate.names(tls.get().current().chain().getFirst()).stream()
                .filter(name -> !name.startsWith("*")).findFirst().orElse("127.0.0.1");
        return "https://" + (host.contains(":") ? "[" + host + "]" : host) + (port == 443 ? "" : ":" + port);
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

    /** The plain-HTTP redirect port actually bound; -1 without {@code http.redirectPort}. */
    public int redirectPort() {
        return redirectChannel.map(channel -> ((InetSocketAddress) channel.localAddress()).getPort()).orElse(-1);
    }

    /** The HTTP port's TLS (certificate served, reloads), absent for plain HTTP. */
    public Optional<ServerTls> tls() {
        return tls;
    }

    /** Where people open Parley: {@code http.publicUrl}, or this port's scheme and host, without a trailing slash. */
    public String siteRoot() {
        return siteRoot;
    }

    /** The warning that remote microphones will not work (plain HTTP reachable from other machines), if it applies. */
    public Optional<String> insecureWarning() {
        return insecureWarning;
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

    /** The meetings' HLS webcasts (and their archives, {@link Webcasts#startArchive}). */
    public Webcasts webcasts() {
        return webcasts;
    }

    /** Holds the signaling meters and the media core's. */
    public PrometheusMeterRegistry meterRegistry() {
        return registry;
    }

    public MeetingRegistry meetings() {
        return meetings;
    }

    /** The meetings' recordings. */
    public MeetingRecordings recordings() {
        return recordings;
    }

    /** The key of the provisioning API: the configured {@code admin.apiKey}, or the one generated at start. */
    public String adminKey() {
        return adminKey.value();
    }

    /**
     * Records everyone still in as leaving for the server's stop, hangs up SIP calls, stops accepting,
     * closes every connection (participants leave), closes the recordings, stops the media core, closes the store.
     */
    @Override
    public void close() {
        statistics.close();
        dashboard.close();
        sip.ifPresent(SipServer::close);
        redirectChannel.ifPresent(channel -> channel.close().syncUninterruptibly());
        serverChannel.close().syncUninterruptibly();
        qualityMeters.close();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        webcasts.close();
        recordings.close(); // every file gets its EOS page and its metadata before the mixer and the store stop
        interpretation.ifPresent(InterpretationChannels::close);
        media.ifPresent(MediaServer::close);
        registry.close();
        api.close();
        closeQuietly(store, holders);
    }
}
