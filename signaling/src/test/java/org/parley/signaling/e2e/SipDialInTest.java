package org.parley.signaling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parley.signaling.LogCapture;
import org.parley.signaling.auth.Role;
import org.parley.signaling.meeting.Meeting;
import org.parley.signaling.sip.LoopbackCallMedia;
import org.parley.signaling.sip.SipHeaders;
import org.parley.signaling.sip.SipRequest;
import org.parley.signaling.sip.Sipp;
import org.parley.signaling.sip.media.CallCodec;

/**
 * A room system (sipp) dials a meeting over SIP: OPTIONS, INVITE with a G.711 offer, ACK and BYE,
 * and the meeting sees it join and leave; bad tokens and codec-less offers are refused; garbage
 * datagrams are counted while the server keeps answering. Audio is {@link LoopbackCallMedia}'s
 * ({@link SipTestMeeting}): {@link SipAudioEndToEndTest} dials in with the real one.
 */
class SipDialInTest {

    @RegisterExtension
    final SipTestMeeting sip = new SipTestMeeting("""
            {"title": "Council", "languages": ["en", "fr"], "floorLanguage": "en", "booths": [{"language": "fr"}]}
            """);

    @Test
    void aRoomSystemDialsInAndHangsUp() throws Exception {
        String token = sip.token("{\"role\": \"delegate\", \"name\": \"Room 4\"}");

        Sipp.Result result = Sipp.run("dial_in.xml", sip.sipPort(), token);

        assertEquals(0, result.exitCode(), result.output());
        assertEquals(1, sip.media().legs().size(), "one call's audio opened");
        LoopbackCallMedia.Leg leg = sip.media().legs().getFirst();
        assertNotNull(leg.participant(), "joined before its audio opened");
        assertEquals("Room 4", leg.participant().name());
        assertEquals(Role.DELEGATE, leg.participant().role());
        assertEquals(CallCodec.PCMU, leg.codec(), "the offerer's first choice");
        assertEquals("en", leg.language(), "the floor language by default");
        assertEquals(49170, leg.remote().getPort());
        assertTrue(leg.closed(), "BYE closes the audio");
        Meeting meeting = sip.meeting();
        assertTrue(meeting.participants().isEmpty(), "BYE: the room system left");
        assertEquals(1, sip.counter("parley.sip.requests", "method", "BYE"));
    }

    @Test
    void noLogLineCarriesTheRequestUrisToken() throws Exception {
        String token = sip.token("{\"role\": \"delegate\", \"name\": \"Room 5\"}");
        String interpreterToken = sip.token("{\"role\": \"interpreter\", \"booth\": \"fr\"}");
        String log;
        try (LogCapture capture = new LogCapture()) {
            assertEquals(0, Sipp.run("dial_in.xml", sip.sipPort(), token).exitCode());
            assertEquals(0, Sipp.run("refused_403.xml", sip.sipPort(), interpreterToken).exitCode());
            log = capture.text();
        }
        assertTrue(log.contains("SIP call"), "the call was logged: " + log);
        assertFalse(log.contains(token), "a token in the log: " + log);
        assertFalse(log.contains(interpreterToken), "a refused token in the log: " + log);
        assertEquals("INVITE sip:<redacted>@127.0.0.1:5060",
                new SipRequest("INVITE", "sip:" + token + "@127.0.0.1:5060", new SipHeaders(), "").toString());
    }

    @Test
    void aBadTokenIsForbidden() throws Exception {
        Sipp.Result result = Sipp.run("refused_403.xml", sip.sipPort(), "not-a-token");

        assertEquals(0, result.exitCode(), result.output());
        assertTrue(sip.media().legs().isEmpty());
        assertEquals(1, sip.counter("parley.sip.responses", "status", "403"));
    }

    @Test
    void anInterpreterTokenIsForbidden() throws Exception {
        String token = sip.token("{\"role\": \"interpreter\", \"booth\": \"fr\"}");

        Sipp.Result result = Sipp.run("refused_403.xml", sip.sipPort(), token);

        assertEquals(0, result.exitCode(), result.output());
        assertTrue(sip.meeting().participants().isEmpty());
    }

    @Test
    void anOfferWithoutG711IsNotAcceptable() throws Exception {
        String token = sip.token("{\"role\": \"room-system\"}");

        Sipp.Result result = Sipp.run("refused_488.xml", sip.sipPort(), token);

        assertEquals(0, result.exitCode(), result.output());
        assertTrue(sip.media().legs().isEmpty());
        assertTrue(sip.meeting().participants().isEmpty());
    }

    @Test
    void garbageIsCountedAndTheServerKeepsAnswering() throws Exception {
        byte[][] garbage = {
            "hello".getBytes(StandardCharsets.UTF_8),
            "INVITE sip:x@y SIP/2.0\r\nVia: nonsense\r\n\r\n".getBytes(StandardCharsets.UTF_8),
            new byte[9000],
        };
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            for (byte[] datagram : garbage) {
                socket.send(new DatagramPacket(datagram, datagram.length, InetAddress.getLoopbackAddress(), sip.sipPort()));
            }
        }
        String token = sip.token("{\"role\": \"room-system\", \"name\": \"Hall\"}");

        // The socket reads in order: once the call completes, the garbage before it was handled.
        Sipp.Result result = Sipp.run("dial_in.xml", sip.sipPort(), token);

        assertEquals(0, result.exitCode(), result.output());
        assertEquals(1, sip.counter("parley.sip.dropped", "reason", "malformed"), "no start line");
        assertEquals(1, sip.counter("parley.sip.dropped", "reason", "missing_header"), "no From, To, … to answer to");
        assertEquals(1, sip.counter("parley.sip.dropped", "reason", "too_large"));
    }
}
