package org.parley.media.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.management.ThreadMXBean;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.lang.management.ManagementFactory;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;
import org.parley.media.rtcp.Nack;
import org.parley.media.rtcp.ReceiverReport;
import org.parley.media.rtcp.RtcpPacket;
import org.parley.media.rtcp.TransportCc;

/** The per-packet path must not allocate: measured with the JVM's per-thread allocation counter. */
class AllocationFreeHotPathTest {

    private static final int ROUNDS = 2_000;

    private long sink;

    @Test
    void perPacketOperationsAllocateNothing() {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof ThreadMXBean, "HotSpot allocation counter");
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());

        ByteBuf rtp = RtpPacketTest.hex("906F0001 00000002 00000003 BEDE0003 10AA3212 34564100 07916175 C0FFEE");
        ByteBuf rtcp = compoundRtcp();
        ByteBuf dst = Unpooled.buffer(2048);
        byte[] idMap = new byte[16];
        idMap[1] = 2;
        idMap[4] = 5;
        byte[] mid = new byte[8];
        ReceiveStatistics receive = new ReceiveStatistics(3);
        SendStatistics send = new SendStatistics(3);
        RetransmissionBuffer retransmissions = new RetransmissionBuffer(64, 1500);
        IntConsumer onLost = seq -> sink += seq;
        TransportCc.PacketVisitor onPacket = (seq, received, delta) -> sink += delta;

        runRounds(rtp, rtcp, dst, idMap, mid, receive, send, retransmissions, onLost, onPacket, 0); // warm up
        long before = threads.getCurrentThreadAllocatedBytes();
        long baseline = threads.getCurrentThreadAllocatedBytes() - before;
        before = threads.getCurrentThreadAllocatedBytes();
        runRounds(rtp, rtcp, dst, idMap, mid, receive, send, retransmissions, onLost, onPacket, ROUNDS);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before - baseline;
        assertEquals(0, allocated, "bytes allocated by " + ROUNDS + " rounds");
    }

    private void runRounds(ByteBuf rtp, ByteBuf rtcp, ByteBuf dst, byte[] idMap, byte[] mid,
                           ReceiveStatistics receive, SendStatistics send, RetransmissionBuffer retransmissions,
                           IntConsumer onLost, TransportCc.PacketVisitor onPacket, int offset) {
        for (int n = 0; n < ROUNDS; n++) {
            int seq = (offset + n) & 0xFFFF;
            RtpPacket.setSequenceNumber(rtp, seq);
            if (RtpPacket.isRtp(rtp) && RtpPacket.isValid(rtp)) {
                sink += RtpPacket.payloadLength(rtp) + RtpPacket.ssrc(rtp) + RtpPacket.timestamp(rtp);
                sink += AudioLevel.read(rtp, 1) + AbsSendTime.read(rtp, 3) + TransportWideSequence.read(rtp, 4);
                sink += Mid.read(rtp, 9, mid);
                AbsSendTime.write(rtp, 3, AbsSendTime.fromNanos(n * 20_000_000L));
                receive.update(rtp, n * 20_000_000L, 48_000);
                send.onPacketSent(rtp, n * 20_000_000L);
                retransmissions.put(rtp);
                dst.clear();
                sink += HeaderExtensions.copyRemapped(rtp, dst, idMap);
                dst.clear();
                retransmissions.copyTo(seq, dst);
            }
            for (int off = RtcpPacket.first(rtcp); off >= 0; off = RtcpPacket.next(rtcp, off)) {
                Nack.forEachLost(rtcp, off, onLost);
                TransportCc.forEachPacket(rtcp, off, onPacket);
            }
            if (n % 100 == 0) {
                dst.clear();
                send.writeSenderReport(dst, n, n, 48_000);
                receive.writeReportBlock(dst, 0, n);
                ReceiverReport.write(dst, 1);
            }
        }
    }

    /** RR, generic NACK and transport-cc feedback in one compound packet. */
    private static ByteBuf compoundRtcp() {
        return RtpPacketTest.hex("80C90001 01020304 81CD0004 11111111 22222222 00648001 FFFF0001"
                + "AFCD0008 11111111 22222222 FFFE0018 00010207 2003C900 A8010400 FFFFFE01 02031001");
    }
}
