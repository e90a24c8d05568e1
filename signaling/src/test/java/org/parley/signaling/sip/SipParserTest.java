package org.parley.signaling.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Torture cases in the spirit of RFC 4475, written for Parley's parser. */
class SipParserTest {

    private static final String SDP = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n"
            + "m=audio 49170 RTP/AVP 0\r\n";

    private static SipMessage parse(String text) throws SipParseException {
        ByteBuf buf = Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
        try {
            SipMessage message = SipParser.parse(buf);
            assertEquals(0, buf.readerIndex(), "the parser does not consume");
            return message;
        } finally {
            buf.release();
        }
    }

    private static SipParseException failure(String text) {
        return assertThrows(SipParseException.class, () -> parse(text));
    }

    private static String invite(String headers, String body) {
        return "INVITE sip:token@192.0.2.2;lang=fr SIP/2.0\r\n" + headers + "\r\n" + body;
    }

    private static final String MANDATORY = "Via: SIP/2.0/UDP 192.0.2.1:5062;branch=z9hG4bK74bf9;rport\r\n"
            + "Max-Forwards: 70\r\n"
            + "From: \"Room, 4\" <sip:room@192.0.2.1>;tag=9fxced76sl\r\n"
            + "To: <sip:token@192.0.2.2>\r\n"
            + "Call-ID: 3848276298220188511@192.0.2.1\r\n"
            + "CSeq: 1 INVITE\r\n";

    @Test
    void aPlainInviteWithSdp() throws Exception {
        SipRequest request = assertInstanceOf(SipRequest.class,
                parse(invite(MANDATORY + "Content-Type: application/sdp\r\nContent-Length: " + SDP.length() + "\r\n", SDP)));

        assertEquals("INVITE", request.method());
        assertEquals("sip:token@192.0.2.2;lang=fr", request.requestUri());
        assertEquals(SDP, request.body());
        assertEquals("9fxced76sl", request.fromTag());
        assertNull(request.toTag());
        assertEquals(new CSeq(1, "INVITE"), request.cseq());
        SipVia via = request.topVia();
        assertEquals(new SipVia("UDP", "192.0.2.1", 5062, "z9hG4bK74bf9", null, 0), via);
        assertTrue(via.rfc3261Branch());
    }

    @Test
    void compactFormsAndAnyCaseNameTheSameHeaders() throws Exception {
        String headers = "v: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bK1\r\n"
                + "max-forwards: 70\r\n"
                + "f: <sip:room@192.0.2.1>;tag=a\r\n"
                + "t: <sip:token@192.0.2.2>\r\n"
                + "i: abc@192.0.2.1\r\n"
                + "cSeQ: 7 INVITE\r\n"
                + "c: application/sdp\r\n"
                + "l: " + SDP.length() + "\r\n";

        SipMessage message = parse(invite(headers, SDP));

        assertEquals("abc@192.0.2.1", message.callId());
        assertEquals("abc@192.0.2.1", message.headers().first("CALL-ID"));
        assertEquals("application/sdp", message.headers().first("Content-Type"));
        assertEquals(7, message.cseq().number());
        assertEquals(-1, message.topVia().port(), "no port: 5060 implied (RFC 3261 §18.2.2)");
        assertEquals(SDP, message.body());
    }

    @Test
    void foldedLinesAreJoined() throws Exception {
        String headers = MANDATORY + "Subject: a long\r\n \t subject\r\n";

        SipMessage message = parse(invite(headers, ""));

        assertEquals("a long subject", message.headers().first("subject"));
    }

    @Test
    void viaListsAreSplitIntoHops() throws Exception {
        String headers = MANDATORY.replace("Via: SIP/2.0/UDP 192.0.2.1:5062;branch=z9hG4bK74bf9;rport\r\n",
                "Via: SIP/2.0/UDP 192.0.2.1:5062;branch=z9hG4bKa, SIP/2.0/UDP 192.0.2.9;branch=z9hG4bKb\r\n"
                        + "Via: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bKc\r\n");

        SipMessage message = parse(invite(headers, ""));

        assertEquals(List.of("SIP/2.0/UDP 192.0.2.1:5062;branch=z9hG4bKa", "SIP/2.0/UDP 192.0.2.9;branch=z9hG4bKb",
                "SIP/2.0/UDP 192.0.2.10;branch=z9hG4bKc"), message.headers().all("v"));
        assertEquals("z9hG4bKa", message.topVia().branch());
    }

    @Test
    void bareLineFeedsAndLeadingBlankLinesAreTolerated() throws Exception {
        String text = "\r\n\r\n" + invite(MANDATORY, "").replace("\r\n", "\n");

        SipMessage message = parse(text);

        assertEquals("INVITE", ((SipRequest) message).method());
        assertEquals("3848276298220188511@192.0.2.1", message.callId());
    }

    @Test
    void extraBytesAfterTheContentLengthAreDiscarded() throws Exception {
        SipMessage message = parse(invite(MANDATORY + "Content-Length: 4\r\n", "v=0\r\ngarbage"));

        assertEquals("v=0\r", message.body());
    }

