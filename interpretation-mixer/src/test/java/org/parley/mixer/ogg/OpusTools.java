package org.parley.mixer.ogg;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's opus-tools as the reference reader of the Ogg Opus files Parley writes: {@code opusinfo}
 * checks the container (pages, CRCs, granule positions, headers), {@code opusdec} plays it to a WAV file.
 * Shared with signaling's recording tests (test-jar).
 */
public final class OpusTools {

    /** What {@code opusinfo} said: its exit status and everything it printed. */
    public record Info(int exitCode, String output) {
        public boolean warned() {
            return output.contains("WARNING");
        }
    }

    /** PCM decoded by {@code opusdec} at 48 kHz, mono 16-bit. */
    public record Decoded(int exitCode, String output, short[] samples) {
    }

    private OpusTools() {
    }

    public static Info info(Path file) throws IOException, InterruptedException {
        Result result = run(List.of("opusinfo", file.toString()));
        return new Info(result.exitCode, result.output);
    }

    /** Decodes {@code file} at 48 kHz without dithering ({@code opusdec --rate 48000 --no-dither}). */
    public static Decoded decode(Path file) throws IOException, InterruptedException {
        Path wav = Files.createTempFile("parley-opusdec-", ".wav");
        try {
            Result result = run(List.of("opusdec", "--quiet", "--rate", "48000", "--no-dither", file.toString(),
                    wav.toString()));
            short[] samples = result.exitCode == 0 ? wavSamples(Files.readAllBytes(wav)) : new short[0];
            return new Decoded(result.exitCode, result.output, samples);
        } finally {
            Files.deleteIfExists(wav);
        }
    }

    /** The samples of a 16-bit PCM WAV file's {@code data} chunk (mono as opusdec writes it). */
    static short[] wavSamples(byte[] wav) {
        ByteBuffer in = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        in.position(12); // "RIFF" size "WAVE"
        while (in.remaining() >= 8) {
            byte[] id = new byte[4];
            in.get(id);
            int size = in.getInt();
            String name = new String(id, StandardCharsets.US_ASCII);
            if (name.equals("data")) {
                // opusdec writes a size of its own estimate when it cannot seek back: trust the file's length.
                int bytes = Math.min(size < 0 ? Integer.MAX_VALUE : size, in.remaining());
                short[] samples = new short[bytes / 2];
                in.asShortBuffer().get(samples);
                return samples;
            }
            in.position(in.position() + size + (size & 1));
        }
        throw new AssertionError("no data chunk in the WAV file opusdec wrote");
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError(command.getFirst() + " is missing: install Debian's opus-tools (.ci/run does)", e);
        }
        byte[] output = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), command.getFirst() + " did not finish");
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
