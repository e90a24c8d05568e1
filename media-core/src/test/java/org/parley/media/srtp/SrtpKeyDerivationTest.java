package org.parley.media.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SrtpKeyDerivationTest {

    /** RFC 3711 Appendix B.2: AES-CM keystream for a zero SSRC and index. */
    @Test
    void aesCounterModeKeystreamMatchesRfc3711AppendixB2() {
        AesCounterMode aesCm = new AesCounterMode(Hex.bytes("2B7E151628AED2A6ABF7158809CF4F3C"));
        byte[] iv = Hex.bytes("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000");
        byte[] keystream = new byte[1044512]; // 65282 blocks: the counter runs from 0000 to FF01
        aesCm.apply(iv, keystream, 0, keystream.length);

        assertEquals("e03ead0935c95e80e166b16dd92b4eb4"
                + "d23513162b02d0f72a43a2fe4a5f97ab"
                + "41e95b3bb0a2e8dd477901e4fca894c0",
            Hex.string(Arrays.copyOfRange(keystream, 0, 48)));
        assertEquals("ec8cdf7398607cb0f2d21675ea9ea1e4"
                + "362b7c3c6773516318a077d7fc5073ae"
                + "6a2cc3787889374fbeb4c81b17ba6c44",
            Hex.string(Arrays.copyOfRange(keystream, keystream.length - 48, keystream.length)));
    }

    @Test
    void aesCounterModeHandlesOffsetsAndPartialBlocks() {
        AesCounterMode aesCm = new AesCounterMode(Hex.bytes("2B7E151628AED2A6ABF7158809CF4F3C"));
        byte[] iv = Hex.bytes("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000");
        byte[] data = new byte[3 + 21];
        aesCm.apply(iv, data, 3, 21);
        assertEquals("000000" + "e03ead0935c95e80e166b16dd92b4eb4" + "d23513162b",
            Hex.string(data));
    }

    /** RFC 3711 Appendix B.3: session keys derived from the master key and salt. */
    @Test
    void keyDerivationMatchesRfc3711AppendixB3() {
        SrtpKeyDerivation kdf = new SrtpKeyDerivation(
            Hex.bytes("E1F97A0D3E018BE0D64FA32C06DE4139"), Hex.bytes("0EC675AD498AFEEBB6960B3AABE6"));

        assertEquals("c61e7a93744f39ee10734afe3ff7a087",
            Hex.string(kdf.derive(SrtpKeyDerivation.LABEL_RTP_ENCRYPTION, 16)));
        assertEquals("30cbbc08863d8c85d49db34a9ae1",
            Hex.string(kdf.derive(SrtpKeyDerivation.LABEL_RTP_SALT, 14)));
        assertEquals("cebe321f6ff7716b6fd4ab49af256a156d38baa4",
            Hex.string(kdf.derive(SrtpKeyDerivation.LABEL_RTP_AUTHENTICATION, 20)));
    }

    @Test
    void sessionKeysHaveTheProfileLengths() {
        SrtpSessionKeys cm = SrtpSessionKeys.derive(
            SrtpProfile.AES_CM_128_HMAC_SHA1_80, new byte[16], new byte[14]);
        assertEquals(16, cm.rtcpEncryptionKey().length);
        assertEquals(20, cm.rtcpAuthenticationKey().length);
        assertEquals(14, cm.rtcpSalt().length);

        SrtpSessionKeys gcm = SrtpSessionKeys.derive(SrtpProfile.AEAD_AES_128_GCM, new byte[16], new byte[12]);
        assertEquals(16, gcm.rtpEncryptionKey().length);
        assertEquals(0, gcm.rtpAuthenticationKey().length);
        assertEquals(12, gcm.rtpSalt().length);
    }

    @Test
    void gcmSaltIsPaddedOnTheRight() {
        // A 96-bit salt behaves as the same salt followed by two zero bytes (RFC 7714 §11).
        byte[] key = Hex.bytes("E1F97A0D3E018BE0D64FA32C06DE4139");
        SrtpKeyDerivation twelve = new SrtpKeyDerivation(key, Hex.bytes("0EC675AD498AFEEBB6960B3A"));
        SrtpKeyDerivation fourteen = new SrtpKeyDerivation(key, Hex.bytes("0EC675AD498AFEEBB6960B3A0000"));
        assertArrayEquals(fourteen.derive(SrtpKeyDerivation.LABEL_RTCP_SALT, 12),
            twelve.derive(SrtpKeyDerivation.LABEL_RTCP_SALT, 12));
    }
}
