package org.parley.media.router;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;
import org.parley.media.rtp.RtpPacket;
import org.parley.media.transport.RtpExtensionIds;

class RtpInjectorTest {

    /** Runs tasks only when the test says so, like an event loop that is busy elsewhere. */
    private static final class ManualExecutor implements Executor {
        final Queue<Runnable> tasks = new ArrayDeque<>();

        @Override
        public void execute(Runnable task) {
            tasks.add(task);
        }

        void runAll() {
            for (Runnable task = tasks.poll(); task != null; task = tasks.poll()) {
                task.run();
            }
        }
    }

    /** What a tap saw of one packet, copied while the packet was valid. */
    private record Seen(ByteBuf packet, int refCnt, int sequence, long timestamp, boolean marker, long ssrc,
                        int payloadType, byte[] payload) {
    }

    private final UnpooledByteBufAllocator allocator = new UnpooledByteBufAllocator(false);
    private final ManualExecutor eventLoop = new ManualExecutor();
    private final List<Seen> seen = new ArrayList<>();

    private LocalRtpStream stream(String id) {
        LocalRtpStream stream = LocalRtpStream.create(id, "audio", 111, 48_000);
        stream.producer().setTap((producer, packet, nowNanos) -> {
            byte[] payload = new byte[RtpPacket.payloadLength(packet)];
            packet.getBytes(packet.readerIndex() + RtpPacket.payloadOffset(packet), payload);
            seen.add(new Seen(packet, packet.refCnt(), RtpPacket.sequenceNumber(packet), RtpPacket.timestamp(packet),
                    RtpPacket.marker(packet), RtpPacket.ssrc(packet), RtpPacket.payloadType(packet), payload));
        });
        return stream;
    }

    @Test
    void localProducerHasNoTransportAndAsksNobodyForKeyFrames() {
        Producer producer = Producer.local("channel/m/fr/mixed/standard", "audio", 1234, 111, 48_000);
        assertTrue(producer.isLocal());
        assertNull(producer.transport());
        assertNull(producer.transportId());
        assertEquals("channel/m/fr/mixed/standard", producer.id());
        assertEquals(RtpExtensionIds.NONE, producer.extensionIds());
        assertFalse(producer.requestKeyFrame(1, 0));
        assertSame(producer, new LocalRtpStream(producer).producer());
    }

    @Test
    void framesOfOneTickGoOverInOneTaskAsConsecutiveRtpPackets() {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
        LocalRtpStream stream = stream("channel/m/fr/mixed/standard");
        RtpInjector injector = new RtpInjector(eventLoop, allocator, 16);

        assertTrue(injector.offer(stream, new byte[] {1, 2, 3}, 3, 0, 960));
        assertTrue(injector.offer(stream, new byte[] {4, 5, 9}, 2, 960, 960));
        assertEquals(1, eventLoop.tasks.size(), "one task for the whole batch");
        assertTrue(seen.isEmpty(), "nothing is forwarded off the event loop");
        eventLoop.runAll();
        assertTrue(injector.offer(stream, new byte[] {6}, 1, 960 * 5, 960)); // two frames not sent: a gap
        eventLoop.runAll();

        assertEquals(3, seen.size());
        Seen first = seen.get(0);
        Seen second = seen.get(1);
        Seen afterGap = seen.get(2);
        assertEquals(stream.producer().ssrc(), first.ssrc());
        assertEquals(111, first.payloadType());
        assertArrayEquals(new byte[] {1, 2, 3}, first.payload());
        assertArrayEquals(new byte[] {4, 5}, second.payload());
        assertEquals((first.sequence() + 1) & 0xFFFF, second.sequence());
        assertEquals((second.sequence() + 1) & 0xFFFF, afterGap.sequence());
        assertEquals((first.timestamp() + 960) & 0xFFFFFFFFL, second.timestamp());
        assertEquals((first.timestamp() + 960 * 5) & 0xFFFFFFFFL, afterGap.timestamp());
        assertTrue(first.marker(), "first packet starts a talkspurt");
        assertFalse(second.marker());
        assertTrue(afterGap.marker(), "a packet after a gap starts a talkspurt (RFC 3551 §4.1)");
        for (Seen s : seen) {
            assertEquals(1, s.refCnt(), "the tap borrows the packet");
            assertEquals(0, s.packet().refCnt(), "released after forwarding");
        }
    }

    @Test
    void aFullRingDropsAndAClosedInjectorReleasesWhatIsQueued() {
        LocalRtpStream stream = stream("channel/m/en/clean/low");
        RtpInjector injector = new RtpInjector(eventLoop, allocator, 4);
        List<ByteBuf> queued = new ArrayList<>();
        stream.producer().setTap((producer, packet, nowNanos) -> queued.add(packet));
        for (int i = 0; i < 4; i++) {
            assertTrue(injector.offer(stream, new byte[] {7}, 1, 960L * i, 960));
        }
        assertFalse(injector.offer(stream, new byte[] {7}, 1, 960L * 4, 960), "the event loop is behind");
        assertEquals(1, injector.dropped());
        injector.close();
        eventLoop.runAll();
        assertTrue(queued.isEmpty(), "a closed injector forwards nothing");
        assertFalse(injector.offer(stream, new byte[] {7}, 1, 960L * 5, 960));
    }

    @Test
    void tapSeesTransportlessPacketsAndCanBeRemoved() {
        LocalRtpStream stream = stream("channel/m/fr/clean/studio");
        RtpInjector injector = new RtpInjector(eventLoop, allocator, 8);
        injector.offer(stream, new byte[] {1}, 1, 0, 960);
        eventLoop.runAll();
        stream.producer().setTap(null);
        injector.offer(stream, new byte[] {2}, 1, 960, 960);
        eventLoop.runAll();
        assertEquals(1, seen.size());
        assertEquals("01", ByteBufUtil.hexDump(seen.get(0).payload()));
    }
}
