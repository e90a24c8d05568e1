package org.parley.media.ice;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;

/**
 * The server side of ICE-lite (RFC 8445 §2.5) for one transport: answers the peer's Binding requests, tracks the
 * nominated remote address and consent freshness (RFC 7675).
 *
 * <p>A lite agent gathers only host candidates, never sends checks and is always controlled (RFC 8445 §6.1.1),
 * so all it does is validate each incoming request against its short-term credentials (RFC 8445 §7.3) and
 * answer. The transport layer hands it every STUN datagram addressed to {@link #localUfrag()} and sends back the
 * returned response.
 *
 * <p>Threading: {@link #handle} and {@link #setRemoteUfrag} must be called by one thread at a time (the
 * transport's event loop); the read-only accessors may be called from any thread.
 */
public final class IceLiteAgent {

    /** RFC 7675 §5.1: consent expires 30 seconds after the last authenticated request. */
    public static final Duration DEFAULT_CONSENT_TIMEOUT = Duration.ofSeconds(30);

    // RFC 8445 §5.3: at least 24 bits of randomness in the ufrag and 128 in the password; an ice-char carries 6.
    private static final int UFRAG_LENGTH = 8;
    private static final int PASSWORD_LENGTH = 24;
    // RFC 8839 §5.4: ice-char = ALPHA / DIGIT / "+" / "/"
    private static final String ICE_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The error responses a lite agent sends, with the reason phrases of RFC 5389 §15.6 and RFC 8445 §16.1. */
    private enum Rejection {
        BAD_REQUEST(400, "Bad Request"),
        UNAUTHORIZED(401, "Unauthorized"),
        UNKNOWN_ATTRIBUTE(420, "Unknown Attribute"),
        ROLE_CONFLICT(487, "Role Conflict");

        final int code;
        final String reason;

        Rejection(int code, String reason) {
            this.code = code;
            this.reason = reason;
        }
    }

    private final String localUfrag;
    private final String localPassword;
    private final byte[] integrityKey;
    private final String usernamePrefix;
    private final long consentTimeoutNanos;

    private volatile String expectedUsername;
    private volatile InetSocketAddress selectedAddress;
    private volatile boolean nominated;
    private volatile long lastAcceptedNanos;
    private volatile boolean everAccepted;

    private IceLiteAgent(String localUfrag, String localPassword, Duration consentTimeout) {
        this.localUfrag = localUfrag;
        this.localPassword = localPassword;
        // Short-term credentials (RFC 5389 §15.4): the key is the SASLprep'ed password, the identity for ASCII.
        this.integrityKey = localPassword.getBytes(UTF_8);
        this.usernamePrefix = localUfrag + ':';
        this.consentTimeoutNanos = consentTimeout.toNanos();
    }

    /** An agent with fresh random credentials and the RFC 7675 consent timeout of 30 seconds. */
    public static IceLiteAgent create() {
        return create(DEFAULT_CONSENT_TIMEOUT);
    }

    /** An agent with fresh random credentials whose consent expires {@code consentTimeout} after a request. */
    public static IceLiteAgent create(Duration consentTimeout) {
        if (consentTimeout.isNegative() || consentTimeout.isZero()) {
            throw new IllegalArgumentException("consent timeout must be positive: " + consentTimeout);
        }
        return new IceLiteAgent(randomIceChars(UFRAG_LENGTH), randomIceChars(PASSWORD_LENGTH), consentTimeout);
    }

    private static String randomIceChars(int count) {
        char[] chars = new char[count];
        for (int i = 0; i < count; i++) {
            chars[i] = ICE_CHARS.charAt(RANDOM.nextInt(ICE_CHARS.length()));
        }
        return new String(chars);
    }

    /** Our ufrag, for the SDP answer's {@code a=ice-ufrag}. */
    public String localUfrag() {
        return localUfrag;
    }

    /** Our password, for the SDP answer's {@code a=ice-pwd}. */
    public String localPassword() {
        return localPassword;
    }

    /**
     * The peer's ufrag from its SDP. Once set, a request's USERNAME must be exactly {@code localUfrag:remoteUfrag}
     * (RFC 8445 §7.3); before, any {@code localUfrag:<something>} is accepted, because a request may arrive
     * before the offer has been applied.
     */
    public void setRemoteUfrag(String remoteUfrag) {
        Objects.requireNonNull(remoteUfrag, "remoteUfrag");
        this.expectedUsername = usernamePrefix + remoteUfrag;
    }

