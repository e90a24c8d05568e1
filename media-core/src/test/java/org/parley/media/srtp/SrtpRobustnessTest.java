package org.parley.media.srtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Hostile input: every call must return a result, never throw. */
class SrtpRobustnessTest {

    private static SrtpTransformer transformer(SrtpProfile profile) {
        byte[] material = new byte[profile.keyingMaterialLength()];
        Arrays.fill(material, (byte) 0x5a);
        return SrtpTransformer.fromDtlsKeyingMaterial(profile, material, false);
    }

    private static SrtpTransformer peer(SrtpProfile profile) {
        byte[] material = new byte[profile.keyingMaterialLength()];
        Arrays.fill(material, (byte) 0x5a);
        return SrtpTransformer.fromDtlsKeyingMaterial(profile, material, true);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void everyTruncationOfAnSrtpPacketIsRejected(SrtpProfile profile) {
        ByteBuf buf = Unpooled.buffer().writeBytes(SrtpTransformerTest.rtp(3, 0x0badcafe, 60));
        assertEquals(SrtpResult.OK, peer(profile).protectRtp(buf));
        byte[] protectedPacket = new byte[buf.readableBytes()];
        buf.readBytes(protectedPacket);
        buf.release();

        SrtpTransformer receiver = transformer(profile);
        for (int length = 0; length < protectedPacket.length; length++) {
            for (boolean direct : new boolean[] {false, true}) {
                ByteBuf truncated = (direct ? Unpooled.directBuffer(length) : Unpooled.buffer(length))
                    .writeBytes(protectedPacket, 0, length);
                SrtpResult result = receiver.unprotectRtp(truncated);
                assertTrue(result == SrtpResult.MALFORMED || result == SrtpResult.AUTH_FAILED,
                    "length " + length + ": " + result);
                assertEquals(length, truncated.readableBytes());
                truncated.release();
            }
        }
        assertEquals(SrtpResult.OK, receiver.unprotectRtp(Unpooled.wrappedBuffer(protectedPacket)));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void everyTruncationOfAnSrtcpPacketIsRejected(SrtpProfile profile) {
        ByteBuf buf = Unpooled.buffer().writeBytes(SrtpTransformerTest.rtcpReceiverReport(0x0badcafe));
        assertEquals(SrtpResult.OK, peer(profile).protectRtcp(buf));
        byte[] protectedPacket = new byte[buf.readableBytes()];
        buf.readBytes(protectedPacket);
        buf.release();

        SrtpTransformer receiver = transformer(profile);
        for (int length = 0; length < protectedPacket.length; length++) {
            ByteBuf truncated = Unpooled.buffer(length).writeBytes(protectedPacket, 0, length);
            SrtpResult result = receiver.unprotectRtcp(truncated);
            assertTrue(result == SrtpResult.MALFORMED || result == SrtpResult.AUTH_FAILED,
                "length " + length + ": " + result);
        }
        assertEquals(SrtpResult.OK, receiver.unprotectRtcp(Unpooled.wrappedBuffer(protectedPacket)));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void truncatedPlainPacketsAreNotProtected(SrtpProfile profile) {
        SrtpTransformer sender = transformer(profile);
        byte[] rtp = Arrays.copyOf(SrtpTransformerTest.rtp(1, 1, 0), 20);
        rtp[0] = (byte) 0x92; // X=1, CC=2: the header claims more than 12 bytes
        for (int length = 0; length < rtp.length; length++) {
            ByteBuf buf = Unpooled.buffer().writeBytes(rtp, 0, length);
            assertEquals(SrtpResult.MALFORMED, sender.protectRtp(buf), "length " + length);
            assertEquals(length, buf.readableBytes());
        }
        for (int length = 0; length < 8; length++) {
            ByteBuf buf = Unpooled.buffer().writeBytes(SrtpTransformerTest.rtcpReceiverReport(1), 0, length);
            assertEquals(SrtpResult.MALFORMED, sender.protectRtcp(buf), "length " + length);
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void randomDatagramsNeverThrowAndNeverAuthenticate(SrtpProfile profile) {
        SrtpTransformer transformer = transformer(profile);
        Random random = new Random(0x5eed + profile.ordinal());
        byte[] datagram = new byte[300];
        ByteBuf heap = Unpooled.buffer(400);
        ByteBuf direct = Unpooled.directBuffer(400);
        int[] results = new int[SrtpResult.values().length];
        for (int i = 0; i < 100_000; i++) {
            int length = random.nextInt(datagram.length);
            random.nextBytes(datagram);
            if (random.nextBoolean()) {
                datagram[0] = (byte) (0x80 | datagram[0] & 0x3f); // mostly version 2, to reach the crypto
            }
            ByteBuf buf = (i & 1) == 0 ? heap : direct;
            buf.clear().writeBytes(datagram, 0, length);
            SrtpResult result = switch (i & 6) {
                case 0 -> transformer.unprotectRtp(buf);
                case 2 -> transformer.unprotectRtcp(buf);
                case 4 -> transformer.protectRtp(buf);
                default -> transformer.protectRtcp(buf);
            };
            results[result.ordinal()]++;
            if ((i & 4) == 0) {
                assertNotEquals(SrtpResult.OK, result, "a random datagram authenticated");
            }
        }
        heap.release();
        direct.release();
        assertTrue(results[SrtpResult.MALFORMED.ordinal()] > 0);
        assertTrue(results[SrtpResult.AUTH_FAILED.ordinal()] > 0);
    }
}
