package org.parley.mixer.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.parley.mixer.AudioAnalysis;
import org.parley.mixer.fmp4.OpusInitSegment;
import org.parley.mixer.fmp4.OpusTrack;
import org.parley.mixer.opus.Application;
import org.parley.mixer.opus.OpusEncoder;

/**
 * An independent parser reads what the segmenter writes: libopus-encoded 1 kHz in 20 ms packets, cut
 * into 2 s segments; the init segment and the segments concatenated (as a player appends them) are
 * read by {@code ffprobe} (Debian {@code ffmpeg}) as one Opus stream at 48 kHz of the right duration,
 * and {@code ffmpeg} decodes it back to the tone.
 */
class HlsFfprobeTest {

    @Test
    void ffprobeReadsTheInitAndSegmentsAsOpusAt48kHzAndFfmpegDecodesTheTone() throws Exception {
        List<HlsSegment> segments = new ArrayList<>();
        HlsSegmenter segmenter = new HlsSegmenter(96_000, segments::add);
        int preSkip;
        try (OpusEncoder encoder = OpusEncoder.create(48_000, 1, Application.AUDIO)) {
            preSkip = encoder.lookahead();
            encoder.setBitrate(32_000);
            short[] tone = AudioAnalysis.sine(1000, 10_000, 48_000, 0, 48_000 * 7);
            byte[] packet = new byte[1500];
            for (int t = 0; t + 960 <= tone.length; t += 960) {
                int length = encoder.encode(tone, t, 960, packet, 0, packet.length);
                segmenter.frame(packet, length, t, 960);
            }
        }
        assertEquals(3, segments.size(), "three whole segments of the seven seconds");
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.write(OpusInitSegment.write(new OpusTrack(1, preSkip, "fra")));
        for (HlsSegment segment : segments) {
            file.write(segment.bytes());
        }
        Path mp4 = Files.createTempFile("parley-hls", ".mp4");
        try {
            Files.write(mp4, file.toByteArray());
            String probe = run("ffprobe", "-v", "error", "-show_entries",
                    "stream=codec_name,sample_rate,channels:format=duration", "-of", "default=noprint_wrappers=1",
                    mp4.toString());
            assertTrue(probe.contains("codec_name=opus"), probe);
            assertTrue(probe.contains("sample_rate=48000"), probe);
            assertTrue(probe.contains("channels=1"), probe);
            double duration = Double.parseDouble(probe.lines().filter(l -> l.startsWith("duration="))
                    .findFirst().orElseThrow().substring("duration=".length()));
            assertEquals(6.0, duration, 0.05, probe);

            byte[] pcm = runBytes("ffmpeg", "-v", "error", "-i", mp4.toString(), "-f", "s16le", "-ac", "1", "-ar", "48000", "-");
            short[] samples = new short[pcm.length / 2];
            ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(samples);
            assertEquals(6.0 * 48_000 - preSkip, samples.length, 960, "decoded length: 6 s less the pre-skip");
            double dominant = AudioAnalysis.dominantFrequency(samples, 48_000, 48_000, 48_000);
            assertEquals(1000, dominant, 20, "ffmpeg decodes the tone");
        } finally {
            Files.deleteIfExists(mp4);
        }
    }

    private static String run(String... command) throws IOException, InterruptedException {
        return new String(runBytes(command), StandardCharsets.UTF_8);
    }

    private static byte[] runBytes(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        byte[] out = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), String.join(" ", command) + " did not finish");
        assertEquals(0, process.exitValue(), String.join(" ", command) + " failed");
        return out;
    }
}
