package org.parley.signaling.webcast;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import org.parley.mixer.hls.HlsRendition;
import org.parley.mixer.hls.HlsSegment;
import org.parley.signaling.http.HttpResponses;
import org.parley.signaling.http.HttpRoute;

/**
 * {@code /webcast/<meeting>/…}: the HLS webcast from memory.
 * <pre>
 * /webcast/&lt;meeting&gt;/index.m3u8                    multivariant playlist     Cache-Control: max-age=2
 * /webcast/&lt;meeting&gt;/&lt;run&gt;/&lt;channel&gt;/live.m3u8       live media playlist       max-age=1
 * /webcast/&lt;meeting&gt;/&lt;run&gt;/&lt;channel&gt;/init.mp4        CMAF header               max-age=31536000, immutable
 * /webcast/&lt;meeting&gt;/&lt;run&gt;/&lt;channel&gt;/&lt;index&gt;.m4s     media segment             max-age=31536000, immutable
 * </pre>
 * {@code <run>} changes with every start of the server, so a URL of a segment or init segment always
 * names the same bytes and any cache in front (a CDN, nginx's proxy_cache) may keep it forever;
 * playlists live a second (about half a segment, RFC 8216 §6.2.2's reload interval), so a cache in
 * front absorbs every viewer's reloads. Every answer carries {@code Access-Control-Allow-Origin: *}
 * (players on other sites fetch with CORS), an {@code ETag} (a conditional GET gets 304) and its
 * length; HEAD is answered too; anything unknown (a meeting without webcast, a segment out of the
 * window, another run) is 404. Counted by kind.
 */
@ChannelHandler.Sharable
public final class WebcastRoute extends HttpRoute {

    public static final String PREFIX = "/webcast/";
    static final String PLAYLIST_TYPE = "application/vnd.apple.mpegurl";
    /** RFC 8216 §3.3: fMP4 segments of audio. */
    static final String MP4_TYPE = "audio/mp4";
    private static final String IMMUTABLE = "public, max-age=31536000, immutable";

    /** What a request asked for, for the counters. */
    enum Kind {
        MULTIVARIANT, PLAYLIST, INIT, SEGMENT, NOT_FOUND
    }

    private final Webcasts webcasts;
    private final Map<Kind, Counter> requests = new EnumMap<>(Kind.class);
    private final Map<Kind, Counter> bytes = new EnumMap<>(Kind.class);

    public WebcastRoute(Webcasts webcasts, MeterRegistry registry) {
        this.webcasts = webcasts;
        for (Kind kind : Kind.values()) {
            String name = kind.name().toLowerCase(java.util.Locale.ROOT);
            requests.put(kind, Counter.builder("parley_webcast_requests").tag("kind", name)
                    .description("HTTP requests to the webcast, by what they asked for").register(registry));
            bytes.put(kind, Counter.builder("parley_webcast_sent_bytes").tag("kind", name)
                    .description("Body bytes the webcast sent").register(registry));
        }
    }

    @Override
    protected boolean matches(String path) {
        return path.startsWith(PREFIX);
    }

