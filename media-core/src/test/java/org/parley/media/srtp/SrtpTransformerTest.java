package org.parley.media.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class SrtpTransformerTest {
    private static final int SSRC = 0x11223344;

    /** A sender and a receiver sharing keys, as the two ends of a DTLS-SRTP association. */
    private record Peers(SrtpTransformer sender, SrtpTransformer receiver) {
        static Peers of(SrtpProfile profile) {
            byte[] material = new byte[profile.keyingMaterialLength()];
            for (int i = 0; i < material.length; i++) {
                material[i] = (byte) (i * 7 + 3);
            }
            return new Peers(
                SrtpTransformer.fromDtlsKeyingMaterial(profile, material, true),
                SrtpTransformer.fromDtlsKeyingMaterial(profile, material, false));
        }
    }

    static Stream<Arguments> profilesAndBuffers() {
        List<Arguments> arguments = new ArrayList<>();
        for (SrtpProfile profile : SrtpProfile.values()) {
            arguments.add(Arguments.of(profile, false));
            arguments.add(Arguments.of(profile, true));
        }
        return arguments.stream();
    }

    static byte[] rtp(int seq, int ssrc, int payloadLength) {
        byte[] packet = new byte[12 + payloadLength];
        packet[0] = (byte) 0x80;
        packet[1] = 111;
        packet[2] = (byte) (seq >>> 8);
        packet[3] = (byte) seq;
        packet[4] = (byte) (seq * 960 >>> 24); // any timestamp
        BigEndian.setInt(packet, 8, ssrc);
        for (int i = 12; i < packet.length; i++) {
            packet[i] = (byte) (i + seq);
        }
        return packet;
    }

    static byte[] rtcpReceiverReport(int ssrc) {
        byte[] packet = Hex.bytes("81c90007 00000000 0a0b0c0d 01000002 00001234 00000010 00000000 00000000");
        BigEndian.setInt(packet, 4, ssrc);
        return packet;
    }

    private static ByteBuf buffer(byte[] content, boolean direct) {
        return SrtpTestVectorsTest.buffer(content, direct);
    }

    private static byte[] readable(ByteBuf buf) {
        return ByteBufUtil.getBytes(buf);
    }

    private static byte[] protectRtp(SrtpTransformer sender, byte[] packet) {
        ByteBuf buf = Unpooled.buffer().writeBytes(packet);
        assertEquals(SrtpResult.OK, sender.protectRtp(buf));
        byte[] protectedPacket = readable(buf);
        buf.release();
        return protectedPacket;
    }

    private static SrtpResult unprotectRtp(SrtpTransformer receiver, byte[] packet) {
        ByteBuf buf = Unpooled.buffer().writeBytes(packet);
        try {
            return receiver.unprotectRtp(buf);
        } finally {
            buf.release();
        }
    }

    @ParameterizedTest(name = "{0} direct={1}")
    @MethodSource("profilesAndBuffers")
    void rtpRoundTripsThroughTheOtherEnd(SrtpProfile profile, boolean direct) {
        Peers peers = Peers.of(profile);
        int tagLength = profile == SrtpProfile.AEAD_AES_128_GCM ? 16 : 10;
        for (int seq = 100; seq < 110; seq++) {
            byte[] plain = rtp(seq, SSRC, 100);
            ByteBuf buf = buffer(plain, direct);
            buf.readerIndex(0);
            try {
                assertEquals(SrtpResult.OK, peers.sender().protectRtp(buf));
                assertEquals(plain.length + tagLength, buf.readableBytes());
                byte[] onWire = readable(buf);
                assertArrayEquals(java.util.Arrays.copyOf(plain, 12), java.util.Arrays.copyOf(onWire, 12));
                assertNotEquals(Hex.string(plain).substring(24), Hex.string(onWire).substring(24, 24 + 200));

                assertEquals(SrtpResult.OK, peers.receiver().unprotectRtp(buf));
                assertArrayEquals(plain, readable(buf));
            } finally {
                buf.release();
            }
        }
    }

    @ParameterizedTest(name = "{0} direct={1}")
    @MethodSource("profilesAndBuffers")
    void rtcpRoundTripsThroughTheOtherEnd(SrtpProfile profile, boolean direct) {
        Peers peers = Peers.of(profile);
        for (int i = 0; i < 5; i++) {
            byte[] plain = rtcpReceiverReport(SSRC);
            ByteBuf buf = buffer(plain, direct);
            try {
                assertEquals(SrtpResult.OK, peers.sender().protectRtcp(buf));
                assertEquals(plain.length + (profile == SrtpProfile.AEAD_AES_128_GCM ? 20 : 14), buf.readableBytes());
                assertEquals(SrtpResult.OK, peers.receiver().unprotectRtcp(buf));
                assertArrayEquals(plain, readable(buf));
            } finally {
                buf.release();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void packetsAtANonZeroReaderIndexAndWithCsrcsAndExtensionRoundTrip(SrtpProfile profile) {
        Peers peers = Peers.of(profile);
        // CC=1 and X=1 with a one-word extension: the header is 12 + 4 + 4 + 4 bytes.
        byte[] plain = Hex.bytes("917f0001 00000001 11223344 aaaaaaaa bede0001 10ff0000 0102030405060708");
        ByteBuf buf = Unpooled.buffer().writeBytes(new byte[] {9, 9, 9}).writeBytes(plain);
        buf.readerIndex(3);
        try {
            assertEquals(SrtpResult.OK, peers.sender().protectRtp(buf));
            assertEquals("917f000100000001112233 44aaaaaaaabede000110ff0000".replace(" ", ""),
                ByteBufUtil.hexDump(buf, 3, 24));
            assertEquals(SrtpResult.OK, peers.receiver().unprotectRtp(buf));
            assertArrayEquals(plain, readable(buf));
            assertEquals(3, buf.readerIndex());
        } finally {
            buf.release();
        }
    }

    @ParameterizedTest(name = "{0} direct={1}")
    @MethodSource("profilesAndBuffers")
    void anyFlippedBitFailsAuthenticationAndLeavesThePacketAlone(SrtpProfile profile, boolean direct) {
        Peers peers = Peers.of(profile);
        byte[] protectedPacket = protectRtp(peers.sender(), rtp(7, SSRC, 40));
        for (int bit = 0; bit < protectedPacket.length * 8; bit += 5) {
            byte[] tampered = protectedPacket.clone();
            tampered[bit / 8] ^= (byte) (1 << (bit % 8));
            ByteBuf buf = buffer(tampered, direct);
            try {
                SrtpResult result = peers.receiver().unprotectRtp(buf);
                // The first byte shapes the header (version, CSRC count, extension), so a flip there
                // may leave no parsable header; everywhere else the tag must catch it.
                if (bit < 8) {
                    assertTrue(result == SrtpResult.MALFORMED || result == SrtpResult.AUTH_FAILED,
                        "bit " + bit + ": " + result);
                } else {
                    assertEquals(SrtpResult.AUTH_FAILED, result, "bit " + bit);
                }
                assertArrayEquals(tampered, readable(buf));
            } finally {
                buf.release();
            }
        }
        assertEquals(SrtpResult.OK, unprotectRtp(peers.receiver(), protectedPacket));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void tamperedRtcpFailsAuthentication(SrtpProfile profile) {
        Peers peers = Peers.of(profile);
        ByteBuf buf = Unpooled.buffer().writeBytes(rtcpReceiverReport(SSRC));
        try {
            assertEquals(SrtpResult.OK, peers.sender().protectRtcp(buf));
            buf.setByte(12, buf.getByte(12) ^ 0x40);
            assertEquals(SrtpResult.AUTH_FAILED, peers.receiver().unprotectRtcp(buf));
        } finally {
            buf.release();
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void aReplayedRtpPacketIsRejected(SrtpProfile profile) {
        Peers peers = Peers.of(profile);
        byte[] first = protectRtp(peers.sender(), rtp(1000, SSRC, 20));
        byte[] second = protectRtp(peers.sender(), rtp(1001, SSRC, 20));
        assertEquals(SrtpResult.OK, unprotectRtp(peers.receiver(), first));
        assertEquals(SrtpResult.OK, unprotectRtp(peers.receiver(), second));
        assertEquals(SrtpResult.REPLAYED, unprotectRtp(peers.receiver(), first));
        assertEquals(SrtpResult.REPLAYED, unprotectRtp(peers.receiver(), second));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void aReplayedRtcpPacketIsRejected(SrtpProfile profile) {
        Peers peers = Peers.of(profile);
        ByteBuf buf = Unpooled.buffer().writeBytes(rtcpReceiverReport(SSRC));
        try {
            assertEquals(SrtpResult.OK, peers.sender().protectRtcp(buf));
            byte[] protectedPacket = readable(buf);
            assertEquals(SrtpResult.OK, peers.receiver().unprotectRtcp(buf));
            ByteBuf again = Unpooled.wrappedBuffer(protectedPacket);
            assertEquals(SrtpResult.REPLAYED, peers.receiver().unprotectRtcp(again));
        } finally {
            buf.release();
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void theRolloverCounterAdvancesWhenTheSequenceNumberWraps(SrtpProfile profile) {
        Peers peers = Peers.of(profile);
        List<byte[]> sent = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            sent.add(protectRtp(peers.sender(), rtp((65530 + i) & 0xffff, SSRC, 30)));
        }
        // A receiver that did not know the ROC would fail authentication after the wrap.
        for (int i = 0; i < 12; i++) {
            if (i != 4) { // 65534, delivered late below
                assertEquals(SrtpResult.OK, unprotectRtp(peers.receiver(), sent.get(i)), "packet " + i);
            }
        }
        // A late packet from before the wrap (ROC 0) arrives after ROC 1 packets: still accepted.
        assertEquals(SrtpResult.OK, unprotectRtp(peers.receiver(), sent.get(4)));
        assertEquals(SrtpResult.REPLAYED, unprotectRtp(peers.receiver(), sent.get(4)));
        assertEquals(SrtpResult.REPLAYED, unprotectRtp(peers.receiver(), sent.get(10)));

        // The sender itself used ROC 1 after the wrap: a fresh receiver (ROC 0) cannot verify it.
        SrtpTransformer fresh = Peers.of(profile).receiver();
        assertEquals(SrtpResult.AUTH_FAILED, unprotectRtp(fresh, sent.get(8)));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void reorderedPacketsWithinTheWindowAreAcceptedAndOlderOnesRejected(SrtpProfile profile) {
        Peers peers = Peers.of(profile);
        int count = ReplayWindow.SIZE + 20;
        List<byte[]> sent = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            sent.add(protectRtp(peers.sender(), rtp(40000 + i, SSRC, 10)));
        }
        // Deliver in reverse order within the window: newest first, then back to the window's edge.
        int newest = count - 1;
        assertEquals(SrtpResult.OK, unprotectRtp(peers.receiver(), sent.get(0)));
        assertEquals(SrtpResult.OK, unprotectRtp(peers.receiver(), sent.get(newest)));
        for (int i = newest - 1; i > newest - ReplayWindow.SIZE; i--) {
            assertEquals(SrtpResult.OK, unprotectRtp(peers.receiver(), sent.get(i)), "packet " + i);
        }
        assertEquals(SrtpResult.REPLAYED, unprotectRtp(peers.receiver(), sent.get(newest - ReplayWindow.SIZE)));
        assertEquals(SrtpResult.REPLAYED, unprotectRtp(peers.receiver(), sent.get(5)));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void newSsrcsBeyondTheLimitAreRefusedButKnownOnesStillWork(SrtpProfile profile) {
        Peers peers = Peers.of(profile);
        for (int i = 0; i < SrtpTransformer.MAX_SSRCS; i++) {
            byte[] protectedPacket = protectRtp(peers.sender(), rtp(1, 1000 + i, 10));
            assertEquals(SrtpResult.OK, unprotectRtp(peers.receiver(), protectedPacket));
        }
        ByteBuf extra = Unpooled.buffer().writeBytes(rtp(1, 5000, 10));
        assertEquals(SrtpResult.SSRC_LIMIT_REACHED, peers.sender().protectRtp(extra));
        assertEquals(SrtpResult.OK, peers.sender().protectRtp(Unpooled.buffer().writeBytes(rtp(2, 1000, 10))));

        // The receiver's limit applies to packets that would authenticate; it is checked first.
        Peers other = Peers.of(profile);
        SrtpTransformer otherSender = SrtpTransformer.fromMasterKeys(profile,
            new byte[16], new byte[profile.saltLength()], new byte[16], new byte[profile.saltLength()]);
        assertEquals(SrtpResult.AUTH_FAILED, unprotectRtp(other.receiver(), protectRtp(otherSender, rtp(1, 9, 10))));
        assertEquals(SrtpResult.SSRC_LIMIT_REACHED,
            unprotectRtp(peers.receiver(), protectRtp(Peers.of(profile).sender(), rtp(1, 5000, 10))));
        extra.release();
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void aBufferThatCannotGrowIsReportedAndLeftAlone(SrtpProfile profile) {
        Peers peers = Peers.of(profile);
        byte[] plain = rtp(1, SSRC, 10);
        ByteBuf full = Unpooled.buffer(plain.length, plain.length).writeBytes(plain);
        assertEquals(SrtpResult.NOT_WRITABLE, peers.sender().protectRtp(full));
        assertArrayEquals(plain, readable(full));

        ByteBuf growable = Unpooled.buffer(plain.length).writeBytes(plain);
        assertEquals(SrtpResult.OK, peers.sender().protectRtp(growable));

        ByteBuf readOnly = Unpooled.buffer(100).writeBytes(plain).asReadOnly();
        assertEquals(SrtpResult.NOT_WRITABLE, peers.sender().protectRtp(readOnly));
        assertEquals(SrtpResult.NOT_WRITABLE, peers.receiver().unprotectRtp(readOnly));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void dtlsClientAndServerDeriveMatchingDirections(SrtpProfile profile) {
        byte[] material = new byte[profile.keyingMaterialLength()];
        material[0] = 1; // client_write_key differs from server_write_key
        SrtpTransformer server = SrtpTransformer.fromDtlsKeyingMaterial(profile, material, true);
        SrtpTransformer client = SrtpTransformer.fromDtlsKeyingMaterial(profile, material, false);
        SrtpTransformer otherServer = SrtpTransformer.fromDtlsKeyingMaterial(profile, material, true);

        assertEquals(SrtpResult.OK, unprotectRtp(client, protectRtp(server, rtp(1, SSRC, 10))));
        assertEquals(SrtpResult.OK, unprotectRtp(server, protectRtp(client, rtp(1, SSRC, 10))));
        // Both ends acting as server would send with the same key the other does not expect.
        assertEquals(SrtpResult.AUTH_FAILED, unprotectRtp(otherServer, protectRtp(server, rtp(2, SSRC, 10))));
    }

    @Test
    void keyingMaterialOfTheWrongLengthIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> SrtpTransformer.fromDtlsKeyingMaterial(
            SrtpProfile.AEAD_AES_128_GCM, new byte[60], true));
        assertThrows(IllegalArgumentException.class, () -> SrtpTransformer.fromMasterKeys(
            SrtpProfile.AES_CM_128_HMAC_SHA1_80, new byte[16], new byte[12], new byte[16], new byte[14]));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void aSenderNeverEncryptsTheSameIndexTwice(SrtpProfile profile) {
        SrtpTransformer sender = Peers.of(profile).sender();
        protectRtp(sender, rtp(5, SSRC, 10));
        protectRtp(sender, rtp(7, SSRC, 10));
        protectRtp(sender, rtp(6, SSRC, 10)); // late but new: fine
        for (int seq : new int[] {5, 6, 7}) {
            byte[] plain = rtp(seq, SSRC, 10);
            ByteBuf again = Unpooled.buffer().writeBytes(plain);
            assertEquals(SrtpResult.REFUSED, sender.protectRtp(again));
            assertArrayEquals(plain, readable(again));
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void pooledDirectAndCompositeBuffersRoundTrip(SrtpProfile profile) {
        Peers peers = Peers.of(profile);
        byte[] plain = rtp(77, SSRC, 100);

        ByteBuf pooled = PooledByteBufAllocator.DEFAULT.directBuffer(1500).writeBytes(plain);
        try {
            assertEquals(SrtpResult.OK, peers.sender().protectRtp(pooled));
            assertEquals(SrtpResult.OK, peers.receiver().unprotectRtp(pooled));
            assertArrayEquals(plain, readable(pooled));
        } finally {
            pooled.release();
        }

        // A packet split over two components has no single array or NIO buffer behind it.
        plain = rtp(78, SSRC, 100);
        CompositeByteBuf composite = Unpooled.compositeBuffer();
        composite.addComponent(true, Unpooled.directBuffer(40).writeBytes(plain, 0, 40));
        composite.addComponent(true, Unpooled.buffer(200).writeBytes(plain, 40, plain.length - 40));
        try {
            assertEquals(SrtpResult.OK, peers.sender().protectRtp(composite));
            assertEquals(SrtpResult.OK, peers.receiver().unprotectRtp(composite));
            assertArrayEquals(plain, readable(composite));
        } finally {
            composite.release();
        }
    }
}
