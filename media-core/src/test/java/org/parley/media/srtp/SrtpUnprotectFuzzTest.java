package org.parley.media.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.Arrays;
import org.parley.media.fuzz.TrackingAllocator;

/**
 * Coverage-guided fuzzing of SRTP and SRTCP unprotect (RFC 3711 §3.3, §3.4; RFC 7714) with fixed
 * keys, in both profiles. Each step is either raw bytes handed to unprotect, or a packet the peer
 * protected with the matching keys, maybe altered (a byte flipped, truncated) on the way. The
 * contract: nothing throws; an unaltered packet comes back as the peer's plaintext (or is refused as a
 * replay or for the SSRC limit); an altered one is never {@link SrtpResult#OK}; a packet that is not
 * {@code OK} is left as it arrived; the buffer is neither released nor retained.
 */
class SrtpUnprotectFuzzTest {

    private final TrackingAllocator alloc = new TrackingAllocator();

    @FuzzTest(maxDuration = "60s")
    void unprotect(FuzzedDataProvider data) {
        TrackingAllocator.assertNoDetectedLeaks();
        SrtpProfile profile = data.consumeBoolean() ? SrtpProfile.AEAD_AES_128_GCM : SrtpProfile.AES_CM_128_HMAC_SHA1_80;
        byte[] material = new byte[profile.keyingMaterialLength()];
        Arrays.fill(material, (byte) 0x5a);
        SrtpTransformer local = SrtpTransformer.fromDtlsKeyingMaterial(profile, material, true);
        SrtpTransformer peer = SrtpTransformer.fromDtlsKeyingMaterial(profile, material, false);
        int steps = data.consumeInt(1, 32);
        Streams streams = new Streams();
        for (int step = 0; step < steps && data.remainingBytes() > 0; step++) {
            boolean rtcp = data.consumeBoolean();
            if (data.consumeInt(0, 3) == 0) {
                byte[] raw = data.consumeBytes(data.consumeInt(0, 300));
                ByteBuf buf = alloc.copyOf(raw, step % 4);
                SrtpResult result = rtcp ? local.unprotectRtcp(buf) : local.unprotectRtp(buf);
                assertNotEquals(SrtpResult.OK, result, "unprotected bytes nobody protected");
                assertUntouched(raw, buf, result);
                buf.release();
                continue;
            }
            byte[] plain = rtcp ? rtcp(data) : rtp(data, streams);
            ByteBuf buf = alloc.buffer(plain.length + 32);
            buf.writeBytes(plain);
            SrtpResult protectedResult = rtcp ? peer.protectRtcp(buf) : peer.protectRtp(buf);
            if (protectedResult != SrtpResult.OK) {
                buf.release();
                continue;
            }
            byte[] wire = ByteBufUtil.getBytes(buf);
            buf.release();
            boolean altered = false;
            if (data.consumeBoolean() && wire.length > 0) {
                int mode = data.consumeInt(0, 2);
                if (mode == 0) {
                    wire = Arrays.copyOf(wire, data.consumeInt(0, wire.length - 1));
                } else {
                    wire[data.consumeInt(0, wire.length - 1)] ^= (byte) data.consumeInt(1, 255);
                }
                altered = true;
            }
            ByteBuf in = alloc.buffer(wire.length, data.consumeBoolean() ? wire.length : 2048);
            in.writeBytes(wire);
            SrtpResult result = rtcp ? local.unprotectRtcp(in) : local.unprotectRtp(in);
            if (altered) {
                assertNotEquals(SrtpResult.OK, result, "an altered packet passed authentication");
            } else if (!(result == SrtpResult.AUTH_FAILED && !rtcp && streams.indexAmbiguous(plain))) {
                assertTrue(result == SrtpResult.OK || result == SrtpResult.REPLAYED
                        || result == SrtpResult.SSRC_LIMIT_REACHED, "a genuine packet was " + result);
            }
            if (result == SrtpResult.OK && !rtcp) {
                streams.accepted(plain);
            }
            if (result == SrtpResult.OK) {
                assertArrayEquals(plain, ByteBufUtil.getBytes(in), "unprotect did not restore the plaintext");
            } else {
                assertUntouched(wire, in, result);
            }
            assertEquals(1, in.refCnt());
            in.release();
        }
        alloc.assertAllReleased("after a sequence");
    }

