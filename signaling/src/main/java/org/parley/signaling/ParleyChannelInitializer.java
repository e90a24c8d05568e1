package org.parley.signaling;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import java.util.Optional;
import org.parley.media.MediaServer;
import org.parley.signaling.dashboard.Dashboard;
import org.parley.signaling.interpretation.InterpretationChannels;
import org.parley.signaling.config.SignalingLimits;
import org.parley.signaling.http.HealthHandler;
import org.parley.signaling.http.HttpRequestDeadline;
import org.parley.signaling.http.WebSocketAddressLimit;
import org.parley.signaling.ws.SourceAddressLimits;
import java.net.InetSocketAddress;
import org.parley.signaling.protocol.JoinAdmission;
import org.parley.signaling.http.MetricsHandler;
import org.parley.signaling.http.StaticFileHandler;
import org.parley.signaling.http.StrictTransportSecurity;
import org.parley.signaling.http.WebSocketOriginCheck;
import org.parley.signaling.meeting.MeetingRegistry;
import org.parley.signaling.metrics.SignalingMetrics;
import org.parley.signaling.protocol.BoothDesks;
import org.parley.signaling.protocol.SignalingSession;
import org.parley.signaling.recording.MeetingRecordings;
import io.netty.handler.stream.ChunkedWriteHandler;
import org.parley.signaling.provisioning.MeetingAccess;
import org.parley.signaling.provisioning.ProvisioningApiHandler;
import org.parley.signaling.tls.ServerTls;
import org.parley.signaling.turn.TurnCredentials;
import io.netty.handler.timeout.IdleStateHandler;
import org.parley.signaling.ws.JoinDeadline;
import org.parley.signaling.ws.RateLimitHandler;
import org.parley.signaling.ws.SignalingHandler;
import org.parley.signaling.ws.ServerMessageEncoder;
import org.parley.signaling.ws.SlowReaderHold;
import org.parley.signaling.ws.WebSocketConnection;
import org.parley.signaling.ws.WebSocketKeepAlive;
import org.parley.signaling.webcast.WebcastRoute;
import org.parley.signaling.ws.WebSocketViolationHandler;

/**
 * The pipeline of every HTTP connection, top to bottom: TLS first when configured (with the HSTS
 * header on every response), then HTTP requests stop at the first route that
 * matches ({@code /health}, {@code /metrics}, {@code /api/…}, {@code /webcast/…}, the {@code /ws} upgrade, static files, which answers
 * 404 to the rest); after an upgrade, WebSocket frames flow past the routes to the signaling handlers.
 */
final class ParleyChannelInitializer extends ChannelInitializer<SocketChannel> {

    /** Limit of an HTTP request body, a WebSocket frame payload and a reassembled WebSocket message. */
    static final int MAX_MESSAGE_BYTES = 64 * 1024;
    static final String WEBSOCKET_PATH = "/ws";

    private final ObjectMapper mapper;
    private final MeetingRegistry meetings;
    private final Optional<MediaServer> media;
    private final Optional<InterpretationChannels> interpretation;
    private final BoothDesks desks;
    private final SignalingLimits limits;
    private final SignalingMetrics metrics;
    private final MeetingAccess access;
    private final Optional<TurnCredentials> turn;
    private final ProvisioningApiHandler api;
    private final HealthHandler health;
    private final MetricsHandler metricsRoute;
    private final StaticFileHandler staticFiles;
    private final Optional<ServerTls> tls;
    private final WebSocketOriginCheck originCheck;
    private final StrictTransportSecurity hsts = new StrictTransportSecurity();
    private final SourceAddressLimits sources;
    private final ServerMessageEncoder messageEncoder;
    private final Dashboard dashboard;
    private final MeetingRecordings recordings;
    private final WebcastRoute webcast;
    private final WebSocketServerProtocolConfig webSocketConfig = WebSocketServerProtocolConfig.newBuilder()
            .websocketPath(WEBSOCKET_PATH)
            .checkStartsWith(true) // "/ws?query" upgrades too
            .decoderConfig(WebSocketDecoderConfig.newBuilder()
                    .maxFramePayloadLength(MAX_MESSAGE_BYTES)
                    .withUTF8Validator(true)
                    // WebSocketViolationHandler closes instead, after counting the violation.
                    .closeOnProtocolViolation(false)
                    .build())
            .build();

