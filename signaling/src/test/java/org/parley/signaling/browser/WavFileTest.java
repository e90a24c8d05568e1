package org.parley.signaling.browser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WavFileTest {

    @TempDir
    Path temp;

    @Test
    void toneIsReadableAsSixteenBitMonoPcm() throws Exception {
        Path file = temp.resolve("tone.wav");
        WavFile.writeTone(file, 1000, 0.5, 48_000);

        // The JDK's own WAV reader checks the header.
        try (AudioInputStream in = AudioSystem.getAudioInputStream(file.toFile())) {
            AudioFormat format = in.getFormat();
            assertEquals(AudioFormat.Encoding.PCM_SIGNED, format.getEncoding());
            assertEquals(48_000f, format.getSampleRate());
            assertEquals(16, format.getSampleSizeInBits());
            assertEquals(1, format.getChannels());
            assertEquals(24_000, in.getFrameLength());

            ByteBuffer samples = ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
            // 48 samples per 1 kHz period: sample 12 is the positive peak, 36 the negative one.
            assertEquals(0, samples.getShort(0));
            assertEquals(16_384, samples.getShort(12 * 2), 1);
            assertEquals(-16_384, samples.getShort(36 * 2), 1);
        }
    }

    @Test
    void rejectsFrequenciesAboveNyquist() {
        assertThrows(IllegalArgumentException.class,
                () -> WavFile.writeTone(temp.resolve("bad.wav"), 30_000, 1, 48_000));
    }
}
