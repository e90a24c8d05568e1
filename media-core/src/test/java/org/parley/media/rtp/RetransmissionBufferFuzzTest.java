package org.parley.media.rtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.HashMap;
import java.util.Map;
import org.parley.media.fuzz.TrackingAllocator;
import org.parley.media.rtcp.Nack;

/**
 * Coverage-guided fuzzing of {@link RetransmissionBuffer} under interleaved sends and NACKs
 * (RFC 4585 §6.2.1) whose PID/BLP entries come from the fuzzer and are read back by
 * {@link Nack#forEachLost}. The contract, checked against a model: a packet just stored can be
 * copied out at once; whatever is copied out is byte for byte the last packet stored under that
 * sequence number (never a stale or foreign one); a refused copy writes nothing; nothing throws.
 * A small buffer (16 slots of 64 bytes) makes wraparound and eviction frequent.
 */
class RetransmissionBufferFuzzTest {

    private static final int SLOTS = 16;
    private static final int SLOT_BYTES = 64;
    private final TrackingAllocator alloc = new TrackingAllocator();

    @FuzzTest(maxDuration = "60s")
    void sendsAndNacks(FuzzedDataProvider data) {
        TrackingAllocator.assertNoDetectedLeaks();
        RetransmissionBuffer buffer = new RetransmissionBuffer(SLOTS, SLOT_BYTES);
        Map<Integer, byte[]> lastStored = new HashMap<>();
        long highestStored = -1; // the newest stored packet's sequence number, extended past wraparound
        int sequence = data.consumeInt(0, 0xFFFF);
        int steps = data.consumeInt(1, 200);
        ByteBuf out = alloc.buffer(2048);
        for (int step = 0; step < steps && data.remainingBytes() > 0; step++) {
            switch (data.consumeInt(0, 4)) {
                case 0, 1 -> { // the next packet, or a jump (reordering, a restart, wraparound)
                    sequence = data.consumeBoolean() ? (sequence + 1) & 0xFFFF
                            : (sequence + data.consumeInt(-40_000, 40_000)) & 0xFFFF;
                    byte[] packet = packet(sequence, data.consumeBytes(data.consumeInt(0, SLOT_BYTES)),
                            data.consumeBoolean());
                    ByteBuf buf = alloc.copyOf(packet, step % 3);
                    // Where the packet falls: the 16-bit distance to the newest stored one, either way (RFC 3550 A.1).
                    long extended = highestStored < 0 ? sequence
                            : highestStored + (short) (sequence - (int) (highestStored & 0xFFFF));
                    if (buffer.put(buf)) {
                        highestStored = Math.max(highestStored, extended);
                        lastStored.put(sequence, packet);
                        out.clear();
                        assertTrue(buffer.copyTo(sequence, out), "a packet just stored is not there");
                        assertArrayEquals(packet, ByteBufUtil.getBytes(out));
                    } else {
                        boolean tooOld = highestStored >= 0 && extended <= highestStored - SLOTS;
                        assertTrue(packet.length > SLOT_BYTES || !RtpPacket.isValid(buf) || tooOld,
                                "refused a valid packet that fits and is not too old");
                    }
                    assertEquals(1, buf.refCnt());
                    buf.release();
                }
                case 2 -> { // a NACK from the receiver, read back as the router does
                    out.clear();
                    int entries = data.consumeInt(1, 4);
                    out.writeBytes(new byte[] {(byte) 0x81, (byte) 205, 0, (byte) (2 + entries)});
                    out.writeInt(1).writeInt(2);
                    for (int i = 0; i < entries; i++) {
                        out.writeShort(data.consumeBoolean() ? sequence - data.consumeInt(0, 40) : data.consumeInt(0, 0xFFFF));
                        out.writeShort(data.consumeInt(0, 0xFFFF));
                    }
                    ByteBuf nack = out.copy();
                    ByteBuf answer = alloc.buffer(SLOT_BYTES, SLOT_BYTES);
                    Nack.forEachLost(nack, 0, lost -> answer(buffer, lastStored, lost, answer));
                    nack.release();
                    answer.release();
                }
                case 3 -> { // a NACK for any sequence number, into a buffer that may be too small
                    int capacity = data.consumeInt(0, SLOT_BYTES);
                    ByteBuf small = alloc.buffer(Math.min(8, capacity), capacity);
                    answer(buffer, lastStored, data.consumeInt(0, 0xFFFF), small);
                    small.release();
                }
                default -> {
                    buffer.clear();
                    lastStored.clear();
                    highestStored = -1;
                    assertTrue(!buffer.copyTo(sequence, out), "a cleared buffer still answers");
                }
            }
        }
        out.release();
        alloc.assertAllReleased("after a sequence");
    }

    private static void answer(RetransmissionBuffer buffer, Map<Integer, byte[]> lastStored, int lost, ByteBuf dst) {
        dst.clear();
        if (buffer.copyTo(lost, dst)) {
            byte[] expected = lastStored.get(lost);
            assertTrue(expected != null, "answered " + lost + ", never stored");
            assertArrayEquals(expected, ByteBufUtil.getBytes(dst), "answered " + lost + " with other bytes");
        } else {
            assertEquals(0, dst.writerIndex(), "a refused copy wrote bytes");
        }
    }

    private static byte[] packet(int sequence, byte[] payload, boolean marker) {
        byte[] packet = new byte[RtpPacket.FIXED_HEADER_LENGTH + payload.length];
        packet[0] = (byte) 0x80;
        packet[1] = (byte) ((marker ? 0x80 : 0) | 111);
        packet[2] = (byte) (sequence >> 8);
        packet[3] = (byte) sequence;
        packet[11] = 42;
        System.arraycopy(payload, 0, packet, RtpPacket.FIXED_HEADER_LENGTH, payload.length);
        return packet;
    }
}
