package org.parley.media.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class AesGcmTest {

    /** The GCM specification's (McGrew and Viega) test case 4: AES-128, 60-byte plaintext, 20-byte AAD. */
    @Test
    void matchesGcmSpecificationTestCase4() {
        AesGcm gcm = new AesGcm(Hex.bytes("feffe9928665731c6d6a8f9467308308"));
        byte[] data = Arrays.copyOf(Hex.bytes("""
            d9313225f88406e5a55909c5aff5269a 86a7a9531534f7da2e4c303d8a318a72
            1c3c0c95956809532fcf0e2449a6b525 b16aedf5aa0de657ba637b39"""), 60 + 16);
        byte[] aad = Hex.bytes("feedfacedeadbeeffeedfacedeadbeefabaddad2");
        gcm.start(Hex.bytes("cafebabefacedbaddecaf888"));
        gcm.updateAad(aad, 0, aad.length);
        gcm.seal(data, 0, 60);
        assertEquals("""
            42831ec2217774244b7221b784d0d49c e3aa212f2c02a4e035c17e2329aca12e
            21d514b25466931c7d8f6a5aac84aa05 1ba30b396a0aac973d58e091
            5bc94fbc3221a5db94fae95ae7121a47""".replaceAll("\\s+", ""), Hex.string(data));
    }

    @Test
    void agreesWithTheJdkForEveryLengthAndRejectsAnyChange() throws Exception {
        Random random = new Random(42);
        byte[] key = new byte[16];
        random.nextBytes(key);
        AesGcm gcm = new AesGcm(key);
        Cipher jdk = Cipher.getInstance("AES/GCM/NoPadding");
        for (int length = 0; length < 100; length++) {
            for (int aadLength : new int[] {0, 12, 17, 40}) {
                byte[] iv = new byte[12];
                byte[] aad = new byte[aadLength];
                byte[] plain = new byte[length];
                random.nextBytes(iv);
                random.nextBytes(aad);
                random.nextBytes(plain);
                jdk.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
                jdk.updateAAD(aad);
                byte[] expected = jdk.doFinal(plain);

                // AAD fed in two segments exercises the partial-block path.
                byte[] data = Arrays.copyOf(plain, length + 16);
                gcm.start(iv);
                gcm.updateAad(aad, 0, aadLength / 3);
                gcm.updateAad(aad, aadLength / 3, aadLength - aadLength / 3);
                gcm.seal(data, 0, length);
                assertArrayEquals(expected, data, "length " + length + " aad " + aadLength);

                gcm.start(iv);
                gcm.updateAad(aad, 0, aadLength);
                byte[] tampered = data.clone();
                tampered[random.nextInt(tampered.length)] ^= 1;
                assertFalse(gcm.open(tampered, 0, length));

                gcm.start(iv);
                gcm.updateAad(aad, 0, aadLength);
                assertTrue(gcm.open(data, 0, length));
                assertArrayEquals(plain, Arrays.copyOf(data, length));
            }
        }
    }
}
