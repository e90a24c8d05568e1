package org.parley.signaling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parley.signaling.e2e.SipCallMediaEndToEndTest.RoomSystem;
import org.parley.signaling.peer.ToneAnalyzer;
import org.parley.signaling.sip.SipResponse;
import org.parley.signaling.sip.SipTestClient;
import org.parley.signaling.sip.media.CallCodec;

/**
 * SIP media goes only where the call's signaling came from: an INVITE from 127.0.0.1 whose SDP names
 * a "victim" on 127.0.0.2 makes Parley stream nothing there (no RTP, no RTCP), also not after RTP
 * from the victim's address, which is not the signaling host; once the caller sends RTP from its own
 * address the call latches onto it (RFC 4961) and the caller hears the floor. An offer naming the
 * signaling host itself gets media at once, before the caller sends anything.
 */
@Timeout(120)
class SipMediaLatchingTest {

    private static final Pattern M_LINE = Pattern.compile("m=audio (\\d+) RTP/AVP 8\r\n");
    private static final double FLOOR_HZ = 440;
    /** Longer than the 2.5 s until the call's first RTCP sender report. */
    private static final long QUIET_MILLIS = 3500;
    private static final long HEAR_MILLIS = 15_000;

    @RegisterExtension
    final TestMeeting meeting = new TestMeeting("""
            {"title": "Council", "languages": ["en", "fr"], "floorLanguage": "en", "floorControl": "open"}
            """);

    private String token() throws Exception {
        return meeting.api().invite(meeting.id(), "{\"role\": \"delegate\", \"name\": \"Room 4\"}").get("token").asText();
    }

    private static int callPort(SipResponse answer) {
        assertEquals(200, answer.status());
        Matcher mLine = M_LINE.matcher(answer.body());
        assertTrue(mLine.find(), "PCMA at a port: " + answer.body());
        return Integer.parseInt(mLine.group(1));
    }

    @Test
    void anOfferNamingAnotherHostGetsNothingUntilTheCallerSendsRtpFromItsOwn() throws Exception {
        try (Victim victim = new Victim(InetAddress.getByName("127.0.0.2"));
             TonePeer floor = TonePeer.publishing(meeting.join("{\"role\": \"delegate\", \"name\": \"Speaker\"}"), FLOOR_HZ);
             SipTestClient signaling = new SipTestClient(meeting.server().sipPort());
             RoomSystem caller = new RoomSystem(CallCodec.PCMA, 0)) { // sends silence: it hears the floor alone
            int port = callPort(signaling.invite(token(), "", SipTestClient.offer("127.0.0.2", victim.rtpPort())));

            Thread.sleep(QUIET_MILLIS);
            assertEquals(0, victim.drain(), "nothing streamed at the address the SDP named");

            // RTP from the victim's address cannot latch the call: it is not where the INVITE came from.
            byte[] packet = RoomSystem.rtp(CallCodec.PCMA.payloadType(), 1, 160, new byte[160]);
            for (int i = 0; i < 10; i++) {
                victim.send(packet, port);
            }
            Thread.sleep(1000);
            assertEquals(0, victim.drain(), "not latched onto a foreign host");

            caller.sendTo(port); // from 127.0.0.1, the signaling host
            awaitFloor(caller);
            assertEquals(0, victim.drain(), "the victim still gets nothing");
            assertEquals(0, caller.foreignPackets());
            assertEquals(200, signaling.bye());
        }
    }

    @Test
    void anOfferNamingTheSignalingHostGetsMediaAtOnce() throws Exception {
        try (TonePeer floor = TonePeer.publishing(meeting.join("{\"role\": \"delegate\", \"name\": \"Speaker\"}"), FLOOR_HZ);
             SipTestClient signaling = new SipTestClient(meeting.server().sipPort());
             RoomSystem caller = new RoomSystem(CallCodec.PCMA, 0)) {
            int port = callPort(signaling.invite(token(), "", SipTestClient.offer("127.0.0.1", caller.address().getPort())));
            caller.listenTo(port); // it never sends
            awaitFloor(caller);
            assertEquals(200, signaling.bye());
        }
    }

    private static void awaitFloor(RoomSystem caller) throws InterruptedException {
        long deadline = System.nanoTime() + HEAR_MILLIS * 1_000_000L;
        double dominant = 0;
        double level = -200;
        while (System.nanoTime() < deadline) {
            short[] recent = caller.recent(1000);
            if (recent.length == 8000) {
                dominant = ToneAnalyzer.dominantFrequency(recent, 8000);
                level = ToneAnalyzer.rmsDbfs(recent);
                if (Math.abs(dominant - FLOOR_HZ) <= 10 && level > -40) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the caller does not hear the floor: " + dominant + " Hz at " + level + " dBFS");
    }

    /** A UDP port pair (RTP, RTCP) on another loopback address that counts what it is sent. */
    private static final class Victim implements AutoCloseable {

        private final DatagramSocket rtp;
        private final DatagramSocket rtcp;

        Victim(InetAddress address) throws SocketException {
            DatagramSocket first = null;
            DatagramSocket second = null;
            for (int attempt = 0; attempt < 16 && second == null; attempt++) {
                if (first != null) {
                    first.close();
                }
                first = new DatagramSocket(0, address);
                try {
                    second = new DatagramSocket(first.getLocalPort() + 1, address);
                } catch (SocketException taken) {
                    // another pair
                }
            }
            if (second == null) {
                first.close();
                throw new SocketException("no port pair on " + address);
            }
            rtp = first;
            rtcp = second;
        }

        int rtpPort() {
            return rtp.getLocalPort();
        }

        void send(byte[] datagram, int port) throws IOException {
            rtp.send(new DatagramPacket(datagram, datagram.length, InetAddress.getLoopbackAddress(), port));
        }

        /** How many datagrams arrived on either port since the last call. */
        int drain() throws IOException {
            return drain(rtp) + drain(rtcp);
        }

        private static int drain(DatagramSocket socket) throws IOException {
            socket.setSoTimeout(50);
            byte[] buffer = new byte[2048];
            int count = 0;
            for (int i = 0; i < 100_000; i++) {
                try {
                    socket.receive(new DatagramPacket(buffer, buffer.length));
                    count++;
                } catch (SocketTimeoutException e) {
                    break;
                }
            }
            return count;
        }

        @Override
        public void close() {
            rtp.close();
            rtcp.close();
        }
    }
}
