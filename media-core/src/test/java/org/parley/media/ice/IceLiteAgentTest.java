package org.parley.media.ice;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class IceLiteAgentTest {

    private static final ByteBufAllocator ALLOC = UnpooledByteBufAllocator.DEFAULT;
    private static final String PEER_UFRAG = "Xk9q";
    private static final long CHROME_TIEBREAKER = 0x1234_5678_9abc_def0L;
    private static final long T0 = 1_000_000_000_000L;

    private final InetSocketAddress peer = new InetSocketAddress("127.0.0.1", 50_000);
    private final IceLiteAgent agent = IceLiteAgent.create();
    private final Random random = new Random(8445);
    private BindingOutcome lastOutcome;

    @AfterEach
    void releaseLastResponse() {
        releaseResponse();
    }

    @Test
    void credentialsAreRandomIceChars() {
        IceLiteAgent other = IceLiteAgent.create();
        assertTrue(agent.localUfrag().matches("[A-Za-z0-9+/]{8}"), agent.localUfrag());
        assertTrue(agent.localPassword().matches("[A-Za-z0-9+/]{24}"), agent.localPassword());
        assertNotEquals(agent.localUfrag(), other.localUfrag());
        assertNotEquals(agent.localPassword(), other.localPassword());
    }

    @Test
    void answersAChromeStyleCheck() throws Exception {
        byte[] transactionId = randomTransactionId();
        ByteBuf request = chromeRequest(transactionId, b -> b.useCandidate());

        BindingOutcome outcome = handle(request, peer, T0);

        assertEquals(BindingOutcome.Status.ACCEPTED, outcome.status());
        assertTrue(outcome.useCandidate());
        assertEquals(0, request.readerIndex(), "the request buffer is left alone");
        StunMessage response = StunMessage.decode(outcome.response());
        assertEquals(StunClass.SUCCESS_RESPONSE, response.messageClass());
        assertEquals(StunMessage.BINDING, response.method());
        assertArrayEquals(transactionId, response.transactionId());
        assertEquals(peer, response.xorMappedAddress());
        assertTrue(response.verifyIntegrity(agent.localPassword().getBytes(UTF_8)));
        assertTrue(response.hasValidFingerprint());
        assertEquals(peer, agent.selectedAddress());
        assertTrue(agent.nominated());
        assertTrue(agent.everAccepted());
    }

    @Test
    void mapsAnIpv6Sender() throws Exception {
        InetSocketAddress ipv6Peer = new InetSocketAddress("::1", 61_000);
        BindingOutcome outcome = handle(chromeRequest(randomTransactionId(), UnaryOperator.identity()), ipv6Peer, T0);

        assertEquals(BindingOutcome.Status.ACCEPTED, outcome.status());
        assertEquals(ipv6Peer, StunMessage.decode(outcome.response()).xorMappedAddress());
    }

    @Test
    void wrongPasswordIsUnauthorized() throws Exception {
        ByteBuf request = request(agent.localUfrag() + ':' + PEER_UFRAG, "wrong-password-wrong-pwd", b -> b);

        StunMessage response = expectError(handle(request, peer, T0), 401);
        assertFalse(response.hasMessageIntegrity(), "RFC 5389 §10.1.2: a 401 carries no MESSAGE-INTEGRITY");
        assertFalse(agent.everAccepted());
        assertNull(agent.selectedAddress());
    }

    @Test
    void wrongUfragIsUnauthorized() throws Exception {
        ByteBuf request = request("nottheufrag:" + PEER_UFRAG, agent.localPassword(), b -> b);

        expectError(handle(request, peer, T0), 401);
    }

    @Test
    void onceTheRemoteUfragIsKnownItMustMatch() throws Exception {
        agent.setRemoteUfrag(PEER_UFRAG);

        expectError(handle(request(agent.localUfrag() + ":other", agent.localPassword(), b -> b), peer, T0), 401);
        expectError(handle(request(agent.localUfrag() + ':', agent.localPassword(), b -> b), peer, T0), 401);
        assertEquals(BindingOutcome.Status.ACCEPTED,
                handle(chromeRequest(randomTransactionId(), b -> b), peer, T0).status());
    }

    @Test
    void missingIntegrityIsABadRequest() throws Exception {
        ByteBuf request = StunMessage.builder(StunClass.REQUEST, StunMessage.BINDING, randomTransactionId())
                .username(agent.localUfrag() + ':' + PEER_UFRAG)
                .priority(1)
                .iceControlling(CHROME_TIEBREAKER)
                .build()
                .encode(ALLOC, null);

        StunMessage response = expectError(handle(request, peer, T0), 400);
        assertFalse(response.hasMessageIntegrity());
        assertFalse(agent.everAccepted());
    }

    @Test
    void missingUsernameIsABadRequest() throws Exception {
        ByteBuf request = StunMessage.builder(StunClass.REQUEST, StunMessage.BINDING, randomTransactionId())
                .iceControlling(CHROME_TIEBREAKER)
                .build()
                .encode(ALLOC, agent.localPassword().getBytes(UTF_8));

        expectError(handle(request, peer, T0), 400);
    }

    @Test
    void unknownComprehensionRequiredAttributeIsAnsweredWith420() throws Exception {
        ByteBuf request = chromeRequest(randomTransactionId(), b -> b.attribute(0x7F31, new byte[] {1}));

        StunMessage response = expectError(handle(request, peer, T0), 420);
        assertArrayEquals(new int[] {0x7F31}, response.unknownAttributes());
        assertTrue(response.verifyIntegrity(agent.localPassword().getBytes(UTF_8)),
                "after authentication every response carries MESSAGE-INTEGRITY");
        assertFalse(agent.everAccepted());
    }

    @Test
    void unknownComprehensionOptionalAttributeIsIgnored() {
        ByteBuf request = chromeRequest(randomTransactionId(), b -> b.attribute(0xC057, new byte[] {0, 1, 0, 10}));

        assertEquals(BindingOutcome.Status.ACCEPTED, handle(request, peer, T0).status());
    }

    @Test
    void aPeerThatAlsoClaimsToBeControlledGetsARoleConflict() throws Exception {
        ByteBuf request = request(agent.localUfrag() + ':' + PEER_UFRAG, agent.localPassword(),
                b -> b.priority(1).iceControlled(CHROME_TIEBREAKER));

        StunMessage response = expectError(handle(request, peer, T0), 487);
        assertTrue(response.verifyIntegrity(agent.localPassword().getBytes(UTF_8)));
        assertFalse(agent.everAccepted());
    }

    @Test
    void aMissingOrWrongFingerprintIsDroppedSilently() {
        ByteBuf valid = chromeRequest(randomTransactionId(), b -> b);
        byte[] bytes = toBytes(valid);

        // Without FINGERPRINT; MESSAGE-INTEGRITY still verifies because its length adjustment ends there.
        byte[] withoutFingerprint = Arrays.copyOf(bytes, bytes.length - 8);
        withoutFingerprint[3] -= 8;
        assertEquals(BindingOutcome.Status.DROPPED_BAD_FINGERPRINT,
                handle(Unpooled.wrappedBuffer(withoutFingerprint), peer, T0).status());
        assertNull(lastOutcome.response());

        byte[] wrongFingerprint = bytes.clone();
        wrongFingerprint[bytes.length - 1] ^= 1;
        assertEquals(BindingOutcome.Status.DROPPED_BAD_FINGERPRINT,
                handle(Unpooled.wrappedBuffer(wrongFingerprint), peer, T0).status());
        assertFalse(agent.everAccepted());
    }

    @Test
    void onlyBindingRequestsAreAnswered() {
        byte[] key = agent.localPassword().getBytes(UTF_8);
        String username = agent.localUfrag() + ':' + PEER_UFRAG;
        for (StunClass messageClass : new StunClass[] {StunClass.INDICATION, StunClass.SUCCESS_RESPONSE,
                StunClass.ERROR_RESPONSE}) {
            ByteBuf notARequest = StunMessage.builder(messageClass, StunMessage.BINDING, randomTransactionId())
                    .username(username)
                    .build()
                    .encode(ALLOC, key);
            assertEquals(BindingOutcome.Status.DROPPED_NOT_A_REQUEST, handle(notARequest, peer, T0).status());
        }
        ByteBuf allocate = StunMessage.builder(StunClass.REQUEST, 0x003, randomTransactionId())
                .username(username)
                .build()
                .encode(ALLOC, key);
        assertEquals(BindingOutcome.Status.DROPPED_UNSUPPORTED_METHOD, handle(allocate, peer, T0).status());
        assertEquals(BindingOutcome.Status.DROPPED_MALFORMED,
                handle(Unpooled.wrappedBuffer(new byte[] {(byte) 0x80, 0, 0, 1}), peer, T0).status());
        assertFalse(agent.everAccepted());
    }

    @Test
    void theNominatedAddressWinsOverLaterUnnominatedChecks() {
        InetSocketAddress first = new InetSocketAddress("127.0.0.1", 40_001);
        InetSocketAddress second = new InetSocketAddress("127.0.0.1", 40_002);
        InetSocketAddress nominatedPeer = new InetSocketAddress("127.0.0.1", 40_003);
        InetSocketAddress late = new InetSocketAddress("127.0.0.1", 40_004);

        assertNull(agent.selectedAddress());
        accept(chromeRequest(randomTransactionId(), b -> b), first, T0);
        assertEquals(first, agent.selectedAddress());
        accept(chromeRequest(randomTransactionId(), b -> b), second, T0);
        assertEquals(second, agent.selectedAddress(), "before nomination the latest check wins");
        assertFalse(agent.nominated());

        accept(chromeRequest(randomTransactionId(), b -> b.useCandidate()), nominatedPeer, T0);
        assertEquals(nominatedPeer, agent.selectedAddress());
        accept(chromeRequest(randomTransactionId(), b -> b), late, T0);
        assertEquals(nominatedPeer, agent.selectedAddress(), "an unnominated check does not move the pair");

        accept(chromeRequest(randomTransactionId(), b -> b.useCandidate()), late, T0);
        assertEquals(late, agent.selectedAddress(), "a new nomination does");

        handle(request("wrong:" + PEER_UFRAG, agent.localPassword(), b -> b.useCandidate()), first, T0);
        assertEquals(late, agent.selectedAddress(), "a rejected request changes nothing");
    }

    @Test
    void consentExpiresAfterTheTimeoutAndEachAcceptedRequestRefreshesIt() {
        IceLiteAgent shortConsent = IceLiteAgent.create(Duration.ofSeconds(5));
        long second = 1_000_000_000L;
        assertFalse(shortConsent.everAccepted());
        assertFalse(shortConsent.consentExpired(T0 + 100 * second), "no consent to lose before the first check");

        accept(shortConsent, T0);
        assertTrue(shortConsent.everAccepted());
        assertFalse(shortConsent.consentExpired(T0 + 5 * second - 1));
        assertTrue(shortConsent.consentExpired(T0 + 5 * second));

        accept(shortConsent, T0 + 4 * second);
        assertFalse(shortConsent.consentExpired(T0 + 8 * second));
        assertTrue(shortConsent.consentExpired(T0 + 9 * second));

        // A rejected request does not refresh consent.
        ByteBuf forged = request(shortConsent.localUfrag() + ':' + PEER_UFRAG, "not-the-password-at-all!", b -> b);
        BindingOutcome outcome = shortConsent.handle(forged, peer, ALLOC, T0 + 8 * second);
        outcome.response().release();
        forged.release();
        assertTrue(shortConsent.consentExpired(T0 + 9 * second));

        // Consent lapsed; a fresh check revives it (the transport decides whether it still cares).
        accept(shortConsent, T0 + 20 * second);
        assertFalse(shortConsent.consentExpired(T0 + 20 * second));
    }

    @Test
    void theDefaultConsentTimeoutIsThirtySeconds() {
        accept(chromeRequest(randomTransactionId(), b -> b), peer, T0);
        assertFalse(agent.consentExpired(T0 + Duration.ofSeconds(30).toNanos() - 1));
        assertTrue(agent.consentExpired(T0 + Duration.ofSeconds(30).toNanos()));
    }

    @Test
    void everyTruncationOfAValidRequestIsDroppedOrRejected() {
        byte[] bytes = toBytes(chromeRequest(randomTransactionId(), b -> b.useCandidate()));
        for (int length = 0; length < bytes.length; length++) {
            byte[] truncated = Arrays.copyOf(bytes, length);
            assertNotAccepted(handle(Unpooled.wrappedBuffer(truncated), peer, T0), "cut at " + length);
            releaseResponse();
            if (length >= 20) {
                // Also with a header length that agrees, so the attribute walk itself meets the cut.
                truncated[2] = (byte) ((length - 20) >> 8);
                truncated[3] = (byte) (length - 20);
                assertNotAccepted(handle(Unpooled.wrappedBuffer(truncated), peer, T0), "consistent cut at " + length);
                releaseResponse();
            }
        }
        assertFalse(agent.everAccepted());
    }

    @Test
    void aHundredThousandRandomAndMutatedDatagramsNeverThrow() {
        byte[] valid = toBytes(chromeRequest(randomTransactionId(), b -> b.useCandidate()));
        Map<BindingOutcome.Status, Integer> seen = new EnumMap<>(BindingOutcome.Status.class);
        for (int round = 0; round < 100_000; round++) {
            byte[] datagram = switch (round % 4) {
                case 0 -> randomDatagram();
                case 1 -> flipBits(valid.clone());
                // Re-sealed with a correct FINGERPRINT so the mutation reaches authentication and beyond.
                default -> refreshFingerprint(flipBits(valid.clone()));
            };
            BindingOutcome outcome = handle(Unpooled.wrappedBuffer(datagram), peer, T0);
            seen.merge(outcome.status(), 1, Integer::sum);
            if (outcome.status() == BindingOutcome.Status.ACCEPTED) {
                // Integrity covers everything but the fingerprint, so only an unchanged request may pass.
                assertArrayEquals(Arrays.copyOf(valid, valid.length - 4),
                        Arrays.copyOf(datagram, datagram.length - 4));
            }
            releaseResponse();
        }
        assertTrue(seen.getOrDefault(BindingOutcome.Status.ERROR_SENT, 0) > 1000, seen.toString());
        assertTrue(seen.getOrDefault(BindingOutcome.Status.DROPPED_BAD_FINGERPRINT, 0) > 1000, seen.toString());
        assertTrue(seen.getOrDefault(BindingOutcome.Status.DROPPED_MALFORMED, 0) > 1000, seen.toString());
    }

    // ---------------------------------------------------------------------------------------------------------

    /** A check as Chrome sends it: USERNAME, PRIORITY, ICE-CONTROLLING, [USE-CANDIDATE], MI, FINGERPRINT. */
    private ByteBuf chromeRequest(byte[] transactionId, UnaryOperator<StunMessage.Builder> extra) {
        return chromeRequest(agent, transactionId, extra);
    }

    private static ByteBuf chromeRequest(IceLiteAgent target, byte[] transactionId,
                                         UnaryOperator<StunMessage.Builder> extra) {
        StunMessage.Builder builder = StunMessage.builder(StunClass.REQUEST, StunMessage.BINDING, transactionId)
                .username(target.localUfrag() + ':' + PEER_UFRAG)
                .priority(0x6e7f1eff)
                .iceControlling(CHROME_TIEBREAKER);
        return extra.apply(builder).build().encode(ALLOC, target.localPassword().getBytes(UTF_8));
    }

    private ByteBuf request(String username, String password, UnaryOperator<StunMessage.Builder> extra) {
        StunMessage.Builder builder = StunMessage.builder(StunClass.REQUEST, StunMessage.BINDING,
                        randomTransactionId())
                .username(username);
        return extra.apply(builder).build().encode(ALLOC, password.getBytes(UTF_8));
    }

    private BindingOutcome handle(ByteBuf request, InetSocketAddress sender, long nowNanos) {
        releaseResponse();
        try {
            lastOutcome = agent.handle(request, sender, ALLOC, nowNanos);
            return lastOutcome;
        } finally {
            request.release();
        }
    }

    private void accept(ByteBuf request, InetSocketAddress sender, long nowNanos) {
        assertEquals(BindingOutcome.Status.ACCEPTED, handle(request, sender, nowNanos).status());
        releaseResponse();
    }

    private void accept(IceLiteAgent target, long nowNanos) {
        ByteBuf request = chromeRequest(target, randomTransactionId(), b -> b);
        BindingOutcome outcome = target.handle(request, peer, ALLOC, nowNanos);
        request.release();
        assertEquals(BindingOutcome.Status.ACCEPTED, outcome.status());
        outcome.response().release();
    }

    private void releaseResponse() {
        if (lastOutcome != null && lastOutcome.response() != null) {
            lastOutcome.response().release();
        }
        lastOutcome = null;
    }

    private static StunMessage expectError(BindingOutcome outcome, int code) throws StunDecodeException {
        assertEquals(BindingOutcome.Status.ERROR_SENT, outcome.status());
        assertEquals(code, outcome.errorCode());
        assertNotNull(outcome.response());
        StunMessage response = StunMessage.decode(outcome.response());
        assertEquals(StunClass.ERROR_RESPONSE, response.messageClass());
        assertEquals(code, response.errorCode());
        assertTrue(response.hasValidFingerprint());
        return response;
    }

    private static void assertNotAccepted(BindingOutcome outcome, String what) {
        assertNotEquals(BindingOutcome.Status.ACCEPTED, outcome.status(), what);
        assertEquals(outcome.status() == BindingOutcome.Status.ERROR_SENT, outcome.response() != null, what);
    }

    private byte[] randomTransactionId() {
        byte[] id = new byte[StunMessage.TRANSACTION_ID_LENGTH];
        random.nextBytes(id);
        return id;
    }

    private byte[] randomDatagram() {
        byte[] bytes = new byte[random.nextInt(160)];
        random.nextBytes(bytes);
        if (bytes.length >= 20 && random.nextBoolean()) {
            // A plausible header, so that the attribute walk and the checksums run on garbage.
            bytes[0] &= 0x03;
            System.arraycopy(new byte[] {0x21, 0x12, (byte) 0xa4, 0x42}, 0, bytes, 4, 4);
            int length = (bytes.length - 20) & ~3;
            bytes[2] = 0;
            bytes[3] = (byte) length;
            return Arrays.copyOf(bytes, 20 + length);
        }
        return bytes;
    }

    private byte[] flipBits(byte[] bytes) {
        for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
            bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
        }
        return bytes;
    }

    // RFC 5389 §15.5, computed independently of the code under test.
    private static byte[] refreshFingerprint(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 8);
        int value = (int) crc.getValue() ^ 0x5354554e;
        for (int i = 0; i < 4; i++) {
            bytes[bytes.length - 4 + i] = (byte) (value >>> (24 - 8 * i));
        }
        return bytes;
    }

    private static byte[] toBytes(ByteBuf buf) {
        try {
            byte[] bytes = new byte[buf.readableBytes()];
            buf.getBytes(buf.readerIndex(), bytes);
            return bytes;
        } finally {
            buf.release();
        }
    }
}
