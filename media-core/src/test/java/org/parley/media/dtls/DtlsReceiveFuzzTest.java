package org.parley.media.dtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.time.Duration;
import org.parley.media.fuzz.TrackingAllocator;

/**
 * Coverage-guided fuzzing of the DTLS record path: arbitrary datagrams handed to
 * {@link DtlsTransport#receive} of a started transport, whose Bouncy Castle DTLS server reads them on
 * its handshake thread, or of one not started, whose bounded queue must fill and then drop. The
 * contract: receive never throws nor blocks and leaves the caller's buffer as it was; a not-started
 * transport drops (and counts) exactly the empty, oversized and over-capacity datagrams; garbage
 * never completes a handshake; close ends the handshake thread, which reports closed exactly once.
 */
class DtlsReceiveFuzzTest {

    private static final DtlsCertificate CERTIFICATE = DtlsCertificate.generate();
    private static final String PEER_FINGERPRINT = DtlsCertificate.generate().fingerprint();
    private static final int QUEUE_CAPACITY = 64;
    private final TrackingAllocator alloc = new TrackingAllocator();

    @FuzzTest(maxDuration = "60s")
    void datagrams(FuzzedDataProvider data) throws Exception {
        TrackingAllocator.assertNoDetectedLeaks();
        boolean start = data.consumeBoolean();
        HandshakeThreads threads = new HandshakeThreads();
        RecordingDtlsListener listener = new RecordingDtlsListener();
        InMemoryDatagramPipe pipe = new InMemoryDatagramPipe();
        DtlsTransport transport = new DtlsTransport(CERTIFICATE, threads, pipe, listener,
                new int[] {0x0007, 0x0001}, Duration.ofSeconds(5));
        pipe.connect(transport);
        transport.setRemoteFingerprint("sha-256", PEER_FINGERPRINT);
        if (start) {
            transport.start();
        }
        int count = data.consumeInt(1, start ? 16 : 100);
        long expectedDrops = 0;
        int queued = 0;
        for (int i = 0; i < count && data.remainingBytes() > 0; i++) {
            byte[] datagram = data.consumeBytes(data.consumeInt(0, 1600));
            ByteBuf buf = alloc.copyOf(datagram, i % 3);
            int readerIndex = buf.readerIndex();
            transport.receive(buf);
            assertEquals(readerIndex, buf.readerIndex(), "receive moved the reader index");
            assertEquals(1, buf.refCnt(), "receive released or retained the datagram");
            assertArrayEquals(datagram, ByteBufUtil.getBytes(buf), "receive changed the datagram");
            buf.release();
            if (datagram.length == 0 || datagram.length > 1500 || queued == QUEUE_CAPACITY) {
                expectedDrops++;
            } else {
                queued++;
            }
        }
        if (!start) {
            assertEquals(expectedDrops, transport.droppedDatagrams(), "drops of a transport nobody drains");
        }
        transport.close();
        assertTrue(threads.awaitAllFinished(), "the handshake thread did not end after close");
        assertEquals(0, listener.handshakeCompleteCalls.get(), "garbage completed a handshake");
        assertEquals(1, listener.closedCalls.get(), "closed reported " + listener.closedCalls.get() + " times");
        alloc.assertAllReleased("after the datagrams");
    }
}
