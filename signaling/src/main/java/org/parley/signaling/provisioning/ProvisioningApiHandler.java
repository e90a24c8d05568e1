package org.parley.signaling.provisioning;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.regex.Pattern;
import org.parley.signaling.diagnostics.InternalErrors;
import org.parley.signaling.auth.AdminKey;
import org.parley.signaling.http.PublicAddress;
import org.parley.signaling.statistics.ParticipationStatistics;
import org.parley.signaling.statistics.StatisticsCsv;
import org.parley.signaling.statistics.StatisticsReport;
import org.parley.signaling.statistics.StatisticsScope;
import org.parley.signaling.store.MeetingSpec;
import org.parley.signaling.store.StatisticsRecord;
import org.parley.signaling.store.StatisticsRows;
import org.parley.signaling.store.StoreException;
import org.parley.signaling.store.StoreWriter;
import org.parley.signaling.store.StoredMeeting;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provisioning REST API under {@code /api/} (see API.md): checks the admin key, routes by path and
 * method, reads the JSON body, and answers JSON; refusals are {@code {"error": CODE, "message": …}}.
 * Every other request, and WebSocket frames, pass on down the pipeline. It releases the requests it
 * answers. The request is answered on the store's thread ({@link StoreWriter}), never on the event
 * loop: a slow disk must not stall the WebSocket sessions sharing the loop. While a request waits, the
 * connection reads no further (responses stay in request order).
 */
@ChannelHandler.Sharable
public final class ProvisioningApiHandler extends ChannelInboundHandlerAdapter {

    /** Bodies above this are refused with {@link ApiError#PAYLOAD_TOO_LARGE}; a large meeting needs a few KiB. */
    public static final int MAX_BODY_BYTES = 16 * 1024;
    static final String PREFIX = "/api/";

    private static final Logger LOG = LoggerFactory.getLogger(ProvisioningApiHandler.class);
    private static final String MEETINGS = "meetings";
    private static final String STATISTICS = "statistics";
    private static final Pattern SAFE_FILE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final ObjectMapper mapper;
    private final AdminKey adminKey;
    private final MeetingProvisioning provisioning;
    private final ParticipationStatistics statistics;
    private final PublicAddress address;
    private final StoreWriter storeThread;

