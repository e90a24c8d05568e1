package org.parley.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.parley.media.srtp.SrtpProfile;
import org.parley.media.srtp.SrtpResult;
import org.parley.media.srtp.SrtpTransformer;

/**
 * SRTP cost per audio packet: a 12-byte RTP header and a 100-byte payload (about a 20 ms Opus frame).
 *
 * <p>{@code protect} is what forwarding pays per consumer. A receiver rejects replays, so an
 * unprotect cannot be repeated on one packet; {@code protectThenUnprotect} sends a fresh packet
 * through both ends, and unprotect costs the difference of the two.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SrtpBenchmark {
    private static final int HEADER_LENGTH = 12;
    private static final int PAYLOAD_LENGTH = 100;
    private static final int PACKET_LENGTH = HEADER_LENGTH + PAYLOAD_LENGTH;

    @Param({"AEAD_AES_128_GCM", "AES_CM_128_HMAC_SHA1_80"})
    public SrtpProfile profile;

    /** Netty's epoll transport hands out pooled direct buffers; heap buffers take the array path. */
    @Param({"direct", "heap"})
    public String buffer;

    private SrtpTransformer sender;
    private SrtpTransformer receiver;
    private ByteBuf packet;
    private int seq;

    @Setup(Level.Trial)
    public void setUp() {
        byte[] material = new byte[profile.keyingMaterialLength()];
        for (int i = 0; i < material.length; i++) {
            material[i] = (byte) (31 * i + 7);
        }
        sender = SrtpTransformer.fromDtlsKeyingMaterial(profile, material, true);
        receiver = SrtpTransformer.fromDtlsKeyingMaterial(profile, material, false);
        PooledByteBufAllocator allocator = PooledByteBufAllocator.DEFAULT;
        packet = "direct".equals(buffer) ? allocator.directBuffer(1500) : allocator.heapBuffer(1500);
        packet.writeByte(0x80).writeByte(111).writeShort(0).writeInt(0x12345678).writeInt(0xcafebabe);
        for (int i = 0; i < PAYLOAD_LENGTH; i++) {
            packet.writeByte(i);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        packet.release();
    }

    /** Rewinds the buffer to a plain RTP packet with the next sequence number. */
    private ByteBuf nextPacket() {
        packet.setIndex(0, PACKET_LENGTH);
        packet.setShort(2, seq++);
        return packet;
    }

    @Benchmark
    public SrtpResult protect() {
        return sender.protectRtp(nextPacket());
    }

    @Benchmark
    public SrtpResult protectThenUnprotect() {
        ByteBuf buf = nextPacket();
        sender.protectRtp(buf);
        return receiver.unprotectRtp(buf);
    }
}