    private static void assertUntouched(byte[] arrived, ByteBuf buf, SrtpResult result) {
        assertEquals(1, buf.refCnt(), "unprotect released or retained the packet");
        if (result != SrtpResult.OK) {
            assertArrayEquals(arrived, ByteBufUtil.getBytes(buf), result + " but the packet changed");
        }
    }

    /**
     * The sender's and the receiver's view of each SSRC's packet index (RFC 3711 §3.3.1): the sender's
     * extended sequence number of its last packet, and the highest one the receiver accepted. A genuine
     * packet may fail authentication only where the RFC's index estimate cannot be right: the receiver
     * has accepted nothing of the stream and the sender's rollover counter is no longer 0 (it starts at
     * 0, §3.3.1), or the packet is 2^15 or more from what the receiver has seen (its loss went past
     * what the estimate covers).
     */
    private static final class Streams {
        private final long[] sent = new long[4];
        private final long[] highestAccepted = {-1, -1, -1, -1};

        /** The next sequence number of {@code ssrc}: a start in the middle of the space, then bounded steps. */
        int next(int ssrc, FuzzedDataProvider data) {
            sent[ssrc] = sent[ssrc] == 0 ? 16_384 + data.consumeInt(0, 32_767) : sent[ssrc] + data.consumeInt(-512, 4096);
            return (int) (sent[ssrc] & 0xFFFF);
        }

        boolean indexAmbiguous(byte[] packet) {
            int ssrc = packet[11];
            long highest = highestAccepted[ssrc];
            return highest < 0 ? sent[ssrc] >= 65_536 : Math.abs(sent[ssrc] - highest) >= 32_768;
        }

        void accepted(byte[] packet) {
            int ssrc = packet[11];
            highestAccepted[ssrc] = Math.max(highestAccepted[ssrc], sent[ssrc]);
        }
    }

    /**
     * An RTP packet: version 2, maybe CSRCs, an extension and padding, on one of a few SSRCs, whose
     * sequence numbers move as a real stream's do ({@link Streams}).
     */
    private static byte[] rtp(FuzzedDataProvider data, Streams streams) {
        byte[] header = data.consumeBytes(12);
        header = Arrays.copyOf(header, 12);
        header[0] = (byte) (0x80 | header[0] & 0x3F & ~0x20); // no padding bit without padding bytes
        header[8] = header[9] = header[10] = 0;
        header[11] &= 0x03;
        int sequence = streams.next(header[11], data);
        header[2] = (byte) (sequence >>> 8);
        header[3] = (byte) sequence;
        byte[] payload = data.consumeBytes(data.consumeInt(0, 200));
        int csrcs = header[0] & 0x0F;
        boolean extension = (header[0] & 0x10) != 0;
        int extensionWords = extension ? data.consumeInt(0, 4) : 0;
        byte[] packet = new byte[12 + 4 * csrcs + (extension ? 4 + 4 * extensionWords : 0) + payload.length];
        System.arraycopy(header, 0, packet, 0, 12);
        int at = 12 + 4 * csrcs;
        if (extension) {
            packet[at] = (byte) 0xBE;
            packet[at + 1] = (byte) 0xDE;
            packet[at + 3] = (byte) extensionWords;
            at += 4 + 4 * extensionWords;
        }
        System.arraycopy(payload, 0, packet, at, payload.length);
        return packet;
    }

    /** An RTCP compound packet: an RR whose length covers the fuzzer's report bytes. */
    private static byte[] rtcp(FuzzedDataProvider data) {
        int words = data.consumeInt(1, 20);
        byte[] packet = new byte[4 + 4 * words];
        packet[0] = (byte) 0x80;
        packet[1] = (byte) 201;
        packet[3] = (byte) words;
        byte[] body = data.consumeBytes(4 * words);
        System.arraycopy(body, 0, packet, 4, body.length);
        packet[4] = packet[5] = packet[6] = 0;
        packet[7] &= 0x03;
        return packet;
    }
}