    /**
     * @param statistics  the e-participation statistics ({@code /api/statistics})
     * @param storeThread where requests are answered: the store's thread
     */
    public ProvisioningApiHandler(ObjectMapper mapper, AdminKey adminKey, MeetingProvisioning provisioning,
                                  ParticipationStatistics statistics, PublicAddress address, StoreWriter storeThread) {
        this.statistics = statistics;
        this.address = address;
        this.storeThread = storeThread;
        // Strict duplicate detection: {"title":"a","title":"b"} is ambiguous, so it is refused.
        this.mapper = mapper.copy().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        this.adminKey = adminKey;
        this.provisioning = provisioning;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request) || !isApi(request.uri())) {
            ctx.fireChannelRead(msg);
            return;
        }
        ctx.channel().config().setAutoRead(false);
        storeThread.submit("answer " + request.method() + " " + request.uri(), () -> answer(request))
                .whenComplete((answer, failure) -> {
                    Answer sent = failure == null ? answer : Answer.refused(ApiError.INTERNAL, InternalErrors.report(LOG,
                            "Provisioning request " + request.method() + " " + request.uri(), failure), null);
                    if (ctx.executor().inEventLoop()) {
                        finish(ctx, request, sent);
                        return;
                    }
                    try {
                        ctx.executor().execute(() -> finish(ctx, request, sent));
                    } catch (RejectedExecutionException e) {
                        request.release(); // the event loop is shutting down: the connection is gone
                    }
                });
    }

    /** On the event loop: answers, releases the request and reads on. */
    private void finish(ChannelHandlerContext ctx, FullHttpRequest request, Answer answer) {
        try {
            respond(ctx, request, answer);
        } finally {
            request.release();
            ctx.channel().config().setAutoRead(true);
        }
    }

    private static boolean isApi(String uri) {
        return uri.equals("/api") || uri.startsWith(PREFIX) || uri.startsWith("/api?");
    }

    /**
     * A response: status, JSON body (null for none), {@code Allow} header of a 405, {@code Location} of a
     * 201, or instead of the JSON a file to download (null for none).
     */
    private record Answer(HttpResponseStatus status, JsonNode body, String allow, String location, Download download) {
        static Answer ok(JsonNode body) {
            return new Answer(HttpResponseStatus.OK, body, null, null, null);
        }

        static Answer created(JsonNode body, String location) {
            return new Answer(HttpResponseStatus.CREATED, body, null, location, null);
        }

        static Answer noContent() {
            return new Answer(HttpResponseStatus.NO_CONTENT, null, null, null, null);
        }

        static Answer refused(ApiError error, String message, String allow) {
            return new Answer(error.status(), MeetingJson.error(error, message), allow, null, null);
        }

        static Answer download(String contentType, String fileName, String text) {
            return new Answer(HttpResponseStatus.OK, null, null, null,
                    new Download(contentType, fileName, text.getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** A file answered with {@code Content-Disposition: attachment} (RFC 6266). */
    private record Download(String contentType, String fileName, byte[] bytes) {
    }

    private Answer answer(FullHttpRequest request) {
        try {
            if (request.decoderResult().isFailure()) {
                throw ApiException.badRequest("malformed HTTP request");
            }
            if (!adminKey.authorizes(request.headers().get(HttpHeaderNames.AUTHORIZATION))) {
                throw new ApiException(ApiError.UNAUTHORIZED, "send the admin key as \"Authorization: Bearer <key>\"");
            }
            return route(request, segments(request.uri()));
        } catch (ApiException e) {
            return Answer.refused(e.error(), e.getMessage(), e.allow());
        } catch (StoreException | RuntimeException e) {
            return Answer.refused(ApiError.INTERNAL, InternalErrors.report(LOG,
                    "Provisioning request " + request.method() + " " + request.uri(), e), null);
        }
    }

    /** The percent-decoded path below {@code /api/}, split at slashes, without empty segments. */
    private static List<String> segments(String uri) throws ApiException {
        String path;
        try {
            path = new QueryStringDecoder(uri).path();
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("bad percent-encoding in the path");
        }
        List<String> segments = new ArrayList<>();
        for (String segment : path.substring(Math.min(path.length(), PREFIX.length())).split("/")) {
            if (!segment.isEmpty()) {
                segments.add(segment);
            }
        }
        return segments;
    }

    private Answer route(FullHttpRequest request, List<String> path) throws ApiException, StoreException {
        if (!path.isEmpty() && path.getFirst().equals(STATISTICS)) {
            // The admin key reads every meeting's statistics; an organiser account will read those of its meetings.
            return statistics(request, path, StatisticsScope.EVERY_MEETING);
        }
        if (path.isEmpty() || !path.getFirst().equals(MEETINGS) || path.size() > 4) {
            throw ApiException.notFound("no API resource " + new QueryStringDecoder(request.uri()).path());
        }
        HttpMethod method = request.method();
        if (path.size() == 1) {
            if (HttpMethod.GET.equals(method)) {
                return listMeetings();
            }
            allow(method, "GET, POST", HttpMethod.POST);
            return createMeeting(request);
        }
        String meetingId = path.get(1);
        if (path.size() == 2) {
            if (HttpMethod.GET.equals(method)) {
                StoredMeeting meeting = provisioning.get(meetingId);
                return Answer.ok(MeetingJson.meeting(meeting, provisioning.participantCount(meetingId)));
            }
            if (HttpMethod.PUT.equals(method)) {
                StoredMeeting meeting = provisioning.update(meetingId, meetingBody(request, meetingId));
                return Answer.ok(MeetingJson.meeting(meeting, provisioning.participantCount(meetingId)));
            }
            allow(method, "GET, PUT, DELETE", HttpMethod.DELETE);
            provisioning.delete(meetingId);
            return Answer.noContent();
        }
        String collection = path.get(2);
        if (collection.equals("participation") && path.size() == 3) {
            allow(method, "GET", HttpMethod.GET);
            return Answer.ok(MeetingJson.participation(provisioning.participation(meetingId)));
        }
        if (collection.equals("transports") && path.size() == 4) {
            allow(method, "DELETE", HttpMethod.DELETE);
            provisioning.closeTransport(meetingId, path.get(3));
            return Answer.noContent();
        }
        if (!collection.equals("invitations")) {
            throw ApiException.notFound("no API resource " + new QueryStringDecoder(request.uri()).path());
        }
        if (path.size() == 3) {
            allow(method, "POST", HttpMethod.POST);
            return invite(request, meetingId);
        }
        allow(method, "DELETE", HttpMethod.DELETE);
        provisioning.revoke(meetingId, path.get(3));
        return Answer.noContent();
    }

    /**
     * {@code GET /api/statistics?from&to&format} (participations that joined in a range of UTC days) and
     * {@code GET /api/statistics/meetings/{id}?format} (one meeting's, also after it was deleted).
     */
    private Answer statistics(FullHttpRequest request, List<String> path, StatisticsScope scope)
            throws ApiException, StoreException {
        Map<String, List<String>> parameters = new QueryStringDecoder(request.uri()).parameters();
        if (path.size() == 1) {
            allow(request.method(), "GET", HttpMethod.GET);
            StatisticsRequests.RangeQuery query = StatisticsRequests.range(parameters,
                    StatisticsReport.day(provisioning.now()));
            StatisticsRows rows = statistics.joinedBetween(query.from().atStartOfDay(ZoneOffset.UTC).toInstant(),
                    query.to().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant(), scope);
            return statisticsAnswer(query.format(), "parley-statistics-" + query.from() + "-to-" + query.to(),
                    query.from(), query.to(), rows);
        }
        if (path.size() == 3 && path.get(1).equals(MEETINGS)) {
            allow(request.method(), "GET", HttpMethod.GET);
            StatisticsRequests.Format format = StatisticsRequests.meetingFormat(parameters);
            String meetingId = path.get(2);
            StatisticsRows rows = statistics.forMeeting(meetingId, scope);
            if (rows.participations().isEmpty()) {
                throw ApiException.notFound("no statistics of meeting \"" + meetingId + "\": nobody has joined it");
            }
            List<StatisticsRecord> participations = rows.participations();
            LocalDate first = StatisticsReport.day(participations.getFirst().joinedAt());
            LocalDate last = StatisticsReport.day(participations.getLast().joinedAt());
            String name = SAFE_FILE_NAME.matcher(meetingId).matches() ? meetingId : "meeting";
            return statisticsAnswer(format, "parley-statistics-" + name, first, last, rows);
        }
        throw ApiException.notFound("no API resource " + new QueryStringDecoder(request.uri()).path());
    }

    private static Answer statisticsAnswer(StatisticsRequests.Format format, String fileName, LocalDate from, LocalDate to,
                                           StatisticsRows rows) {
        return switch (format) {
            case JSON -> Answer.ok(StatisticsReport.json(from, to, rows));
            case CSV -> Answer.download(StatisticsCsv.MEDIA_TYPE, fileName + ".csv",
                    StatisticsCsv.csv(rows.participations()));
        };
    }

    private Answer listMeetings() throws StoreException {
        ArrayNode meetings = JsonNodeFactory.instance.arrayNode();
        for (StoredMeeting meeting : provisioning.list()) {
            meetings.add(MeetingJson.meeting(meeting, provisioning.participantCount(meeting.id())));
        }
        return Answer.ok(meetings);
    }

    private Answer createMeeting(FullHttpRequest request) throws ApiException, StoreException {
        RequestFields body = RequestFields.body(readBody(request));
        String id = MeetingRequests.meetingId(body);
        StoredMeeting meeting = provisioning.create(id, MeetingRequests.meeting(body, provisioning.tiers()));
        return Answer.created(MeetingJson.meeting(meeting, 0), PREFIX + MEETINGS + "/" + meeting.id());
    }

    /** A PUT body: like a POST one; an {@code id}, if given, must be the path's. */
    private MeetingSpec meetingBody(FullHttpRequest request, String meetingId)
            throws ApiException {
        RequestFields body = RequestFields.body(readBody(request));
        String id = MeetingRequests.meetingId(body);
        if (id != null && !id.equals(meetingId)) {
            throw ApiException.badRequest("id: a meeting's id cannot change (\"" + id + "\" in the body, \""
                    + meetingId + "\" in the path)");
        }
        return MeetingRequests.meeting(body, provisioning.tiers());
    }

    private Answer invite(FullHttpRequest request, String meetingId) throws ApiException, StoreException {
        StoredMeeting meeting = provisioning.get(meetingId);
        MeetingRequests.InvitationRequest invitation =
                MeetingRequests.invitation(RequestFields.body(readBody(request)), meeting.spec());
        IssuedInvitation issued = provisioning.invite(meetingId, invitation);
        return Answer.created(MeetingJson.invitation(issued, joinUrl(request, issued.token())),
                PREFIX + MEETINGS + "/" + meetingId + "/invitations/" + issued.invitation().id());
    }

    /**
     * The web app's address ({@code http.publicUrl}, else as the API client reached this server), with
     * the token as a query parameter.
     */
    private String joinUrl(FullHttpRequest request, String token) {
        // Tokens are base64url with one dot: nothing to percent-encode (RFC 3986 §2.3).
        return address.siteRoot(request) + "/?token=" + token;
    }

    private JsonNode readBody(FullHttpRequest request) throws ApiException {
        if (request.content().readableBytes() > MAX_BODY_BYTES) {
            throw new ApiException(ApiError.PAYLOAD_TOO_LARGE, "the body has " + request.content().readableBytes()
                    + " bytes; the limit is " + MAX_BODY_BYTES);
        }
        // The stream only reads the request's buffer; the request (and so the buffer) is released by channelRead.
        try (InputStream in = new ByteBufInputStream(request.content())) {
            return mapper.readTree(in);
        } catch (JacksonException e) {
            throw ApiException.badRequest("the body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.badRequest("cannot read the body: " + e.getMessage());
        }
    }

    /** Refuses any method but {@code expected}; {@code allowed} lists every method of the path. */
    private static void allow(HttpMethod method, String allowed, HttpMethod expected) throws ApiException {
        if (!expected.equals(method)) {
            throw ApiException.methodNotAllowed(method + " is not allowed here; use " + allowed, allowed);
        }
    }

    private void respond(ChannelHandlerContext ctx, FullHttpRequest request, Answer answer) {
        byte[] body;
        try {
            body = answer.download() != null ? answer.download().bytes()
                    : answer.body() == null ? new byte[0] : mapper.writeValueAsBytes(answer.body());
        } catch (IOException e) {
            throw new IllegalStateException("a tree of plain nodes always serializes", e);
        }
        FullHttpResponse response = new DefaultFullHttpResponse(request.protocolVersion(), answer.status(),
                Unpooled.wrappedBuffer(body));
        response.headers()
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE)
                .set("X-Content-Type-Options", "nosniff");
        if (answer.body() != null) {
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        }
        if (answer.download() != null) {
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, answer.download().contentType())
                    .set(HttpHeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"" + answer.download().fileName() + "\"");
        }
        if (answer.allow() != null) {
            response.headers().set(HttpHeaderNames.ALLOW, answer.allow());
        }
        if (answer.location() != null) {
            response.headers().set(HttpHeaderNames.LOCATION, answer.location());
        }
        if (answer.status() == HttpResponseStatus.UNAUTHORIZED) {
            response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"parley\""); // RFC 6750 §3
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        HttpUtil.setKeepAlive(response, keepAlive);
        ChannelFuture written = ctx.writeAndFlush(response);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }
}