    ParleyChannelInitializer(ObjectMapper mapper, MeetingRegistry meetings, Optional<MediaServer> media,
                             Optional<InterpretationChannels> interpretation, BoothDesks desks, SignalingLimits limits, SignalingMetrics metrics, PrometheusMeterRegistry registry,
                             long startNanos, MeetingAccess access, ProvisioningApiHandler api, Optional<TurnCredentials> turn,
                             Optional<ServerTls> tls, WebSocketOriginCheck originCheck, Dashboard dashboard,
                             MeetingRecordings recordings, WebcastRoute webcast) {
        this.dashboard = dashboard;
        this.recordings = recordings;
        this.webcast = webcast;
        this.tls = tls;
        this.originCheck = originCheck;
        this.mapper = mapper;
        this.messageEncoder = new ServerMessageEncoder(mapper);
        this.turn = turn;
        this.access = access;
        this.api = api;
        this.meetings = meetings;
        this.media = media;
        this.interpretation = interpretation;
        this.desks = desks;
        this.limits = limits;
        this.sources = new SourceAddressLimits(limits.connections());
        this.metrics = metrics;
        this.health = new HealthHandler(mapper, meetings, startNanos);
        this.metricsRoute = new MetricsHandler(registry);
        this.staticFiles = new StaticFileHandler(access);
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        WebSocketConnection connection = new WebSocketConnection(channel, metrics);
        ChannelPipeline pipeline = channel.pipeline();
        int idleSeconds = limits.connections().idleSeconds();
        // First, so that every byte read (a TLS handshake, a WebSocket pong) counts as activity.
        pipeline.addLast("idle", new IdleStateHandler(idleSeconds, 0, 0));
        if (tls.isPresent()) {
            // The certificate current at accept time (ServerTls re-reads renewed files).
            pipeline.addLast("tls", tls.get().newHandler(channel.alloc()));
        }
        pipeline.addLast("http-codec", new HttpServerCodec());
        if (tls.isPresent()) {
            pipeline.addLast("hsts", hsts);
        }
        pipeline.addLast("http-aggregator", new HttpObjectAggregator(MAX_MESSAGE_BYTES));
        // Streams the files the API serves (recordings) in chunks, also through TLS.
        pipeline.addLast("chunked-writer", new ChunkedWriteHandler());
        pipeline.addLast("http-deadline", new HttpRequestDeadline(idleSeconds, metrics));
        pipeline.addLast("health", health);
        pipeline.addLast("metrics", metricsRoute);
        pipeline.addLast("api", api);
        pipeline.addLast("webcast", webcast);
        pipeline.addLast("ws-origin", originCheck);
        pipeline.addLast("ws-address-limit", new WebSocketAddressLimit(sources, limits.connections().connectionsPerAddress(),
                metrics));
        // Before the upgrade handler, which answers pings and closes: control frames take tokens too.
        pipeline.addLast("ws-rate-limit", new RateLimitHandler(limits, metrics, connection));
        pipeline.addLast("ws-upgrade", new WebSocketServerProtocolHandler(webSocketConfig));
        pipeline.addLast("static-files", staticFiles);
        pipeline.addLast("ws-aggregator", new WebSocketFrameAggregator(MAX_MESSAGE_BYTES));
        pipeline.addLast("ws-violations", new WebSocketViolationHandler(metrics, connection, MAX_MESSAGE_BYTES));
        pipeline.addLast("ws-keepalive", new WebSocketKeepAlive(idleSeconds, metrics));
        // Outbound, tail first: a server message is held while the client lags, then serialized into a frame.
        pipeline.addLast("ws-json", messageEncoder);
        pipeline.addLast("ws-hold", new SlowReaderHold(limits.connections().heldMessages(), metrics));
        SignalingSession session = new SignalingSession(mapper, meetings, media, interpretation, desks, limits, metrics,
                connection, access, turn, joinAdmission(channel), dashboard, recordings);
        pipeline.addLast("ws-join-deadline", new JoinDeadline(limits.connections().joinSeconds(), session::hasJoined,
                metrics));
        pipeline.addLast("signaling", new SignalingHandler(session, metrics, connection));
    }

    private JoinAdmission joinAdmission(SocketChannel channel) {
        InetSocketAddress remote = channel.remoteAddress();
        return remote == null || remote.getAddress() == null ? JoinAdmission.UNLIMITED
                : () -> sources.tryJoin(remote.getAddress());
    }
}
