package org.parley.signaling.sip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import org.parley.media.fuzz.TrackingAllocator;

/**
 * Coverage-guided fuzzing of SIP datagrams (RFC 3261 §7, §18.3) through {@link SipParser}, the
 * header value parsers ({@link SipVia}, {@link CSeq}, {@link SipUri}) and back through
 * {@link SipEncoder}. The contract: the parser fails only with {@link SipParseException} carrying a
 * drop reason; it neither consumes nor releases the datagram; a parsed message has the mandatory
 * headers the server relies on; what we encode from a parsed message parses again to the same method,
 * Call-ID, CSeq and body. Seeded with the INVITE of {@code SipParserTest}.
 */
class SipParserFuzzTest {

    private final TrackingAllocator alloc = new TrackingAllocator();

    @FuzzTest(maxDuration = "60s")
    void datagrams(byte[] bytes) {
        TrackingAllocator.assertNoDetectedLeaks();
        ByteBuf datagram = alloc.copyOf(bytes, bytes.length % 4);
        int readerIndex = datagram.readerIndex();
        SipMessage message;
        try {
            message = SipParser.parse(datagram);
        } catch (SipParseException e) {
            assertNotNull(e.reason(), "a parse failure without a drop reason");
            return;
        } finally {
            assertEquals(readerIndex, datagram.readerIndex(), "parse moved the reader index");
            assertArrayEquals(bytes, ByteBufUtil.getBytes(datagram), "parse changed the datagram");
            assertEquals(1, datagram.refCnt());
            datagram.release();
        }
        message.toString();
        message.fromTag();
        message.toTag();
        String callId = message.callId();
        CSeq cseq = message.cseq();
        if (message instanceof SipRequest request) {
            assertNotNull(callId, "a request without Call-ID");
            assertNotNull(cseq, "a request without a parsed CSeq");
            assertNotNull(message.topVia(), "a request without a parsed Via");
            SipUri.parse(request.requestUri());
        }
        ByteBuf encoded = SipEncoder.encode(message, alloc);
        try {
            SipMessage again = SipParser.parse(encoded);
            assertEquals(callId, again.callId());
            assertEquals(cseq, again.cseq());
            assertEquals(message.body(), again.body());
            if (message instanceof SipRequest request) {
                assertEquals(request.method(), ((SipRequest) again).method());
                assertEquals(request.requestUri(), ((SipRequest) again).requestUri());
            }
        } catch (SipParseException e) {
            throw new AssertionError("our encoding of a parsed message does not parse (" + e.reason() + "):\n" + message, e);
        } finally {
            encoded.release();
        }
        alloc.assertAllReleased("after one datagram");
    }
}
