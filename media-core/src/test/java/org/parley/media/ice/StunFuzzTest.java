package org.parley.media.ice;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import org.parley.media.fuzz.TrackingAllocator;

/**
 * Coverage-guided fuzzing of STUN (RFC 5389) and the ICE-lite agent's Binding handling (RFC 8445 §7.3).
 * The contract: {@link StunMessage#decode} fails only with {@link StunDecodeException}; what it decodes
 * encodes and decodes again; {@link IceLiteAgent#handle} never throws, leaves the request untouched,
 * and any response it returns is a well-formed STUN response to that transaction with a valid
 * FINGERPRINT, whose buffer is the only one left for the caller to release.
 *
 * <p>Half of the inputs are raw datagrams; the other half are requests built from the fuzzer's data
 * and signed with the agent's password (a fuzzer cannot forge HMAC-SHA1), so the checks past
 * MESSAGE-INTEGRITY (unknown attributes, role conflict, nomination) are reached too. Inputs are read
 * by {@link FuzzedDataProvider}: its booleans come from the end, so a seed is a datagram plus a last
 * byte whose low bit selects raw (0) or signed (1).
 */
class StunFuzzTest {

    private static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.1", 50_000);
    private final TrackingAllocator alloc = new TrackingAllocator();

    @FuzzTest(maxDuration = "60s")
    void bindingRequests(FuzzedDataProvider data) {
        TrackingAllocator.assertNoDetectedLeaks();
        IceLiteAgent agent = IceLiteAgent.create();
        boolean signed = data.consumeBoolean();
        if (data.consumeBoolean()) {
            agent.setRemoteUfrag("peer");
        }
        byte[] datagram = signed ? signedRequest(agent, data) : data.consumeRemainingAsBytes();
        if (datagram == null) {
            return;
        }
        decodeRoundTrip(datagram);

        ByteBuf request = alloc.copyOf(datagram, datagram.length % 7);
        int readerIndex = request.readerIndex();
        BindingOutcome outcome = agent.handle(request, PEER, alloc, 1);
        assertEquals(readerIndex, request.readerIndex(), "handle moved the reader index");
        assertEquals(1, request.refCnt(), "handle released or retained the request");
        byte[] after = new byte[datagram.length];
        request.getBytes(readerIndex, after);
        assertArrayEquals(datagram, after, "handle modified the request");
        request.release();

        if (outcome.response() != null) {
            try {
                StunMessage response = StunMessage.decode(outcome.response());
                assertNotEquals(StunClass.REQUEST, response.messageClass());
                assertTrue(response.hasValidFingerprint(), "response without a valid FINGERPRINT");
                assertArrayEquals(StunMessage.decode(Unpooled.wrappedBuffer(datagram)).transactionId(),
                        response.transactionId(), "response to another transaction");
                assertEquals(outcome.status() == BindingOutcome.Status.ACCEPTED,
                        response.messageClass() == StunClass.SUCCESS_RESPONSE);
                if (outcome.status() == BindingOutcome.Status.ACCEPTED) {
                    assertTrue(response.verifyIntegrity(agent.localPassword().getBytes(UTF_8)));
                    assertEquals(PEER, response.xorMappedAddress());
                    assertEquals(PEER, agent.selectedAddress());
                }
            } catch (StunDecodeException e) {
                throw new AssertionError("the agent answered with a malformed message", e);
            } finally {
                outcome.response().release();
            }
        } else {
            assertEquals(0, outcome.errorCode());
        }
        alloc.assertAllReleased("after handle");
    }

    /** A successful decode must survive our own encoder; failures must be the documented exception. */
    private void decodeRoundTrip(byte[] datagram) {
        ByteBuf buf = alloc.copyOf(datagram, 3);
        StunMessage message;
        try {
            message = StunMessage.decode(buf);
        } catch (StunDecodeException e) {
            assertTrue(e.getMessage() != null && !e.getMessage().isBlank());
            buf.release();
            alloc.assertAllReleased("after a failed decode");
            return;
        }
        assertEquals(3, buf.readerIndex(), "decode moved the reader index");
        buf.release();
        message.toString();
        message.unrecognizedRequiredAttributes();
        ByteBuf encoded = message.encode(alloc, null);
        try {
            StunMessage again = StunMessage.decode(encoded);
            assertEquals(message.messageClass(), again.messageClass());
            assertEquals(message.method(), again.method());
            assertArrayEquals(message.transactionId(), again.transactionId());
            assertEquals(message.username(), again.username());
        } catch (StunDecodeException e) {
            throw new AssertionError("our encoding of a decoded message does not decode: " + message, e);
        } finally {
            encoded.release();
        }
        alloc.assertAllReleased("after the round trip");
    }

    /** A request whose fields come from the fuzzer, signed with the agent's password, maybe flipped after. */
    private byte[] signedRequest(IceLiteAgent agent, FuzzedDataProvider data) {
        StunClass messageClass = StunClass.values()[data.consumeInt(0, StunClass.values().length - 1)];
        int method = data.consumeBoolean() ? StunMessage.BINDING : data.consumeInt(0, 0xFFF);
        byte[] transactionId = data.consumeBytes(12);
        if (transactionId.length != 12) {
            transactionId = java.util.Arrays.copyOf(transactionId, 12);
        }
        StunMessage.Builder builder = StunMessage.builder(messageClass, method, transactionId);
        try {
            switch (data.consumeInt(0, 3)) {
                case 0 -> builder.username(agent.localUfrag() + ":peer");
                case 1 -> builder.username(agent.localUfrag() + ":" + data.consumeString(16));
                case 2 -> builder.username(data.consumeString(40));
                default -> { }
            }
            if (data.consumeBoolean()) {
                builder.priority(data.consumeLong(0, 0xFFFF_FFFFL));
            }
            if (data.consumeBoolean()) {
                builder.useCandidate();
            }
            switch (data.consumeInt(0, 2)) {
                case 0 -> builder.iceControlling(data.consumeLong());
                case 1 -> builder.iceControlled(data.consumeLong());
                default -> { }
            }
            int extra = data.consumeInt(0, 4);
            for (int i = 0; i < extra; i++) {
                builder.attribute(data.consumeInt(0, 0xFFFF), data.consumeBytes(data.consumeInt(0, 64)));
            }
        } catch (IllegalArgumentException e) {
            return null; // the builder refuses what no encoder should write; not the parser's business
        }
        byte[] key = data.consumeBoolean() ? agent.localPassword().getBytes(UTF_8) : null;
        ByteBuf encoded;
        try {
            encoded = builder.build().encode(alloc, key);
        } catch (IllegalArgumentException e) {
            alloc.assertAllReleased("after a refused encode");
            return null;
        }
        byte[] bytes = new byte[encoded.readableBytes()];
        encoded.readBytes(bytes);
        encoded.release();
        alloc.assertAllReleased("after encoding a request");
        int flips = data.consumeInt(0, 2);
        for (int i = 0; i < flips && bytes.length > 0; i++) {
            bytes[data.consumeInt(0, bytes.length - 1)] ^= (byte) data.consumeInt(1, 255);
        }
        return bytes;
    }
}