    @Test
    void aResponse() throws Exception {
        SipResponse response = assertInstanceOf(SipResponse.class, parse("SIP/2.0 200 OK\r\n"
                + MANDATORY.replace("CSeq: 1 INVITE", "CSeq: 2 BYE").replace("Max-Forwards: 70\r\n", "") + "\r\n"));

        assertEquals(200, response.status());
        assertEquals("OK", response.reason());
        assertEquals("BYE", response.cseq().method());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "missing Via|Via: SIP/2.0/UDP 192.0.2.1:5062;branch=z9hG4bK74bf9;rport\\r\\n|",
        "missing From|From: \"Room, 4\" <sip:room@192.0.2.1>;tag=9fxced76sl\\r\\n|",
        "missing To|To: <sip:token@192.0.2.2>\\r\\n|",
        "missing Call-ID|Call-ID: 3848276298220188511@192.0.2.1\\r\\n|",
        "missing CSeq|CSeq: 1 INVITE\\r\\n|",
        "missing Max-Forwards|Max-Forwards: 70\\r\\n|",
        "unreadable CSeq|CSeq: 1 INVITE|CSeq: one INVITE",
        "CSeq method BYE differs from INVITE|CSeq: 1 INVITE|CSeq: 1 BYE",
        "unreadable Via|Via: SIP/2.0/UDP 192.0.2.1:5062;branch=z9hG4bK74bf9;rport|Via: SIP/3.0/UDP 192.0.2.1",
        "unreadable Max-Forwards|Max-Forwards: 70|Max-Forwards: seventy",
    })
    void missingOrUnreadableMandatoryHeaders(String expected, String replaced, String replacement) {
        String headers = MANDATORY.replace(replaced.replace("\\r\\n", "\r\n"), replacement == null ? "" : replacement);

        SipParseException e = failure(invite(headers, ""));

        assertEquals(SipDropReason.MISSING_HEADER, e.reason());
        assertEquals(expected, e.getMessage());
        assertNotNull(e.request(), "the request line was read: a 400 may be addressable");
    }

    @ParameterizedTest(name = "Content-Length: {0}")
    @CsvSource({"999", "-1", "abc", "''", "12345678901"})
    void badContentLength(String value) {
        SipParseException e = failure(invite(MANDATORY + "Content-Length: " + value + "\r\n", "v=0\r\n"));

        assertEquals(SipDropReason.BAD_CONTENT_LENGTH, e.reason());
        assertNotNull(e.request());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "hello",
        "INVITE sip:a@b SIP/2.0",
        "INVITE sip:a@b SIP/1.0\\r\\n\\r\\n",
        "INVITE  sip:a@b SIP/2.0\\r\\n\\r\\n",
        "INV ITE sip:a@b SIP/2.0\\r\\n\\r\\n",
        "INVITE token SIP/2.0\\r\\n\\r\\n",
        "SIP/2.0 2000 OK\\r\\n\\r\\n",
        "SIP/2.0 099 Too Low\\r\\n\\r\\n",
    })
    void badStartLines(String text) {
        SipParseException e = failure(text.replace("\\r\\n", "\r\n"));

        assertEquals(SipDropReason.MALFORMED, e.reason());
        assertNull(e.request(), "nothing to address a response to");
    }

    @Test
    void aHeaderLineWithoutColonIsMalformed() {
        SipParseException e = failure(invite(MANDATORY + "NoColonHere\r\n", ""));

        assertEquals(SipDropReason.MALFORMED, e.reason());
    }

    @Test
    void tooManyHeaders() {
        String many = MANDATORY + "X-Filler: x\r\n".repeat(SipParser.MAX_HEADERS);

        assertEquals(SipDropReason.TOO_MANY_HEADERS, failure(invite(many, "")).reason());
    }

    @Test
    void tooLarge() {
        String big = invite(MANDATORY, "a".repeat(SipParser.MAX_MESSAGE_BYTES));

        SipParseException e = failure(big);

        assertEquals(SipDropReason.TOO_LARGE, e.reason());
        assertNull(e.request());
    }

    @Test
    void keepAlivesAreOnlyLineEnds() {
        ByteBuf crlf = Unpooled.copiedBuffer("\r\n\r\n", StandardCharsets.US_ASCII);
        ByteBuf notOne = Unpooled.copiedBuffer("\r\nX", StandardCharsets.US_ASCII);
        try {
            assertTrue(SipParser.isKeepAlive(crlf));
            assertTrue(!SipParser.isKeepAlive(notOne));
        } finally {
            crlf.release();
            notOne.release();
        }
    }

    @Test
    void theEncoderWritesWhatTheParserReads() throws Exception {
        SipRequest request = (SipRequest) parse(invite(MANDATORY + "Content-Length: " + SDP.length() + "\r\n", SDP));
        SipResponse response = SipResponses.create(request, 200, "abc");
        SipResponse withBody = new SipResponse(200, "OK", response.headers(), SDP);

        ByteBuf encoded = SipEncoder.encode(withBody, io.netty.buffer.ByteBufAllocator.DEFAULT);
        SipMessage back;
        try {
            back = SipParser.parse(encoded);
        } finally {
            encoded.release();
        }

        assertEquals("<sip:token@192.0.2.2>;tag=abc", back.headers().first("To"), "To tag added (RFC 3261 §8.2.6.2)");
        assertEquals(request.headers().first("From"), back.headers().first("From"));
        assertEquals(request.callId(), back.callId());
        assertEquals("1 INVITE", back.headers().first("CSeq"));
        assertEquals(request.headers().all("Via"), back.headers().all("Via"));
        assertEquals(Integer.toString(SDP.length()), back.headers().first("Content-Length"));
        assertEquals("Parley", back.headers().first("Server"));
        assertEquals(SDP, back.body());
    }
}
