package org.parley.mixer.pipeline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.parley.mixer.channel.Variant;
import org.parley.mixer.opus.OpusDecoder;
import org.parley.mixer.opus.OpusException;
import org.parley.mixer.tier.EncodedFrameSink;
import org.parley.mixer.tier.Tier;

/** A listener of every stream: decodes each (language, variant, tier) back to 48 kHz PCM. */
final class DecodingSink implements EncodedFrameSink, AutoCloseable {

    private final Map<String, OpusDecoder> decoders = new HashMap<>();
    private final Map<String, List<short[]>> decoded = new HashMap<>();
    private final Map<String, List<Long>> timestamps = new HashMap<>();
    private final short[] pcm = new short[5760];

    @Override
    public void onFrame(String language, Variant variant, Tier tier, byte[] data, int length, long rtpTimestamp48k,
                        int durationSamples) {
        String key = key(language, variant, tier);
        OpusDecoder decoder = decoders.computeIfAbsent(key, k -> OpusDecoder.create(48_000, 1));
        try {
            int samples = decoder.decode(data, 0, length, pcm, 0, pcm.length, false);
            if (samples != durationSamples) {
                throw new AssertionError("decoded " + samples + " samples, expected " + durationSamples);
            }
            decoded.computeIfAbsent(key, k -> new ArrayList<>()).add(java.util.Arrays.copyOf(pcm, samples));
            timestamps.computeIfAbsent(key, k -> new ArrayList<>()).add(rtpTimestamp48k);
        } catch (OpusException e) {
            throw new AssertionError(e);
        }
    }

    /** Everything decoded for the stream, concatenated. */
    short[] pcm(String language, Variant variant, Tier tier) {
        List<short[]> chunks = decoded.getOrDefault(key(language, variant, tier), List.of());
        int total = 0;
        for (short[] chunk : chunks) {
            total += chunk.length;
        }
        short[] out = new short[total];
        int at = 0;
        for (short[] chunk : chunks) {
            System.arraycopy(chunk, 0, out, at, chunk.length);
            at += chunk.length;
        }
        return out;
    }

    /** The 48 kHz timestamps of the stream's frames, in arrival order. */
    List<Long> timestamps(String language, Variant variant, Tier tier) {
        return timestamps.getOrDefault(key(language, variant, tier), List.of());
    }

    private static String key(String language, Variant variant, Tier tier) {
        return language + "/" + variant + "/" + tier.name();
    }

    @Override
    public void close() {
        decoders.values().forEach(OpusDecoder::close);
    }
}