    /**
     * Handles one STUN datagram from {@code sender}. The request buffer is read but neither modified nor
     * released. A returned {@link BindingOutcome#response()} is allocated from {@code alloc} and owned by the
     * caller. Never throws on bad input: every datagram ends in one of the {@link BindingOutcome.Status} values.
     *
     * @param nowNanos the current {@link System#nanoTime()}, recorded for consent freshness when accepted
     */
    public BindingOutcome handle(ByteBuf request, InetSocketAddress sender, ByteBufAllocator alloc, long nowNanos) {
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(alloc, "alloc");
        StunMessage message;
        try {
            message = StunMessage.decode(request);
        } catch (StunDecodeException e) {
            return BindingOutcome.dropped(BindingOutcome.Status.DROPPED_MALFORMED);
        }
        if (message.messageClass() != StunClass.REQUEST) {
            return BindingOutcome.dropped(BindingOutcome.Status.DROPPED_NOT_A_REQUEST);
        }
        if (message.method() != StunMessage.BINDING) {
            return BindingOutcome.dropped(BindingOutcome.Status.DROPPED_UNSUPPORTED_METHOD);
        }
        // RFC 8445 §7 makes FINGERPRINT mandatory on checks; without a valid one the datagram may belong to
        // another protocol that happens to look like STUN, so it gets no answer.
        if (!message.hasValidFingerprint()) {
            return BindingOutcome.dropped(BindingOutcome.Status.DROPPED_BAD_FINGERPRINT);
        }
        // RFC 5389 §10.1.2: these first two rejections carry no MESSAGE-INTEGRITY, as the peer is not
        // authenticated.
        if (message.username() == null || !message.hasMessageIntegrity()) {
            return reject(message, Rejection.BAD_REQUEST, null, alloc);
        }
        if (!isOurUsername(message.username()) || !message.verifyIntegrity(integrityKey)) {
            return reject(message, Rejection.UNAUTHORIZED, null, alloc);
        }
        // From here on every response is authenticated with our password (RFC 5389 §10.1.2).
        int[] unrecognized = message.unrecognizedRequiredAttributes();
        if (unrecognized.length > 0) {
            // RFC 5389 §7.3.1: list what we did not understand.
            StunMessage response = errorResponse(message, Rejection.UNKNOWN_ATTRIBUTE)
                    .unknownAttributes(unrecognized)
                    .build();
            return BindingOutcome.error(response.encode(alloc, integrityKey), Rejection.UNKNOWN_ATTRIBUTE.code);
        }
        // RFC 8445 §7.3.1.1: we are controlled, and a lite agent can never take the controlling role
        // (§6.1.1), so a peer that also claims to be controlled must switch: tell it so whatever the tiebreakers.
        if (message.iceControlled().isPresent()) {
            return reject(message, Rejection.ROLE_CONFLICT, integrityKey, alloc);
        }
        accept(sender, message.useCandidate(), nowNanos);
        ByteBuf response = StunMessage.builder(StunClass.SUCCESS_RESPONSE, StunMessage.BINDING,
                        message.transactionId())
                .xorMappedAddress(sender)
                .build()
                .encode(alloc, integrityKey);
        return BindingOutcome.accepted(response, message.useCandidate());
    }

    private boolean isOurUsername(String username) {
        String expected = expectedUsername;
        if (expected != null) {
            return username.equals(expected);
        }
        return username.length() > usernamePrefix.length() && username.startsWith(usernamePrefix);
    }

    // RFC 8445 §7.3.2: a lite agent nominates the pair a USE-CANDIDATE check arrived on.
    // RFC 7675 §5.1: every authenticated check refreshes consent.
    private void accept(InetSocketAddress sender, boolean useCandidate, long nowNanos) {
        if (useCandidate) {
            selectedAddress = sender;
            nominated = true;
        } else if (!nominated) {
            selectedAddress = sender;
        }
        lastAcceptedNanos = nowNanos;
        everAccepted = true;
    }

    /** An error response, authenticated if {@code integrityKey} is not null, with FINGERPRINT. */
    private static BindingOutcome reject(StunMessage request, Rejection rejection, byte[] integrityKey,
                                         ByteBufAllocator alloc) {
        ByteBuf response = errorResponse(request, rejection).build().encode(alloc, integrityKey);
        return BindingOutcome.error(response, rejection.code);
    }

    private static StunMessage.Builder errorResponse(StunMessage request, Rejection rejection) {
        return StunMessage.builder(StunClass.ERROR_RESPONSE, StunMessage.BINDING, request.transactionId())
                .errorCode(rejection.code, rejection.reason);
    }

    /**
     * The remote address media goes to: the sender of the latest accepted request with USE-CANDIDATE or, until
     * the peer nominates, of the latest accepted request. Null before any request is accepted.
     */
    public InetSocketAddress selectedAddress() {
        return selectedAddress;
    }

    /** Whether the peer has nominated a pair with USE-CANDIDATE. */
    public boolean nominated() {
        return nominated;
    }

    /** Whether any request has been accepted. */
    public boolean everAccepted() {
        return everAccepted;
    }

    /**
     * Whether consent has lapsed (RFC 7675 §5.1): a request was accepted once, but none in the consent timeout
     * before {@code nowNanos} (a {@link System#nanoTime()} value). False before the first accepted request — how
     * long to wait for ICE to start is the caller's decision, see {@link #everAccepted()}.
     */
    public boolean consentExpired(long nowNanos) {
        return everAccepted && nowNanos - lastAcceptedNanos >= consentTimeoutNanos;
    }
}
