package org.parley.signaling.provisioning;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.parley.signaling.accounts.AccountNames;
import org.parley.signaling.accounts.AccountRole;
import org.parley.signaling.accounts.DashboardTickets;
import org.parley.signaling.accounts.LoginSessions;
import org.parley.signaling.accounts.LoginThrottle;
import org.parley.signaling.accounts.PasswordHasher;
import org.parley.signaling.store.Account;
import org.parley.signaling.store.ParleyStore;
import org.parley.signaling.store.StoreException;
import org.parley.signaling.store.StoredMeeting;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The account side of the API (see API.md, "Accounts"): logging in and out ({@code /api/session}),
 * changing one's own password, and the admin key's management of accounts ({@code /api/accounts}).
 *
 * <p>Checking a password costs an Argon2id hash (about 40 ms and 19 MiB), so logins are checked on
 * their own two threads ({@code parley-password}), never on the event loops or the store's thread,
 * with at most {@link #QUEUED_CHECKS} waiting (beyond: {@code 503}, counted as {@code busy}); the
 * {@link LoginThrottle} refuses guessing before any hashing. An unknown account name is checked
 * against a hash of a random password, so that the answer takes as long as for a known one and says
 * the same. The admin's own operations (creating an account, setting a password) hash on the store's
 * thread: they are rare and come with the admin key.
 */
final class AccountsApi implements AutoCloseable {

    static final int CHECK_THREADS = 2;
    static final int QUEUED_CHECKS = 16;

    private static final Logger LOG = LoggerFactory.getLogger(AccountsApi.class);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** How login attempts ended, the {@code result} of {@code parley_login_attempts_total}. */
    enum LoginResult {
        OK("ok"), REFUSED("refused"), LIMITED_ACCOUNT("limited_account"), LIMITED_SOURCE("limited_source"), BUSY("busy");

        final String label;

        LoginResult(String label) {
            this.label = label;
        }
    }

    private final ObjectMapper mapper;
    private final ParleyStore store;
    private final PasswordHasher hasher;
    private final LoginSessions sessions;
    private final DashboardTickets tickets;
    private final LoginThrottle throttle;
    private final ApiAuthentication authentication;
    private final List<String> tiers;
    private final boolean secureCookies;
    private final Clock clock;
    private final ThreadPoolExecutor checks;
    private final String unknownAccountHash;
    private final Map<LoginResult, Counter> attempts = new EnumMap<>(LoginResult.class);

    AccountsApi(ObjectMapper mapper, ParleyStore store, PasswordHasher hasher, LoginSessions sessions,
                DashboardTickets tickets, LoginThrottle throttle, ApiAuthentication authentication, List<String> tiers, boolean secureCookies, Clock clock,
                SecureRandom random, MeterRegistry registry) {
        this.mapper = mapper;
        this.store = store;
        this.hasher = hasher;
        this.sessions = sessions;
        this.tickets = tickets;
        this.throttle = throttle;
        this.authentication = authentication;
        this.tiers = List.copyOf(tiers);
        this.secureCookies = secureCookies;
        this.clock = clock;
        this.checks = new ThreadPoolExecutor(CHECK_THREADS, CHECK_THREADS, 0, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUED_CHECKS), runnable -> {
                    Thread thread = new Thread(runnable, "parley-password");
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.AbortPolicy());
        byte[] nobody = new byte[24];
        random.nextBytes(nobody);
        this.unknownAccountHash = hasher.hash(Base64.getEncoder().encodeToString(nobody));
        for (LoginResult result : LoginResult.values()) {
            attempts.put(result, Counter.builder("parley.login.attempts")
                    .description("Password checks at login and password change, by how they ended")
                    .tag("result", result.label).register(registry));
        }
        Gauge.builder("parley.login.sessions", sessions, LoginSessions::size)
                .description("Logged-in account sessions").register(registry);
    }

    /**
     * {@code /api/session}, {@code /api/session/password} (need no credentials but the password) and
     * {@code /api/session/dashboard-ticket} (the session's).
     */
    CompletableFuture<ApiAnswer> session(FullHttpRequest request, List<String> path, InetAddress source)
            throws ApiException, StoreException {
        HttpMethod method = request.method();
        if (path.size() == 2 && path.get(1).equals("password")) {
            ProvisioningApiHandler.allow(method, "PUT", HttpMethod.PUT);
            return changeOwnPassword(request, source);
        }
        if (path.size() == 2 && path.get(1).equals("dashboard-ticket")) {
            ProvisioningApiHandler.allow(method, "POST", HttpMethod.POST);
            return done(dashboardTicket(request));
        }
        if (path.size() != 1) {
            throw ApiException.notFound("no API resource /api/" + String.join("/", path));
        }
        if (HttpMethod.GET.equals(method)) {
            LoginSessions.Session session = authentication.session(request)
                    .orElseThrow(() -> new ApiException(ApiError.UNAUTHORIZED, "not logged in"));
            return done(ApiAnswer.ok(MeetingJson.session(session, tiers)));
        }
        if (HttpMethod.DELETE.equals(method)) {
            authentication.refuseForeignOrigin(request);
            sessions.end(ApiAuthentication.sessionId(request));
            return done(ApiAnswer.noContent().with(HttpHeaderNames.SET_COOKIE.toString(),
                    LoginSessions.clearingCookie(secureCookies)));
        }
        ProvisioningApiHandler.allow(method, "GET, POST, DELETE", HttpMethod.POST);
        return login(request, source);
    }

    private CompletableFuture<ApiAnswer> login(FullHttpRequest request, InetAddress source)
            throws ApiException, StoreException {
        // A login from another site's page would log the browser into an account of the attacker's (login CSRF).
        authentication.refuseForeignOrigin(request);
        RequestFields body = RequestBody.fields(mapper, request);
        body.allowOnly("account", "password");
        String name = AccountNames.normal(body.string("account", AccountNames.MAX_LENGTH));
        String password = body.exactString("password", 4 * PasswordHasher.MAX_PASSWORD_LENGTH);
        Optional<ApiAnswer> limited = throttled(name, source);
        if (limited.isPresent()) {
            return done(limited.get());
        }
        Optional<Account> account = store.accounts().find(name);
        String encoded = account.map(Account::passwordHash).orElse(unknownAccountHash);
        return check(password, encoded, name, source).thenApply(right -> {
            if (!right || account.isEmpty()) {
                return wrongPassword();
            }
            succeeded(name, source);
            rehashIfWeak(account.get(), password);
            String id = sessions.start(account.get().name(), account.get().role());
            return ApiAnswer.ok(MeetingJson.session(sessions.find(id).orElseThrow(), tiers))
                    .with(HttpHeaderNames.SET_COOKIE.toString(), LoginSessions.cookie(id, secureCookies));
        });
    }

    /**
     * {@code POST /api/session/dashboard-ticket}: a single-use ticket that opens the operator dashboard
     * for this session ({@link DashboardTickets}). The cookie alone is not enough: it must come from this
     * server's pages, since the ticket opens a view of the account's meetings. An organiser's meetings
     * are read now, on the store's thread, so that its view starts with them.
     */
    private ApiAnswer dashboardTicket(FullHttpRequest request) throws ApiException, StoreException {
        LoginSessions.Session session = authentication.session(request)
                .orElseThrow(() -> new ApiException(ApiError.UNAUTHORIZED, "not logged in"));
        authentication.requireOwnOrigin(request);
        Set<String> owned = session.role() == AccountRole.ORGANISER
                ? ownedMeetings(store, session.account()) : Set.of();
        DashboardTickets.Issued issued = tickets.issue(ApiAuthentication.sessionId(request), owned)
                .orElseThrow(() -> new ApiException(ApiError.UNAUTHORIZED, "not logged in"));
        ObjectNode body = mapper.createObjectNode()
                .put("ticket", issued.ticket())
                .put("expiresAt", issued.expiresAt().toString());
        return ApiAnswer.ok(body).with(HttpHeaderNames.CACHE_CONTROL.toString(), "no-store");
    }

    /** The ids of the meetings {@code account} owns now; on the store's thread. */
    static Set<String> ownedMeetings(ParleyStore store, String account) throws StoreException {
        return store.meetings().ownedBy(account).stream().map(StoredMeeting::id)
                .collect(Collectors.toUnmodifiableSet());
    }

    /**
     * {@code PUT /api/session/password {currentPassword, newPassword}}: throttled like a login, since it
     * checks a password too. Every session of the account ends; this one gets a new cookie.
     */
    private CompletableFuture<ApiAnswer> changeOwnPassword(FullHttpRequest request, InetAddress source)
            throws ApiException, StoreException {
        LoginSessions.Session session = authentication.session(request)
                .orElseThrow(() -> new ApiException(ApiError.UNAUTHORIZED, "not logged in"));
        authentication.requireOwnOrigin(request);
        RequestFields body = RequestBody.fields(mapper, request);
        body.allowOnly("currentPassword", "newPassword");
        String current = body.exactString("currentPassword", 4 * PasswordHasher.MAX_PASSWORD_LENGTH);
        String replacement = body.exactString("newPassword", 4 * PasswordHasher.MAX_PASSWORD_LENGTH);
        String problem = PasswordHasher.policyProblem(replacement);
        if (problem != null) {
            throw ApiException.badRequest("newPassword: " + problem);
        }
        String name = session.account();
        Optional<ApiAnswer> limited = throttled(name, source);
        if (limited.isPresent()) {
            return done(limited.get());
        }
        Account account = store.accounts().find(name).orElse(null);
        String encoded = account == null ? unknownAccountHash : account.passwordHash();
        return check(current, encoded, name, source).thenCompose(right -> {
            if (!right || account == null) {
                return done(ApiAnswer.refused(ApiError.FORBIDDEN, "currentPassword: wrong password"));
            }
            succeeded(name, source);
            return CompletableFuture.supplyAsync(() -> hasher.hash(replacement), checks)
                    .thenCompose(hash -> store.writer().submit("change the password of " + name, () -> {
                        store.accounts().setPasswordHash(name, hash);
                        sessions.endAll(name);
                        String id = sessions.start(name, account.role());
                        return ApiAnswer.noContent().with(HttpHeaderNames.SET_COOKIE.toString(),
                                LoginSessions.cookie(id, secureCookies));
                    }));
        });
    }

    /** The refusal of an attempt the throttle stops, counted; empty when it may go on. */
    private Optional<ApiAnswer> throttled(String name, InetAddress source) {
        LoginThrottle.Decision decision = throttle.attempt(name, source);
        if (decision.allowed()) {
            return Optional.empty();
        }
        boolean perAccount = decision.verdict() == LoginThrottle.Verdict.ACCOUNT_LIMITED;
        attempts.get(perAccount ? LoginResult.LIMITED_ACCOUNT : LoginResult.LIMITED_SOURCE).increment();
        return Optional.of(ApiAnswer.refused(ApiError.TOO_MANY_REQUESTS, "too many failed logins "
                        + (perAccount ? "for this account" : "from this address") + "; try again in "
                        + decision.retryAfterSeconds() + " s")
                .with(HttpHeaderNames.RETRY_AFTER.toString(), Long.toString(decision.retryAfterSeconds())));
    }

    /**
     * Checks {@code password} against {@code encoded} on the password threads. A full queue is a 503, and
     * the throttle's token is given back (nothing was checked).
     */
    private CompletableFuture<Boolean> check(String password, String encoded, String name, InetAddress source) {
        try {
            return CompletableFuture.supplyAsync(() -> hasher.verify(password, encoded), checks);
        } catch (RejectedExecutionException e) {
            throttle.succeeded(name, source);
            attempts.get(LoginResult.BUSY).increment();
            CompletableFuture<Boolean> busy = new CompletableFuture<>();
            busy.completeExceptionally(new ApiException(ApiError.UNAVAILABLE,
                    "too many logins are being checked; try again in a second"));
            return busy;
        }
    }

    private ApiAnswer wrongPassword() {
        attempts.get(LoginResult.REFUSED).increment();
        return ApiAnswer.refused(ApiError.UNAUTHORIZED, "wrong account name or password");
    }

    private void succeeded(String name, InetAddress source) {
        throttle.succeeded(name, source);
        attempts.get(LoginResult.OK).increment();
    }

    /** Stores a hash with today's parameters when the account's was made with weaker ones (raised since). */
    private void rehashIfWeak(Account account, String password) {
        if (!hasher.needsRehash(account.passwordHash())) {
            return;
        }
        CompletableFuture.supplyAsync(() -> hasher.hash(password), checks)
                .thenCompose(hash -> store.writer().submit("rehash the password of " + account.name(),
                        () -> store.accounts().setPasswordHash(account.name(), hash)))
                .whenComplete((stored, failure) -> {
                    if (failure != null) {
                        LOG.warn("Cannot store a stronger password hash for {}: {}", account.name(), failure.toString());
                    } else {
                        LOG.info("Password hash of {} raised to {}", account.name(), hasher.parameters());
                    }
                });
    }

    /** {@code /api/accounts…}, for the admin key only. */
    ApiAnswer accounts(Caller caller, FullHttpRequest request, List<String> path) throws ApiException, StoreException {
        if (!caller.managesAccounts()) {
            throw ApiException.forbidden(caller.describe() + " cannot manage accounts; the admin key can");
        }
        HttpMethod method = request.method();
        if (path.size() == 1) {
            if (HttpMethod.GET.equals(method)) {
                ArrayNode list = NODES.arrayNode();
                for (Account account : store.accounts().all()) {
                    list.add(MeetingJson.account(account));
                }
                return ApiAnswer.ok(list);
            }
            ProvisioningApiHandler.allow(method, "GET, POST", HttpMethod.POST);
            return create(request);
        }
        String name = AccountNames.normal(path.get(1));
        if (path.size() == 2) {
            ProvisioningApiHandler.allow(method, "DELETE", HttpMethod.DELETE);
            if (!store.accounts().delete(name)) {
                throw ApiException.notFound("no account \"" + name + "\"");
            }
            sessions.endAll(name);
            return ApiAnswer.noContent();
        }
        if (path.size() == 3 && path.get(2).equals("password")) {
            ProvisioningApiHandler.allow(method, "PUT", HttpMethod.PUT);
            RequestFields body = RequestBody.fields(mapper, request);
            body.allowOnly("password");
            String password = newPassword(body, "password");
            if (!store.accounts().setPasswordHash(name, hasher.hash(password))) {
                throw ApiException.notFound("no account \"" + name + "\"");
            }
            sessions.endAll(name);
            return ApiAnswer.noContent();
        }
        throw ApiException.notFound("no API resource /api/" + String.join("/", path));
    }

    private ApiAnswer create(FullHttpRequest request) throws ApiException, StoreException {
        RequestFields body = RequestBody.fields(mapper, request);
        body.allowOnly("name", "role", "password");
        String typed = body.string("name", AccountNames.MAX_LENGTH);
        String problem = AccountNames.problem(typed);
        if (problem != null) {
            throw ApiException.badRequest("name: " + problem);
        }
        String roleName = body.string("role", 16);
        AccountRole role = AccountRole.fromWireName(roleName);
        if (role == null) {
            throw ApiException.badRequest("role: \"" + roleName + "\" is not one of " + AccountRole.wireNames());
        }
        String password = newPassword(body, "password");
        Account account = new Account(AccountNames.normal(typed), role, hasher.hash(password),
                clock.instant().truncatedTo(ChronoUnit.SECONDS));
        if (!store.accounts().insert(account)) {
            throw ApiException.conflict("name: an account \"" + account.name() + "\" exists already");
        }
        return ApiAnswer.created(MeetingJson.account(account), ProvisioningApiHandler.PREFIX + "accounts/" + account.name());
    }

    private static String newPassword(RequestFields body, String field) throws ApiException {
        String password = body.exactString(field, 4 * PasswordHasher.MAX_PASSWORD_LENGTH);
        String problem = PasswordHasher.policyProblem(password);
        if (problem != null) {
            throw ApiException.badRequest(field + ": " + problem);
        }
        return password;
    }

    private static CompletableFuture<ApiAnswer> done(ApiAnswer answer) {
        return CompletableFuture.completedFuture(answer);
    }

    /** Stops the password threads. */
    @Override
    public void close() {
        checks.shutdownNow();
    }
}
