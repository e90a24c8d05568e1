package org.parley.signaling.provisioning;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpChunkedInput;
import io.netty.handler.stream.ChunkedNioFile;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import org.parley.signaling.recording.MeetingRecordings;
import org.parley.signaling.store.CaptionStore;
import org.parley.signaling.store.RecordingStore;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.regex.Pattern;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import org.parley.signaling.accounts.DashboardTickets;
import org.parley.signaling.accounts.LoginSessions;
import org.parley.signaling.dashboard.OwnedMeetings;
import org.parley.signaling.accounts.LoginThrottle;
import org.parley.signaling.accounts.PasswordHasher;
import org.parley.signaling.auth.AdminKey;
import org.parley.signaling.diagnostics.InternalErrors;
import org.parley.signaling.http.OriginPolicy;
import org.parley.signaling.http.PublicAddress;
import org.parley.signaling.statistics.ParticipationStatistics;
import org.parley.signaling.statistics.StatisticsCsv;
import org.parley.signaling.statistics.StatisticsReport;
import org.parley.signaling.statistics.StatisticsScope;
import org.parley.signaling.store.ParleyStore;
import org.parley.signaling.store.Invitation;
import org.parley.signaling.store.MeetingSpec;
import org.parley.signaling.store.StatisticsRecord;
import org.parley.signaling.store.StatisticsRows;
import org.parley.signaling.store.StoreException;
import org.parley.signaling.store.StoreWriter;
import org.parley.signaling.store.StoredMeeting;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provisioning REST API under {@code /api/} (see API.md): finds the {@link Caller} (the admin key or
 * an account's session, {@link ApiAuthentication}), routes by path and method, reads the JSON body, and
 * answers JSON; refusals are {@code {"error": CODE, "message": …}}. What each caller may do with a
 * meeting is checked by {@link MeetingProvisioning} on every operation, which meetings' statistics it
 * reads by {@link #statisticsScope}; logins and accounts are {@link AccountsApi}'s. Every other request, and WebSocket frames, pass on down the pipeline. It
 * releases the requests it answers. The request is answered on the store's thread ({@link StoreWriter}),
 * never on the event loop: a slow disk must not stall the WebSocket sessions sharing the loop (a
 * login's password check moves on to the password threads from there). While a request waits, the
 * connection reads no further (responses stay in request order).
 */
@ChannelHandler.Sharable
public final class ProvisioningApiHandler extends ChannelInboundHandlerAdapter implements AutoCloseable {

    /** Bodies above this are refused with {@link ApiError#PAYLOAD_TOO_LARGE}; a large meeting needs a few KiB. */
    public static final int MAX_BODY_BYTES = 16 * 1024;
    static final String PREFIX = "/api/";

    private static final Logger LOG = LoggerFactory.getLogger(ProvisioningApiHandler.class);
    private static final String MEETINGS = "meetings";
    private static final String STATISTICS = "statistics";
    private static final Pattern SAFE_FILE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final ObjectMapper mapper;
    private final ApiAuthentication authentication;
    private final AccountsApi accounts;
    private final DashboardTickets dashboardTickets;
    private final MeetingProvisioning provisioning;
    private final ParticipationStatistics statistics;
    private final PublicAddress address;
    private final StoreWriter storeThread;
    private final RecordingStore storeRecordings;
    private final CaptionsApi captions;
    /** The recordings' endpoints, once the server has its recordings (after the media core started). */
    private volatile RecordingsApi recordings;

    /**
     * @param statistics  the e-participation statistics ({@code /api/statistics})
     * @param storeThread where requests are answered: the store's thread
     */
    ProvisioningApiHandler(ObjectMapper mapper, ApiAuthentication authentication, AccountsApi accounts,
                           DashboardTickets dashboardTickets, MeetingProvisioning provisioning, ParticipationStatistics statistics, PublicAddress address,
                           StoreWriter storeThread, RecordingStore storeRecordings, CaptionStore storeCaptions) {
        this.storeRecordings = storeRecordings;
        this.captions = new CaptionsApi(provisioning, storeCaptions);
        this.statistics = statistics;
        this.address = address;
        this.storeThread = storeThread;
        this.mapper = mapper;
        this.authentication = authentication;
        this.accounts = accounts;
        this.dashboardTickets = dashboardTickets;
        this.provisioning = provisioning;
    }

    /**
     * The API with its account side: sessions in memory, the login throttle, Argon2id password checks on
     * their own threads ({@link #close} stops them).
     */
    public static ProvisioningApiHandler create(ObjectMapper mapper, AdminKey adminKey, MeetingProvisioning provisioning,
                                                ParticipationStatistics statistics, ParleyStore store,
                                                OriginPolicy origins, PublicAddress address, SecureRandom random,
                                                Clock clock, MeterRegistry registry) {
        ObjectMapper strict = strictMapper(mapper);
        LoginSessions sessions = new LoginSessions(random, clock);
        ApiAuthentication authentication = new ApiAuthentication(adminKey, sessions, origins);
        DashboardTickets tickets = new DashboardTickets(sessions, random, clock);
        AccountsApi accounts = new AccountsApi(strict, store, new PasswordHasher(random), sessions, tickets,
                new LoginThrottle(),
                authentication, provisioning.tiers().names(), address.secure(), clock, random, registry);
        return new ProvisioningApiHandler(strict, authentication, accounts, tickets, provisioning, statistics,
                address, store.writer(), store.recordings(), store.captions());
    }

    /** Serves {@code /api/meetings/{id}/recording} and {@code …/recordings} from now on (503 before). */
    public void serveRecordings(MeetingRecordings meetingRecordings) {
        recordings = new RecordingsApi(provisioning, storeRecordings, meetingRecordings);
    }

    /** The tickets that hand this API's login sessions over to the dashboard's WebSocket. */
    public DashboardTickets dashboardTickets() {
        return dashboardTickets;
    }

    /** The meetings an organiser account owns, read on the store's thread: a dashboard view's scope. */
    public static OwnedMeetings ownedMeetings(ParleyStore store) {
        return account -> store.writer().submit("list the meetings of " + account + " for its dashboard",
                () -> AccountsApi.ownedMeetings(store, account));
    }

    /** Strict duplicate detection: {@code {"title":"a","title":"b"}} is ambiguous, so it is refused. */
    static ObjectMapper strictMapper(ObjectMapper mapper) {
        return mapper.copy().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request) || !isApi(request.uri())) {
            ctx.fireChannelRead(msg);
            return;
        }
        ctx.channel().config().setAutoRead(false);
        InetAddress source = sourceAddress(ctx.channel().remoteAddress());
        storeThread.submit("answer " + request.method() + " " + request.uri(), () -> answer(request, source))
                .thenCompose(answer -> answer)
                .whenComplete((answer, failure) -> {
                    ApiAnswer sent = failure == null ? answer : failed(request, failure);
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

    /** The answer to a request whose work failed off the store's thread (a password check, a full queue). */
    private static ApiAnswer failed(FullHttpRequest request, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof ApiException e) {
            return ApiAnswer.refused(e);
        }
        if (cause instanceof RejectedExecutionException) {
            return ApiAnswer.refused(ApiError.UNAVAILABLE, "the server is busy; try again in a second")
                    .with(HttpHeaderNames.RETRY_AFTER.toString(), "1");
        }
        return ApiAnswer.refused(ApiError.INTERNAL, InternalErrors.report(LOG,
                "Provisioning request " + request.method() + " " + request.uri(), cause));
    }

    private static InetAddress sourceAddress(SocketAddress remote) {
        return remote instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress() : InetAddress.getLoopbackAddress();
    }

    /** On the event loop: answers, releases the request and reads on. */
    private void finish(ChannelHandlerContext ctx, FullHttpRequest request, ApiAnswer answer) {
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

    private CompletableFuture<ApiAnswer> answer(FullHttpRequest request, InetAddress source) {
        try {
            if (request.decoderResult().isFailure()) {
                throw ApiException.badRequest("malformed HTTP request");
            }
            List<String> path = segments(request.uri());
            if (!path.isEmpty() && path.getFirst().equals("session")) {
                return accounts.session(request, path, source);
            }
            Caller caller = authentication.caller(request);
            if (!path.isEmpty() && path.getFirst().equals("accounts")) {
                return CompletableFuture.completedFuture(accounts.accounts(caller, request, path));
            }
            if (path.size() >= 3 && path.getFirst().equals(MEETINGS) && RecordingsApi.handles(path.get(2))) {
                RecordingsApi serving = recordings;
                if (serving == null) {
                    throw new ApiException(ApiError.UNAVAILABLE, "recordings are not served yet: the server is starting");
                }
                return serving.answer(caller, request, path);
            }
            return CompletableFuture.completedFuture(route(caller, request, path));
        } catch (ApiException e) {
            return CompletableFuture.completedFuture(ApiAnswer.refused(e));
        } catch (StoreException | RuntimeException e) {
            return CompletableFuture.completedFuture(ApiAnswer.refused(ApiError.INTERNAL, InternalErrors.report(LOG,
                    "Provisioning request " + request.method() + " " + request.uri(), e)));
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

    private ApiAnswer route(Caller caller, FullHttpRequest request, List<String> path) throws ApiException, StoreException {
        if (!path.isEmpty() && path.getFirst().equals(STATISTICS)) {
            return statistics(request, path, statisticsScope(caller));
        }
        if (path.isEmpty() || !path.getFirst().equals(MEETINGS) || path.size() > 4) {
            throw ApiException.notFound("no API resource " + new QueryStringDecoder(request.uri()).path());
        }
        HttpMethod method = request.method();
        if (path.size() == 1) {
            if (HttpMethod.GET.equals(method)) {
                return listMeetings(caller);
            }
            allow(method, "GET, POST", HttpMethod.POST);
            return createMeeting(caller, request);
        }
        String meetingId = path.get(1);
        if (path.size() == 2) {
            if (HttpMethod.GET.equals(method)) {
                return meeting(provisioning.get(caller, meetingId));
            }
            if (HttpMethod.PUT.equals(method)) {
                return meeting(provisioning.update(caller, meetingId, meetingBody(request, meetingId)));
            }
            allow(method, "GET, PUT, DELETE", HttpMethod.DELETE);
            provisioning.delete(caller, meetingId);
            return ApiAnswer.noContent();
        }
        String collection = path.get(2);
        if (collection.equals("end") && path.size() == 3) {
            allow(method, "POST", HttpMethod.POST);
            return meeting(provisioning.end(caller, meetingId));
        }
        if (collection.equals("participation") && path.size() == 3) {
            allow(method, "GET", HttpMethod.GET);
            return ApiAnswer.ok(MeetingJson.participation(provisioning.participation(caller, meetingId)));
        }
        if (CaptionsApi.handles(collection) && path.size() == 3) {
            return captions.answer(caller, request, path);
        }
        if (collection.equals("transports") && path.size() == 4) {
            allow(method, "DELETE", HttpMethod.DELETE);
            provisioning.closeTransport(caller, meetingId, path.get(3));
            return ApiAnswer.noContent();
        }
        if (!collection.equals("invitations")) {
            throw ApiException.notFound("no API resource " + new QueryStringDecoder(request.uri()).path());
        }
        if (path.size() == 3) {
            if (HttpMethod.GET.equals(method)) {
                return listInvitations(caller, request, meetingId);
            }
            allow(method, "GET, POST", HttpMethod.POST);
            return invite(caller, request, meetingId);
        }
        allow(method, "DELETE", HttpMethod.DELETE);
        provisioning.revoke(caller, meetingId, path.get(3));
        return ApiAnswer.noContent();
    }

    /**
     * The admin key and operators read every meeting's statistics; an organiser those of the meetings it
     * owns, also after their deletion (the statistics keep each meeting's owner).
     */
    private StatisticsScope statisticsScope(Caller caller) throws StoreException {
        return caller.listsAll() ? StatisticsScope.EVERY_MEETING
                : StatisticsScope.ofMeetings(statistics.meetingsOwnedBy(caller.account()));
    }

    /**
     * {@code GET /api/statistics?from&to&format} (participations that joined in a range of UTC days) and
     * {@code GET /api/statistics/meetings/{id}?format} (one meeting's, also after it was deleted).
     */
    private ApiAnswer statistics(FullHttpRequest request, List<String> path, StatisticsScope scope)
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
                // Another organiser's meeting is answered as one without statistics: as MeetingProvisioning.get.
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

    private static ApiAnswer statisticsAnswer(StatisticsRequests.Format format, String fileName, LocalDate from,
                                              LocalDate to, StatisticsRows rows) {
        return switch (format) {
            case JSON -> ApiAnswer.ok(StatisticsReport.json(from, to, rows));
            case CSV -> ApiAnswer.download(StatisticsCsv.MEDIA_TYPE, fileName + ".csv",
                    StatisticsCsv.csv(rows.participations()));
        };
    }

    private ApiAnswer meeting(StoredMeeting meeting) {
        return ApiAnswer.ok(liveMeeting(meeting));
    }

    /** The meeting with who is in it and its recording now. */
    private ObjectNode liveMeeting(StoredMeeting meeting) {
        return MeetingJson.meeting(meeting, provisioning.participantCount(meeting.id()),
                provisioning.observerCount(meeting.id()), provisioning.recording(meeting.id()));
    }

    private ApiAnswer listMeetings(Caller caller) throws StoreException {
        ArrayNode meetings = JsonNodeFactory.instance.arrayNode();
        for (StoredMeeting meeting : provisioning.list(caller)) {
            meetings.add(liveMeeting(meeting));
        }
        return ApiAnswer.ok(meetings);
    }

    private ApiAnswer createMeeting(Caller caller, FullHttpRequest request) throws ApiException, StoreException {
        RequestFields body = RequestBody.fields(mapper, request);
        String id = MeetingRequests.meetingId(body);
        StoredMeeting meeting = provisioning.create(caller, id, MeetingRequests.meeting(body, provisioning.tiers()));
        return ApiAnswer.created(MeetingJson.meeting(meeting, 0, 0, null), PREFIX + MEETINGS + "/" + meeting.id());
    }

    /** A PUT body: like a POST one; an {@code id}, if given, must be the path's. */
    private MeetingSpec meetingBody(FullHttpRequest request, String meetingId) throws ApiException {
        RequestFields body = RequestBody.fields(mapper, request);
        String id = MeetingRequests.meetingId(body);
        if (id != null && !id.equals(meetingId)) {
            throw ApiException.badRequest("id: a meeting's id cannot change (\"" + id + "\" in the body, \""
                    + meetingId + "\" in the path)");
        }
        return MeetingRequests.meeting(body, provisioning.tiers());
    }

    private ApiAnswer invite(Caller caller, FullHttpRequest request, String meetingId) throws ApiException, StoreException {
        StoredMeeting meeting = provisioning.get(caller, meetingId);
        MeetingRequests.InvitationRequest invitation =
                MeetingRequests.invitation(RequestBody.fields(mapper, request), meeting.spec());
        IssuedInvitation issued = provisioning.invite(caller, meetingId, invitation);
        return ApiAnswer.created(MeetingJson.invitation(issued, joinUrl(request, issued.invitation(), issued.token())),
                PREFIX + MEETINGS + "/" + meetingId + "/invitations/" + issued.invitation().id());
    }

    private ApiAnswer listInvitations(Caller caller, FullHttpRequest request, String meetingId)
            throws ApiException, StoreException {
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        for (MeetingProvisioning.ListedInvitation listed : provisioning.invitations(caller, meetingId)) {
            list.add(MeetingJson.invitation(listed.record(), listed.token(),
                    joinUrl(request, listed.record().invitation(), listed.token())));
        }
        return ApiAnswer.ok(list);
    }

    /**
     * The web app's address ({@code http.publicUrl}, else as the API client reached this server), with
     * the token as a query parameter, and the invitee's language as {@code lang} when it has one: the
     * page then opens in it (i18n.js; a language the pages are not written in is ignored there).
     */
    private String joinUrl(FullHttpRequest request, Invitation invitation, String token) {
        // Tokens are base64url with one dot, languages two letters: nothing to percent-encode (RFC 3986 §2.3).
        return address.siteRoot(request) + "/?token=" + token
                + (invitation.language() == null ? "" : "&lang=" + invitation.language());
    }

    /** Refuses any method but {@code expected}; {@code allowed} lists every method of the path. */
    static void allow(HttpMethod method, String allowed, HttpMethod expected) throws ApiException {
        if (!expected.equals(method)) {
            throw ApiException.methodNotAllowed(method + " is not allowed here; use " + allowed, allowed);
        }
    }

    private void respond(ChannelHandlerContext ctx, FullHttpRequest request, ApiAnswer answer) {
        if (answer.part() != null) {
            respondWithFile(ctx, request, answer);
            return;
        }
        byte[] body;
        try {
            body = answer.file() != null ? answer.file()
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
        for (Map.Entry<String, String> header : answer.headers().entrySet()) {
            response.headers().set(header.getKey(), header.getValue());
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

    /** Streams a file part in chunks (ChunkedWriteHandler), never holding the file in memory. */
    private static void respondWithFile(ChannelHandlerContext ctx, FullHttpRequest request, ApiAnswer answer) {
        ApiAnswer.FilePart part = answer.part();
        FileChannel file;
        try {
            file = FileChannel.open(part.path(), StandardOpenOption.READ);
        } catch (IOException e) {
            ctx.writeAndFlush(new DefaultFullHttpResponse(request.protocolVersion(), HttpResponseStatus.NOT_FOUND))
                    .addListener(ChannelFutureListener.CLOSE);
            return;
        }
        DefaultHttpResponse response = new DefaultHttpResponse(request.protocolVersion(), answer.status());
        response.headers()
                .set(HttpHeaderNames.CONTENT_LENGTH, part.length())
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE)
                .set("X-Content-Type-Options", "nosniff");
        for (Map.Entry<String, String> header : answer.headers().entrySet()) {
            response.headers().set(header.getKey(), header.getValue());
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        HttpUtil.setKeepAlive(response, keepAlive);
        ctx.write(response);
        ChannelFuture written;
        try {
            written = ctx.writeAndFlush(new HttpChunkedInput(new ChunkedNioFile(file, part.offset(), part.length(),
                    64 * 1024)));
        } catch (IOException e) {
            closeQuietly(file);
            ctx.close();
            return;
        }
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static void closeQuietly(FileChannel file) {
        try {
            file.close();
        } catch (IOException e) {
            // nothing was sent from it
        }
    }

    /** Stops the password threads. */
    @Override
    public void close() {
        accounts.close();
    }
}
