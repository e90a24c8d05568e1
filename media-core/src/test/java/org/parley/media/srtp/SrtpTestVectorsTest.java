package org.parley.media.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Known-answer tests: the libsrtp reference packet and the RFC 7714 §16/§17 vectors. */
class SrtpTestVectorsTest {

    // libsrtp test/srtp_driver.c: master key and salt, SSRC 0xcafebabe, sequence number 0x1234.
    private static final byte[] LIBSRTP_KEY = Hex.bytes("e1f97a0d3e018be0d64fa32c06de4139");
    private static final byte[] LIBSRTP_SALT = Hex.bytes("0ec675ad498afeebb6960b3aabe6");
    private static final byte[] LIBSRTP_RTP = Hex.bytes(
        "800f1234decafbadcafebabe abababababababababababababababab");
    private static final byte[] LIBSRTP_SRTP = Hex.bytes(
        "800f1234decafbadcafebabe 4e55dc4ce79978d88ca4d215949d2402 b78d6acc99ea179b8dbb");
    private static final byte[] LIBSRTP_RTCP = Hex.bytes(
        "81c8000bcafebabe abababababababababababababababab");
    /** SRTCP index 1: libsrtp's first SRTCP packet. */
    private static final byte[] LIBSRTP_SRTCP = Hex.bytes(
        "81c8000bcafebabe 7128035be487b9bdbef89041f977a5a8 80000001 993e08cd54d6c1230798");

    // RFC 7714 §16 and §17: session key and salt used directly, no key derivation.
    private static final byte[] GCM_KEY = Hex.bytes("000102030405060708090a0b0c0d0e0f");
    private static final byte[] GCM_SALT = Hex.bytes("517569642070726f2071756f");
    private static final byte[] GCM_RTP = Hex.bytes("""
        8040f17b 8041f8d3 5501a0b2 47616c6c 69612065 7374206f 6d6e6973 20646976
        69736120 696e2070 61727465 73207472 6573""");
    private static final byte[] GCM_SRTP = Hex.bytes("""
        8040f17b 8041f8d3 5501a0b2 f24de3a3 fb34de6c acba861c 9d7e4bca be633bd5
        0d294e6f 42a5f47a 51c7d19b 36de3adf 8833899d 7f27beb1 6a9152cf 765ee439 0cce""");
    private static final byte[] GCM_RTCP = Hex.bytes("""
        81c8000d 4d617273 4e545031 4e545032 52545020 0000042a 0000e930 4c756e61
        deadbeef deadbeef deadbeef deadbeef deadbeef""");
    private static final int GCM_SRTCP_INDEX = 0x5d4;
    private static final byte[] GCM_SRTCP = Hex.bytes("""
        81c8000d 4d617273 63e94885 dcdab67c a727d766 2f6b7e99 7ff5c0f7 6c06f32d
        c676a5f1 730d6fda 4ce09b46 86303ded 0bb9275b c84aa458 96cf4d2f c5abf872
        45d9eade 800005d4""");
    /** RFC 7714 §17.2: SRTCP with the E flag clear, authenticated only. */
    private static final byte[] GCM_SRTCP_UNENCRYPTED = Hex.bytes("""
        81c8000d 4d617273 4e545031 4e545032 52545020 0000042a 0000e930 4c756e61
        deadbeef deadbeef deadbeef deadbeef deadbeef 841dd968 3dd78ec9 2ae58790
        125f62b3 000005d4""");

    private static SrtpTransformer libsrtpTransformer() {
        return SrtpTransformer.fromMasterKeys(SrtpProfile.AES_CM_128_HMAC_SHA1_80,
            LIBSRTP_KEY, LIBSRTP_SALT, LIBSRTP_KEY, LIBSRTP_SALT);
    }

    private static SrtpSessionKeys rfc7714SessionKeys() {
        return new SrtpSessionKeys(GCM_KEY, new byte[0], GCM_SALT, GCM_KEY, new byte[0], GCM_SALT);
    }

    private static SrtpTransformer rfc7714Transformer() {
        return new SrtpTransformer(SrtpProfile.AEAD_AES_128_GCM, rfc7714SessionKeys(), rfc7714SessionKeys());
    }

    static ByteBuf buffer(byte[] content, boolean direct) {
        ByteBuf buf = direct ? Unpooled.directBuffer(content.length + 64) : Unpooled.buffer(content.length + 64);
        return buf.writeBytes(content);
    }

    private static void assertReadable(byte[] expected, ByteBuf buf) {
        assertEquals(Hex.string(expected), ByteBufUtil.hexDump(buf));
    }

