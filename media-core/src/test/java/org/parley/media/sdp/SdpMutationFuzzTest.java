package org.parley.media.sdp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Mutates the Chrome fixtures (line deletions, duplications, swaps, byte flips, truncation) and
 * feeds them to the parser and the answerer: the only failure they may report is {@link SdpException}.
 */
class SdpMutationFuzzTest {

    private static final int ITERATIONS = 20_000;
    private static final long SEED = 0x5D9_2026L;

    @Test
    void mutatedOffersOnlyEverFailWithSdpException() {
        Random random = new Random(SEED);
        List<String> fixtures = Fixtures.ALL.stream().map(Fixtures::offer).toList();
        int parsed = 0;
        int answered = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            String mutant = mutate(fixtures.get(random.nextInt(fixtures.size())), random);
            try {
                SessionDescription offer = SdpParser.parse(mutant);
                parsed++;
                // What we write must parse back to the same text, for mutants as for fixtures.
                String written = offer.toString();
                String rewritten = SdpParser.parse(written).toString();
                if (!written.equals(rewritten)) {
                    throw new AssertionError("iteration " + i + ": write/parse not stable:\n" + written + "---\n" + rewritten);
                }
                new SdpAnswerer(1).answer(offer, Fixtures.local(new Fixtures.RecordingSsrcs()));
                answered++;
            } catch (SdpException expected) {
                assertTrue(expected.getMessage() != null && !expected.getMessage().isBlank());
            } catch (RuntimeException | StackOverflowError e) {
                throw new AssertionError("iteration " + i + " (seed " + SEED + ") threw " + e + " for\n" + mutant, e);
            }
        }
        // The mutations must exercise both outcomes, or the fuzz proves little.
        assertTrue(parsed > ITERATIONS / 10, "only " + parsed + " mutants parsed");
        assertTrue(parsed < ITERATIONS, "every mutant parsed");
        assertTrue(answered > 0, "no mutant was answered");
    }

    private static String mutate(String sdp, Random random) {
        List<String> lines = new ArrayList<>(List.of(sdp.split("\r\n")));
        int mutations = 1 + random.nextInt(3);
        for (int m = 0; m < mutations && !lines.isEmpty(); m++) {
            int index = random.nextInt(lines.size());
            switch (random.nextInt(6)) {
                case 0 -> lines.remove(index);
                case 1 -> lines.add(index, lines.get(index));
                case 2 -> lines.add(random.nextInt(lines.size()), lines.remove(index));
                case 3 -> lines.set(index, flipByte(lines.get(index), random));
                case 4 -> lines.set(index, lines.get(index).substring(0, random.nextInt(lines.get(index).length() + 1)));
                default -> lines.set(index, replaceField(lines.get(index), random));
            }
        }
        return String.join("\r\n", lines) + "\r\n";
    }

    /** Replaces one character with any byte value 0..255, or flips one bit of it. */
    private static String flipByte(String line, Random random) {
        if (line.isEmpty()) {
            return line;
        }
        char[] chars = line.toCharArray();
        int at = random.nextInt(chars.length);
        chars[at] = random.nextBoolean() ? (char) random.nextInt(256) : (char) (chars[at] ^ (1 << random.nextInt(8)));
        return new String(chars);
    }

    /** Replaces one space-separated field with a value parsers tend to trip on. */
    private static String replaceField(String line, Random random) {
        String[] interesting = {"", "-1", "0", "65536", "4294967296", "99999999999999999999", "/", "a/b/c", ":", "*",
            "opus/48000/2", "sendonly", "recvonly", "BUNDLE", "typ", "=", ";;", "111"};
        String[] fields = line.split(" ", -1);
        fields[random.nextInt(fields.length)] = interesting[random.nextInt(interesting.length)];
        return String.join(" ", fields);
    }
}
