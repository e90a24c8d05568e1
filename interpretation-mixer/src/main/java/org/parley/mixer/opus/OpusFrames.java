package org.parley.mixer.opus;

/** The sample rates, channel counts and frame lengths Opus accepts (RFC 6716 §2). */
final class OpusFrames {

    /**
     * Longest frame an encoder takes: 120 ms. An Opus frame is at most 60 ms; libopus 1.2 and
     * later encode 80, 100 and 120 ms as a multi-frame packet (RFC 6716 §3.2.3, code 3).
     */
    private static final int MAX_ENCODE_MILLIS = 120;
    /** Longest packet a decoder must handle: 120 ms (RFC 6716 §3.2.5). */
    private static final int MAX_DECODE_MILLIS = 120;

    private OpusFrames() {
    }

    static void checkSampleRate(int sampleRate) {
        switch (sampleRate) {
            case 8000, 12000, 16000, 24000, 48000 -> { }
            default -> throw new IllegalArgumentException(
                    "Opus sample rate must be 8000, 12000, 16000, 24000 or 48000 Hz: " + sampleRate);
        }
    }

    static void checkChannels(int channels) {
        if (channels != 1 && channels != 2) {
            throw new IllegalArgumentException("Opus channels must be 1 or 2: " + channels);
        }
    }

    /** True for 2.5, 5, 10, 20, 40, 60, 80, 100 or 120 ms at {@code sampleRate}. */
    static boolean isFrameSize(int sampleRate, int samplesPerChannel) {
        int unit = sampleRate / 400; // 2.5 ms
        if (samplesPerChannel <= 0 || samplesPerChannel % unit != 0) {
            return false;
        }
        return switch (samplesPerChannel / unit) {
            case 1, 2, 4, 8, 16, 24, 32, 40, 48 -> true;
            default -> false;
        };
    }

    static int maxFrameSamples(int sampleRate) {
        return sampleRate / 1000 * MAX_ENCODE_MILLIS;
    }

    static int maxDecodeSamples(int sampleRate) {
        return sampleRate / 1000 * MAX_DECODE_MILLIS;
    }
}
