package org.parley.mixer.channel;

/**
 * Per-meeting settings shared by all language channels.
 *
 * @param idleFallback       what {@link Variant#CLEAN} carries while the booth is idle
 * @param floorDuckDb        level of the floor under a live interpreter in {@link Variant#MIXED}, in dB (negative)
 * @param ceilingDbfs        the limiter ceiling of every output, in dBFS
 * @param targetLevelDbfs    the RMS level voices and floor are normalised towards, in dBFS
 * @param maxNormalisationDb the largest boost or cut the normaliser may apply, in dB
 */
public record ChannelSettings(IdleFallback idleFallback, float floorDuckDb, float ceilingDbfs,
                              float targetLevelDbfs, float maxNormalisationDb) {

    /** Floor fallback, floor 15 dB under the interpreter, −1 dBFS ceiling, −23 dBFS target, ±12 dB. */
    public static final ChannelSettings DEFAULTS = new ChannelSettings(IdleFallback.FLOOR, -15f, -1f, -23f, 12f);

    public ChannelSettings {
        if (idleFallback == null) {
            throw new IllegalArgumentException("idleFallback is required");
        }
        if (!(floorDuckDb <= 0f) || !(ceilingDbfs <= 0f) || !(targetLevelDbfs < ceilingDbfs)
                || !(maxNormalisationDb >= 0f)) {
            throw new IllegalArgumentException("need floorDuckDb <= 0, ceilingDbfs <= 0, targetLevelDbfs < ceilingDbfs"
                    + " and maxNormalisationDb >= 0: " + this);
        }
    }

    public ChannelSettings withIdleFallback(IdleFallback fallback) {
        return new ChannelSettings(fallback, floorDuckDb, ceilingDbfs, targetLevelDbfs, maxNormalisationDb);
    }

    public ChannelSettings withFloorDuckDb(float duckDb) {
        return new ChannelSettings(idleFallback, duckDb, ceilingDbfs, targetLevelDbfs, maxNormalisationDb);
    }

    /** {@code maxDb} = 0 turns level normalisation off. */
    public ChannelSettings withMaxNormalisationDb(float maxDb) {
        return new ChannelSettings(idleFallback, floorDuckDb, ceilingDbfs, targetLevelDbfs, maxDb);
    }
}
