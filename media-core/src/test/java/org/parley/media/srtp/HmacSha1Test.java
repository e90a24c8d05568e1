package org.parley.media.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class HmacSha1Test {

    /** RFC 2202 §3, test case 1. */
    @Test
    void matchesRfc2202TestCase1() {
        byte[] key = new byte[20];
        Arrays.fill(key, (byte) 0x0b);
        HmacSha1 hmac = new HmacSha1(key);
        byte[] data = "Hi There".getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[22];
        hmac.update(data, 0, data.length);
        hmac.doFinal(out, 2);
        assertEquals("0000b617318655057264e28bc0b6fb378c8ef146be00", Hex.string(out));
    }

    @Test
    void matchesTheJdkMacAcrossRepeatedUseAndLongKeys() throws Exception {
        for (int keyLength : new int[] {20, 64, 80}) {
            byte[] key = new byte[keyLength];
            for (int i = 0; i < keyLength; i++) {
                key[i] = (byte) (i * 13);
            }
            HmacSha1 hmac = new HmacSha1(key);
            Mac jdk = Mac.getInstance("HmacSHA1");
            jdk.init(new SecretKeySpec(key, "HmacSHA1"));
            for (int length = 0; length < 200; length += 37) {
                byte[] data = new byte[length];
                Arrays.fill(data, (byte) length);
                hmac.update(data, 0, length);
                byte[] out = new byte[20];
                hmac.doFinal(out, 0);
                assertArrayEquals(jdk.doFinal(data), out, "key " + keyLength + " length " + length);
            }
        }
    }
}