    @Override
    protected void handle(ChannelHandlerContext ctx, FullHttpRequest request, String path) {
        HttpMethod method = request.method();
        if (!HttpMethod.GET.equals(method) && !HttpMethod.HEAD.equals(method) && !HttpMethod.OPTIONS.equals(method)) {
            FullHttpResponse refused = response(request, HttpResponseStatus.METHOD_NOT_ALLOWED, "text/plain; charset=utf-8",
                    "method not allowed\n".getBytes(StandardCharsets.UTF_8), "no-store", null);
            refused.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD, OPTIONS");
            HttpResponses.write(ctx, request, refused);
            return;
        }
        // /webcast/<meeting>/index.m3u8 or /webcast/<meeting>/<run>/<channel>/<file>
        String[] parts = path.substring(PREFIX.length()).split("/", -1);
        MeetingWebcast webcast = parts.length >= 2 ? webcasts.webcast(parts[0]) : null;
        if (webcast == null) {
            notFound(ctx, request);
            return;
        }
        if (HttpMethod.OPTIONS.equals(method)) { // a CORS preflight (a player sending a Range header)
            FullHttpResponse preflight = response(request, HttpResponseStatus.NO_CONTENT, null, new byte[0], "max-age=86400", null);
            preflight.headers().set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, "GET, HEAD")
                    .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, "Range")
                    .set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, "86400");
            HttpResponses.write(ctx, request, preflight);
            return;
        }
        if (parts.length == 2 && parts[1].equals("index.m3u8")) {
            byte[] body = webcast.multivariant().getBytes(StandardCharsets.UTF_8);
            send(ctx, request, Kind.MULTIVARIANT, PLAYLIST_TYPE, body, "public, max-age=2", textTag(body));
            return;
        }
        HlsRendition rendition = parts.length == 4 && parts[1].equals(webcast.run()) ? webcast.rendition(parts[2]) : null;
        if (rendition == null) {
            notFound(ctx, request);
            return;
        }
        String file = parts[3];
        String tagBase = webcast.run() + "-" + rendition.name() + "-";
        if (file.equals("live.m3u8")) {
            if (ctx.channel().remoteAddress() instanceof InetSocketAddress remote) {
                webcast.listeners().seen(remote.getAddress(), System.nanoTime());
            }
            byte[] body = webcast.livePlaylist(rendition).getBytes(StandardCharsets.UTF_8);
            send(ctx, request, Kind.PLAYLIST, PLAYLIST_TYPE, body, "public, max-age=1", textTag(body));
        } else if (file.equals("init.mp4")) {
            send(ctx, request, Kind.INIT, MP4_TYPE, rendition.initSegment(), IMMUTABLE, '"' + tagBase + "init\"");
        } else if (file.endsWith(".m4s")) {
            HlsSegment segment = segment(rendition, file);
            if (segment == null) {
                notFound(ctx, request);
            } else {
                send(ctx, request, Kind.SEGMENT, MP4_TYPE, segment.bytes(), IMMUTABLE, '"' + tagBase + segment.index() + '"');
            }
        } else {
            notFound(ctx, request);
        }
    }

    private static HlsSegment segment(HlsRendition rendition, String file) {
        String digits = file.substring(0, file.length() - ".m4s".length());
        if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return null;
        }
        return rendition.window().snapshot().segment(Long.parseLong(digits));
    }

    /** A strong validator of a playlist's text: its length and hash (a collision only costs a reload's freshness). */
    private static String textTag(byte[] body) {
        return "\"" + Integer.toHexString(body.length) + "-" + Integer.toHexString(java.util.Arrays.hashCode(body)) + "\"";
    }

    private void send(ChannelHandlerContext ctx, FullHttpRequest request, Kind kind, String type, byte[] body,
                      String cacheControl, String etag) {
        requests.get(kind).increment();
        String ifNoneMatch = request.headers().get(HttpHeaderNames.IF_NONE_MATCH);
        if (ifNoneMatch != null && ifNoneMatch.contains(etag)) {
            HttpResponses.write(ctx, request,
                    response(request, HttpResponseStatus.NOT_MODIFIED, null, new byte[0], cacheControl, etag));
            return;
        }
        FullHttpResponse response = response(request, HttpResponseStatus.OK, type, body, cacheControl, etag);
        if (!HttpMethod.HEAD.equals(request.method())) {
            bytes.get(kind).increment(body.length);
        }
        HttpResponses.write(ctx, request, response);
    }

    private void notFound(ChannelHandlerContext ctx, FullHttpRequest request) {
        requests.get(Kind.NOT_FOUND).increment();
        // Short-lived: a playlist or segment that is not there yet may be soon.
        HttpResponses.write(ctx, request, response(request, HttpResponseStatus.NOT_FOUND, "text/plain; charset=utf-8",
                "not found\n".getBytes(StandardCharsets.UTF_8), "public, max-age=1", null));
    }

    private static FullHttpResponse response(FullHttpRequest request, HttpResponseStatus status, String type, byte[] body,
                                             String cacheControl, String etag) {
        boolean head = HttpMethod.HEAD.equals(request.method());
        boolean empty = status == HttpResponseStatus.NOT_MODIFIED || status == HttpResponseStatus.NO_CONTENT;
        FullHttpResponse response = new DefaultFullHttpResponse(request.protocolVersion(), status,
                head || empty ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        var headers = response.headers();
        if (type != null) {
            headers.set(HttpHeaderNames.CONTENT_TYPE, type);
        }
        if (!empty) {
            headers.setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        }
        headers.set(HttpHeaderNames.CACHE_CONTROL, cacheControl)
                .set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*")
                .set(HttpHeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, "ETag, Content-Length")
                .set("X-Content-Type-Options", "nosniff");
        if (etag != null) {
            headers.set(HttpHeaderNames.ETAG, etag);
        }
        return response;
    }
}
