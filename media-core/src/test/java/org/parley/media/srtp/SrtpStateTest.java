package org.parley.media.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Index estimation, replay windows, SSRC tables and profile constants. */
class SrtpStateTest {

    @Test
    void indexEstimationFollowsRfc3711AppendixA() {
        SrtpStream stream = new SrtpStream(65000);
        stream.accept(65000);
        assertEquals(65001, stream.estimateIndex(65001));
        assertEquals(0x1_0000 + 5, stream.estimateIndex(5)); // wrapped: ROC + 1
        stream.accept(0x1_0000 + 5);
        assertEquals(0x1_0000 + 6, stream.estimateIndex(6));
        assertEquals(65535, stream.estimateIndex(65535)); // late, from the previous ROC
        assertEquals(0x1_0000 + 30000, stream.estimateIndex(30000));

        SrtpStream young = new SrtpStream(10);
        young.accept(10);
        assertEquals(-1, young.estimateIndex(65530)); // would need ROC -1
    }

    @Test
    void replayWindowAcceptsEachIndexOnceWithinItsSize() {
        ReplayWindow window = new ReplayWindow();
        assertFalse(window.isReplayed(0));
        window.accept(1000);
        assertTrue(window.isReplayed(1000));
        assertFalse(window.isReplayed(999));
        assertFalse(window.isReplayed(1000 - ReplayWindow.SIZE + 1));
        assertTrue(window.isReplayed(1000 - ReplayWindow.SIZE));
        window.accept(999);
        assertTrue(window.isReplayed(999));

        // A jump far ahead forgets everything behind the new window.
        window.accept(1_000_000);
        assertFalse(window.isReplayed(1_000_000 - 1));
        assertTrue(window.isReplayed(1_000_000));
        assertTrue(window.isReplayed(1000));

        // Small steps across word boundaries keep earlier bits and clear reused words.
        ReplayWindow stepping = new ReplayWindow();
        for (long i = 0; i < 1000; i += 3) {
            stepping.accept(i);
            assertTrue(stepping.isReplayed(i));
            if (i >= 3) {
                assertTrue(stepping.isReplayed(i - 3));
                assertFalse(stepping.isReplayed(i - 1));
            }
        }
    }

    @Test
    void ssrcTableFindsWhatWasPutAndStopsAtItsLimit() {
        SsrcTable<String> table = new SsrcTable<>(64);
        for (int i = 0; i < 64; i++) {
            assertFalse(table.isFull());
            table.put(i * 0x10000, "s" + i); // keys that collide in their low bits
        }
        assertTrue(table.isFull());
        assertEquals(64, table.size());
        for (int i = 0; i < 64; i++) {
            assertEquals("s" + i, table.get(i * 0x10000));
        }
        assertNull(table.get(12345));
        String zero = table.get(0);
        assertSame(zero, table.get(0));
    }

    @Test
    void profilesCarryTheirRegisteredIdentifiers() {
        assertEquals(0x0007, SrtpProfile.AEAD_AES_128_GCM.dtlsId());
        assertEquals(0x0001, SrtpProfile.AES_CM_128_HMAC_SHA1_80.dtlsId());
        assertSame(SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.fromDtlsId(7));
        assertSame(SrtpProfile.AES_CM_128_HMAC_SHA1_80, SrtpProfile.fromDtlsId(1));
        assertNull(SrtpProfile.fromDtlsId(0x0002)); // AES_CM_128_HMAC_SHA1_32: not supported
        assertArrayEquals(new int[] {0x0007, 0x0001}, SrtpProfile.dtlsIdsByPreference());
        assertEquals(56, SrtpProfile.AEAD_AES_128_GCM.keyingMaterialLength());
        assertEquals(60, SrtpProfile.AES_CM_128_HMAC_SHA1_80.keyingMaterialLength());
    }
}