    @ParameterizedTest(name = "direct={0}")
    @ValueSource(booleans = {false, true})
    void aesCmProtectsTheLibsrtpReferencePacket(boolean direct) {
        ByteBuf buf = buffer(LIBSRTP_RTP, direct);
        try {
            assertEquals(SrtpResult.OK, libsrtpTransformer().protectRtp(buf));
            assertReadable(LIBSRTP_SRTP, buf);
        } finally {
            buf.release();
        }
    }

    @ParameterizedTest(name = "direct={0}")
    @ValueSource(booleans = {false, true})
    void aesCmUnprotectsTheLibsrtpReferencePacket(boolean direct) {
        ByteBuf buf = buffer(LIBSRTP_SRTP, direct);
        try {
            assertEquals(SrtpResult.OK, libsrtpTransformer().unprotectRtp(buf));
            assertReadable(LIBSRTP_RTP, buf);
        } finally {
            buf.release();
        }
    }

    @ParameterizedTest(name = "direct={0}")
    @ValueSource(booleans = {false, true})
    void aesCmProtectsTheLibsrtpReferenceRtcpPacketAsItsSecond(boolean direct) {
        SrtpTransformer transformer = libsrtpTransformer();
        ByteBuf first = buffer(LIBSRTP_RTCP, direct);
        ByteBuf second = buffer(LIBSRTP_RTCP, direct);
        try {
            assertEquals(SrtpResult.OK, transformer.protectRtcp(first)); // SRTCP index 0
            assertEquals(SrtpResult.OK, transformer.protectRtcp(second)); // SRTCP index 1
            assertReadable(LIBSRTP_SRTCP, second);
        } finally {
            first.release();
            second.release();
        }
    }

    @ParameterizedTest(name = "direct={0}")
    @ValueSource(booleans = {false, true})
    void aesCmUnprotectsTheLibsrtpReferenceRtcpPacket(boolean direct) {
        ByteBuf buf = buffer(LIBSRTP_SRTCP, direct);
        try {
            assertEquals(SrtpResult.OK, libsrtpTransformer().unprotectRtcp(buf));
            assertReadable(LIBSRTP_RTCP, buf);
        } finally {
            buf.release();
        }
    }

    @ParameterizedTest(name = "direct={0}")
    @ValueSource(booleans = {false, true})
    void gcmProtectsTheRfc7714Section16Packet(boolean direct) {
        ByteBuf buf = buffer(GCM_RTP, direct);
        try {
            assertEquals(SrtpResult.OK, rfc7714Transformer().protectRtp(buf));
            assertReadable(GCM_SRTP, buf);
        } finally {
            buf.release();
        }
    }

    @ParameterizedTest(name = "direct={0}")
    @ValueSource(booleans = {false, true})
    void gcmUnprotectsTheRfc7714Section16Packet(boolean direct) {
        ByteBuf buf = buffer(GCM_SRTP, direct);
        try {
            assertEquals(SrtpResult.OK, rfc7714Transformer().unprotectRtp(buf));
            assertReadable(GCM_RTP, buf);
        } finally {
            buf.release();
        }
    }

    @ParameterizedTest(name = "direct={0}")
    @ValueSource(booleans = {false, true})
    void gcmUnprotectsTheRfc7714Section17Packets(boolean direct) {
        SrtpTransformer transformer = rfc7714Transformer();
        ByteBuf encrypted = buffer(GCM_SRTCP, direct);
        ByteBuf authenticated = buffer(GCM_SRTCP_UNENCRYPTED, direct);
        try {
            assertEquals(SrtpResult.OK, transformer.unprotectRtcp(encrypted));
            assertReadable(GCM_RTCP, encrypted);
            // Same SSRC and index again: the replay window must reject it even though it is valid.
            assertEquals(SrtpResult.REPLAYED, transformer.unprotectRtcp(authenticated));
            assertEquals(SrtpResult.OK, rfc7714Transformer().unprotectRtcp(authenticated));
            assertReadable(GCM_RTCP, authenticated);
        } finally {
            encrypted.release();
            authenticated.release();
        }
    }

    @org.junit.jupiter.api.Test
    void gcmCipherProtectsTheRfc7714Section17PacketAtItsIndex() {
        // The transformer numbers SRTCP from 0; the vector's index 0x5d4 is set on the cipher directly.
        AesGcmCipher cipher = new AesGcmCipher(rfc7714SessionKeys());
        byte[] packet = new byte[GCM_SRTCP.length];
        System.arraycopy(GCM_RTCP, 0, packet, 0, GCM_RTCP.length);
        cipher.protectRtcp(packet, 0, GCM_RTCP.length, 0x4d617273, GCM_SRTCP_INDEX);
        assertArrayEquals(GCM_SRTCP, packet);
    }
}
