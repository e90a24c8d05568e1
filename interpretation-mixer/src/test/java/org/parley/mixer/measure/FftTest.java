package org.parley.mixer.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FftTest {

    @ParameterizedTest(name = "length {0}")
    @ValueSource(ints = {1, 2, 8, 64, 512})
    void matchesTheDefinitionOfTheDft(int n) {
        Random random = new Random(n);
        double[] re = new double[n];
        double[] im = new double[n];
        for (int i = 0; i < n; i++) {
            re[i] = random.nextGaussian();
            im[i] = random.nextGaussian();
        }
        double[] wantRe = new double[n];
        double[] wantIm = new double[n];
        for (int k = 0; k < n; k++) {
            for (int t = 0; t < n; t++) {
                double angle = -2 * Math.PI * k * t / n;
                wantRe[k] += re[t] * Math.cos(angle) - im[t] * Math.sin(angle);
                wantIm[k] += re[t] * Math.sin(angle) + im[t] * Math.cos(angle);
            }
        }
        Fft.transform(re, im);
        for (int k = 0; k < n; k++) {
            assertEquals(wantRe[k], re[k], 1e-9 * n, "re[" + k + "]");
            assertEquals(wantIm[k], im[k], 1e-9 * n, "im[" + k + "]");
        }
    }

    @Test
    void aCosineOnABinPutsHalfItsAmplitudeTimesNInThatBinAndItsMirror() {
        int n = 256;
        double[] re = new double[n];
        double[] im = new double[n];
        for (int i = 0; i < n; i++) {
            re[i] = Math.cos(2 * Math.PI * 10 * i / n);
        }
        Fft.transform(re, im);
        for (int k = 0; k < n; k++) {
            double expected = k == 10 || k == n - 10 ? n / 2.0 : 0;
            assertEquals(expected, Math.hypot(re[k], im[k]), 1e-9, "bin " + k);
        }
    }

    @Test
    void refusesLengthsThatAreNotOnePowerOfTwo() {
        assertThrows(IllegalArgumentException.class, () -> Fft.transform(new double[12], new double[12]));
        assertThrows(IllegalArgumentException.class, () -> Fft.transform(new double[0], new double[0]));
        assertThrows(IllegalArgumentException.class, () -> Fft.transform(new double[16], new double[8]));
    }
}
