package org.parley.signaling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parley.media.MediaServer;
import org.parley.signaling.auth.Role;
import org.parley.signaling.interpretation.InterpretationChannels;
import org.parley.signaling.interpretation.MeetingChannels;
import org.parley.signaling.meeting.Meeting;
import org.parley.signaling.meeting.MeetingEvents;
import org.parley.signaling.meeting.Participant;
import org.parley.signaling.peer.ToneAnalyzer;
import org.parley.signaling.sip.media.CallAudio;
import org.parley.signaling.sip.media.CallAudioFactory;
import org.parley.signaling.sip.media.CallCodec;

/**
 * The audio of a SIP call with a whole Parley server: a Java "room system" sends G.711 RTP of a
 * 1 kHz tone every 20 ms to a {@link CallAudio} and records what comes back, while libwebrtc peers
 * publish and listen through the SFU. The room system's voice reaches the floor channel, the floor
 * reaches the room system, floor gating silences it, foreign datagrams are counted, and closing
 * gives back the port, the producer and the listener.
 */
@Timeout(120)
class SipCallMediaEndToEndTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final double ROOM_HZ = 1000;
    private static final double FLOOR_HZ = 440;
    /** Time for a change to settle: jitter buffers and the mix's gain ramps. */
    private static final long SETTLE_MILLIS = 2500;

    @RegisterExtension
    final TestMeeting meeting = new TestMeeting("""
            {"title": "Council", "languages": ["en", "fr"], "floorLanguage": "en", "floorControl": "open"}
            """);

    private MediaServer media;
    private InterpretationChannels interpretation;
    private Meeting council;

    @BeforeEach
    void findTheServersParts() {
        media = meeting.server().media().orElseThrow();
        interpretation = meeting.server().interpretation().orElseThrow();
        council = meeting.server().meetings().meeting(meeting.id());
    }

    @Test
    void roomSystemSpeaksAndHearsTheFloor() throws Exception {
        Participant room = council.join("Room 4", Role.DELEGATE, null, new MeetingEvents() { }, joined -> { });
        MeetingChannels channels = interpretation.of(council);

        try (CallAudioFactory factory = new CallAudioFactory(media, interpretation, "127.0.0.1", "127.0.0.1");
             RoomSystem roomSystem = new RoomSystem(CallCodec.PCMU, ROOM_HZ);
             TonePeer listener = TonePeer.listening(meeting.join("{\"role\": \"delegate\", \"name\": \"Listener\"}"))) {
            CallAudio call = factory.open(council, room.id());
            assertEquals("127.0.0.1", call.address());
            int port = call.port();
            assertEquals(0, port % 2, "RTP on an even port");
            assertEquals(port + 1, call.rtcpPort(), "RTCP on the one above");

            roomSystem.sendTo(port);
            assertThrows(IllegalArgumentException.class,
                    () -> call.start(roomSystem.address(), InetAddress.getLoopbackAddress(), CallCodec.PCMU, "de", true), "not the meeting's language");
            assertNull(call.producerId(), "nothing started");
            call.start(roomSystem.address(), InetAddress.getLoopbackAddress(), CallCodec.PCMU, "en", true);
            assertThrows(IllegalStateException.class, () -> call.start(roomSystem.address(), InetAddress.getLoopbackAddress(), CallCodec.PCMU, "en", true));
            assertEquals("sip/" + meeting.id() + "/" + room.id(), call.producerId());
            assertTrue(council.participant(room.id()).producerIds().contains(call.producerId()),
                    "the meeting knows the room system's producer");
            assertEquals(1, channels.listeners("en"), "the call listens to English");

            listener.subscribeChannel("floor", "mixed", "standard");
            listener.peer.awaitSamples(listener.slot.mid(), 48_000, TIMEOUT);
            Thread.sleep(SETTLE_MILLIS);
            short[] heardWithRoom = listener.recent(500);
            listener.assertHears(ROOM_HZ, "the room system's voice on the floor");
            double roomLevel = listener.levelDb(heardWithRoom, ROOM_HZ);

            // A publisher takes the floor while the room system's voice is gated out.
            call.setHeard(false);
            try (TonePeer floor = TonePeer.publishing(meeting.join("{\"role\": \"delegate\", \"name\": \"Chair\"}"), FLOOR_HZ)) {
                assertNotNull(floor.producerId);
                Thread.sleep(SETTLE_MILLIS);
                double gated = listener.levelDb(listener.recent(500), ROOM_HZ);
                assertTrue(gated <= roomLevel - 30, "gated: " + roomLevel + " dB, then " + gated + " dB");
                listener.assertHears(FLOOR_HZ, "the floor without the room system");

                short[] atRoom = roomSystem.recent(4000);
                double dominant = ToneAnalyzer.dominantFrequency(atRoom, 8000);
                assertEquals(FLOOR_HZ, dominant, 10, "the room system hears " + dominant + " Hz");
                assertTrue(ToneAnalyzer.rmsDbfs(atRoom) > -40, "audibly: " + ToneAnalyzer.rmsDbfs(atRoom) + " dBFS");

                // French (no booth: the floor) without a SIP re-INVITE, and without a gap.
                call.listen("fr");
                assertEquals("fr", call.language());
                awaitTrue(() -> channels.listeners("fr") == 1 && channels.listeners("en") == 0,
                        "the call moves from English to French once French arrives");
                Thread.sleep(1000);
                short[] acrossSwitch = roomSystem.recent(3000);
                double gap = ToneAnalyzer.longestGapMillis(acrossSwitch, 8000, -45);
                assertTrue(gap <= 20, "the longest silence across the switch is " + gap + " ms");
                assertEquals(FLOOR_HZ, ToneAnalyzer.dominantFrequency(acrossSwitch, 8000), 10, "still the floor");
            }
            assertTrue(call.packetsReceived() > 100, "received " + call.packetsReceived());
            assertTrue(call.packetsSent() > 100, "sent " + call.packetsSent());
            assertEquals(0, roomSystem.foreignPackets(), "everything the room system got came from the call's port");
            byte[] report = roomSystem.receiveRtcp();
            if ((report[1] & 0xFF) == 201) {
                report = roomSystem.receiveRtcp(); // a receiver report, sent before the call's first packet went
            }
            assertEquals(0x81, report[0] & 0xFF, "RTCP version 2, one report block");
            assertEquals(200, report[1] & 0xFF, "a sender report (RFC 3550 §6.4.1)");
            assertEquals(roomSystem.ssrcHeard(), RoomSystem.word(report, 4), "about the stream the room system hears");
            assertTrue(RoomSystem.word(report, 20) > 0, "with packets counted");
            assertEquals(RoomSystem.SSRC, RoomSystem.word(report, 28), "a report block on the room system's stream");
            assertEquals(0, report[32], "nothing of it lost on loopback");
            assertEquals(202, report[53] & 0xFF, "then our CNAME (RFC 3550 §6.1)");
            assertTrue(call.reportsSent() >= 1);
            assertTrue(call.quality().inboundLossPercent() >= 0, "our report's figures: " + call.quality());
            assertTrue(call.score().isKnown(), "and a score from them");
            assertTrue(call.score().mos() >= 4.2, call.score().toString());
            assertEquals(-1, call.quality().rttMillis(), "this room system sends no RTCP: no round trip");

            long droppedBefore = call.packetsDropped();
            long receivedBefore = call.packetsReceived();
            roomSystem.sendRaw(new byte[] {1, 2, 3});
            roomSystem.sendRaw(RoomSystem.rtp(CallCodec.PCMA.payloadType(), 1, 0, new byte[160])); // not negotiated
            roomSystem.sendRaw(new byte[] {(byte) 0x81, (byte) 200, 0, 1, 0, 0, 0, 1}); // RTCP, multiplexed
            try (DatagramSocket stranger = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                byte[] spoofed = RoomSystem.rtp(CallCodec.PCMU.payloadType(), 7, 0, new byte[160]);
                stranger.send(new DatagramPacket(spoofed, spoofed.length, InetAddress.getLoopbackAddress(), port));
                stranger.send(new DatagramPacket(spoofed, 2, InetAddress.getLoopbackAddress(), port));
            }
            try (DatagramSocket rtcpPort = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                byte[] receiverReport = {(byte) 0x80, (byte) 201, 0, 1, 0x51, 0x50, 0x1A, 0x2B};
                rtcpPort.send(new DatagramPacket(receiverReport, receiverReport.length, InetAddress.getLoopbackAddress(),
                        call.rtcpPort()));
            }
            awaitTrue(() -> call.packetsDropped() >= droppedBefore + 4 && call.rtcpReceived() >= 2,
                    "four datagrams dropped, and RTCP counted on both ports");
            awaitTrue(() -> call.packetsReceived() > receivedBefore + 10, "the call goes on after them");

            call.close();
            call.close();
            assertEquals(0, channels.listeners("fr"), "the listener count is given back");
            awaitTrue(() -> media.router().producer(call.producerId()) == null, "the producer leaves the router");
            assertTrue(council.participant(room.id()).producerIds().isEmpty(), "and the meeting");
            try (DatagramSocket again = new DatagramSocket(new InetSocketAddress("127.0.0.1", port))) {
                assertEquals(port, again.getLocalPort(), "the port is free again");
            }
            assertEquals(0, factory.openCalls());
        } finally {
            council.leave(room);
        }
    }

    @Test
    void twoRoomSystemsInBothLawsHearEachOtherOnOneChannel() throws Exception {
        Participant first = council.join("Room 1", Role.DELEGATE, null, new MeetingEvents() { }, joined -> { });
        Participant second = council.join("Room 2", Role.DELEGATE, null, new MeetingEvents() { }, joined -> { });
        MeetingChannels channels = interpretation.of(council);
        try (CallAudioFactory factory = new CallAudioFactory(media, interpretation, "127.0.0.1", "127.0.0.1");
             RoomSystem muLaw = new RoomSystem(CallCodec.PCMU, ROOM_HZ);
             RoomSystem aLaw = new RoomSystem(CallCodec.PCMA, 700)) {
            CallAudio muLawCall = factory.open(council, first.id());
            CallAudio aLawCall = factory.open(council, second.id());
            muLaw.sendTo(muLawCall.port());
            aLaw.sendTo(aLawCall.port());
            muLawCall.start(muLaw.address(), InetAddress.getLoopbackAddress(), CallCodec.PCMU, "en", true);
            aLawCall.start(aLaw.address(), InetAddress.getLoopbackAddress(), CallCodec.PCMA, "en", true);
            assertEquals(2, channels.listeners("en"), "two listeners of one channel");

            Thread.sleep(SETTLE_MILLIS);
            // Both voices are on the floor, so each room system hears the other, and not itself (mix-minus).
            short[] atMuLaw = muLaw.recent(1000);
            short[] atALaw = aLaw.recent(1000);
            double muLawHearsALaw = ToneAnalyzer.levelAtDb(atMuLaw, 8000, 700);
            double aLawHearsMuLaw = ToneAnalyzer.levelAtDb(atALaw, 8000, ROOM_HZ);
            assertTrue(muLawHearsALaw > -40, "the µ-law room hears the A-law one");
            assertTrue(aLawHearsMuLaw > -40, "the A-law room hears the µ-law one");
            double muLawHearsItself = ToneAnalyzer.levelAtDb(atMuLaw, 8000, ROOM_HZ);
            double aLawHearsItself = ToneAnalyzer.levelAtDb(atALaw, 8000, 700);
            assertTrue(muLawHearsItself <= aLawHearsMuLaw - 30, "the µ-law room hears itself at " + muLawHearsItself
                    + " dB, the other room hears it at " + aLawHearsMuLaw + " dB");
            assertTrue(aLawHearsItself <= muLawHearsALaw - 30, "the A-law room hears itself at " + aLawHearsItself
                    + " dB, the other room hears it at " + muLawHearsALaw + " dB");

            muLawCall.close();
            assertEquals(1, channels.listeners("en"));
            long sentBefore = aLawCall.packetsSent();
            awaitTrue(() -> aLawCall.packetsSent() > sentBefore + 25, "the other call goes on hearing the channel");
            assertEquals(0, aLaw.foreignPackets());
        } finally {
            council.leave(first);
            council.leave(second);
        }
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + TIMEOUT + ": " + what);
            }
            Thread.sleep(20);
        }
    }

    /**
     * A room system on loopback: sends a tone as G.711 RTP every 20 ms (160 samples, RFC 3551 §4.2)
     * and keeps the last seconds of what it receives, decoded.
     */
    static final class RoomSystem implements AutoCloseable {

        /** The SSRC of what it sends. */
        static final long SSRC = 0x5150_1A2BL;
        private static final int SAMPLES_PER_PACKET = 160;
        private static final int KEPT_SAMPLES = 8000 * 8;

        private final DatagramSocket socket;
        /** On the port above {@link #socket}'s (RFC 3550 §11). */
        private final DatagramSocket rtcpSocket;
        private long ssrcHeard = -1;
        private final CallCodec codec;
        private final double hz;
        /** What was received, by RTP timestamp: a packet that never came leaves silence. */
        private final short[] received = new short[KEPT_SAMPLES];
        private long receivedSamples;
        private long firstTimestamp = -1;
        private int foreignPackets;
        private volatile int port;
        private volatile boolean closed;
        private final Thread sender;
        private final Thread receiver;

        RoomSystem(CallCodec codec, double hz) throws SocketException {
            DatagramSocket rtpSocket = null;
            DatagramSocket rtcp = null;
            for (int attempt = 0; attempt < 16 && rtcp == null; attempt++) {
                if (rtpSocket != null) {
                    rtpSocket.close();
                }
                rtpSocket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                try {
                    rtcp = new DatagramSocket(rtpSocket.getLocalPort() + 1, InetAddress.getLoopbackAddress());
                } catch (SocketException taken) {
                    // another pair
                }
            }
            assertNotNull(rtcp, "a pair of ports");
            this.socket = rtpSocket;
            this.rtcpSocket = rtcp;
            this.codec = codec;
            this.hz = hz;
            this.sender = Thread.ofPlatform().daemon().name("room-system-send").unstarted(this::sendLoop);
            this.receiver = Thread.ofPlatform().daemon().name("room-system-receive").start(this::receiveLoop);
        }

        InetSocketAddress address() {
            return (InetSocketAddress) socket.getLocalSocketAddress();
        }

        /** Starts sending to {@code callPort}. */
        void sendTo(int callPort) {
            port = callPort;
            sender.start();
        }

        /** Takes what comes from {@code callPort} as the call's, without sending anything. */
        void listenTo(int callPort) {
            port = callPort;
        }

        void sendRaw(byte[] datagram) throws IOException {
            socket.send(new DatagramPacket(datagram, datagram.length, InetAddress.getLoopbackAddress(), port));
        }

        /** The last {@code millis} received, decoded at 8 kHz. */
        synchronized short[] recent(int millis) {
            int count = (int) Math.min(8L * millis, Math.min(receivedSamples, KEPT_SAMPLES));
            short[] out = new short[count];
            for (int i = 0; i < count; i++) {
                out[i] = received[(int) ((receivedSamples - count + i) % KEPT_SAMPLES)];
            }
            return out;
        }

        /** The next RTCP datagram on the room system's RTCP port. */
        byte[] receiveRtcp() throws IOException {
            byte[] buffer = new byte[1500];
            DatagramPacket datagram = new DatagramPacket(buffer, buffer.length);
            rtcpSocket.setSoTimeout((int) TIMEOUT.toMillis());
            rtcpSocket.receive(datagram);
            return Arrays.copyOf(buffer, datagram.getLength());
        }

        /** The SSRC of the call's RTP packets, or -1 before the first. */
        synchronized long ssrcHeard() {
            return ssrcHeard;
        }

        synchronized int foreignPackets() {
            return foreignPackets;
        }

        static byte[] rtp(int payloadType, int sequence, long timestamp, byte[] payload) {
            byte[] packet = new byte[12 + payload.length];
            packet[0] = (byte) 0x80;
            packet[1] = (byte) payloadType;
            packet[2] = (byte) (sequence >> 8);
            packet[3] = (byte) sequence;
            for (int i = 0; i < 4; i++) {
                packet[4 + i] = (byte) (timestamp >> (24 - 8 * i));
                packet[8 + i] = (byte) (SSRC >> (24 - 8 * i));
            }
            System.arraycopy(payload, 0, packet, 12, payload.length);
            return packet;
        }

        static long word(byte[] data, int at) {
            return ((data[at] & 0xFFL) << 24) | ((data[at + 1] & 0xFF) << 16) | ((data[at + 2] & 0xFF) << 8)
                    | (data[at + 3] & 0xFF);
        }

        private void sendLoop() {
            byte[] payload = new byte[SAMPLES_PER_PACKET];
            long start = System.nanoTime();
            for (int n = 0; !closed && n < 3000; n++) {
                for (int i = 0; i < SAMPLES_PER_PACKET; i++) {
                    long t = (long) n * SAMPLES_PER_PACKET + i;
                    short sample = (short) Math.round(0.3 * 32767 * Math.sin(2 * Math.PI * hz * t / 8000));
                    payload[i] = (byte) codec.encode(sample);
                }
                try {
                    sendRaw(rtp(codec.payloadType(), n & 0xFFFF, (long) n * SAMPLES_PER_PACKET, payload));
                    long due = start + (n + 1) * 20_000_000L;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                } catch (IOException | InterruptedException e) {
                    return;
                }
            }
        }

        private void receiveLoop() {
            byte[] buffer = new byte[2048];
            while (!closed) {
                DatagramPacket datagram = new DatagramPacket(buffer, buffer.length);
                try {
                    socket.setSoTimeout(200);
                    socket.receive(datagram);
                } catch (SocketTimeoutException e) {
                    continue;
                } catch (IOException e) {
                    return;
                }
                record(datagram);
            }
        }

        private synchronized void record(DatagramPacket datagram) {
            int length = datagram.getLength();
            byte[] data = datagram.getData();
            if (datagram.getPort() != port || length < 12 || (data[1] & 0x7F) != codec.payloadType()) {
                foreignPackets++;
                return;
            }
            ssrcHeard = word(data, 8);
            long timestamp = word(data, 4);
            if (firstTimestamp < 0) {
                firstTimestamp = timestamp;
            }
            long at = (timestamp - firstTimestamp) & 0xFFFF_FFFFL;
            if (at + length - 12 <= receivedSamples - KEPT_SAMPLES) {
                return; // older than what is kept
            }
            for (; receivedSamples < at; receivedSamples++) {
                received[(int) (receivedSamples % KEPT_SAMPLES)] = 0;
            }
            for (int i = 12; i < length; i++) {
                received[(int) ((at + i - 12) % KEPT_SAMPLES)] = codec.decode(data[i]);
            }
            receivedSamples = Math.max(receivedSamples, at + length - 12);
        }

        @Override
        public void close() throws InterruptedException {
            closed = true;
            socket.close();
            rtcpSocket.close();
            sender.join(1000);
            receiver.join(1000);
        }
    }
}
