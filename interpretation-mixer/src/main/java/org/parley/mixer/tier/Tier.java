package org.parley.mixer.tier;

import java.util.Objects;
import org.parley.mixer.opus.Application;
import org.parley.mixer.opus.Bandwidth;
import org.parley.mixer.opus.OpusEncoder;
import org.parley.mixer.opus.RateMode;

/**
 * One listener tier: how a language channel is Opus-encoded for listeners on a given kind of link.
 *
 * <p>Every channel variant is encoded once per tier that has listeners, so a tier costs CPU per
 * language, not per listener. The defaults ({@link TierSet#defaults()}) follow RFC 7587 §3.1.1's
 * guidance (8-12 kbit/s narrowband, 16-20 wideband, 28-40 fullband); the long frames of the lower
 * tiers matter as much as their bitrate, since at 20 ms the 50 bytes of IP/UDP/RTP/SRTP headers per
 * packet alone cost 20 kbit/s.
 *
 * @param name                name listeners and configuration refer to the tier by (not blank)
 * @param bandwidth           the audio bandwidth, forced on the encoder so listeners of a tier all
 *                            hear the same band (libopus may narrow it for a moment while it
 *                            brings in-band FEC up, see {@code TieredEncoder})
 * @param bitrate             target bitrate in bit/s, 6000 to 510000 (RFC 7587 §3.1.1)
 * @param frameMillis         duration of one RTP packet: 10, 20, 40 or 60 ms (one Opus frame),
 *                            or 80, 100 or 120 ms (several frames in one packet, RFC 6716
 *                            §3.2.3: fewer headers, but a lost packet loses all of them);
 *                            a multiple of the mixer tick
 * @param fec                 in-band forward error correction (RFC 6716 §2.1.7); needs
 *                            {@code expectedLossPercent > 0}, and libopus only spends bits on it
 *                            when the bitrate affords it (about 16 kbit/s wideband, 12 narrowband)
 * @param expectedLossPercent packet loss the encoder prepares for, 0 to 100
 * @param dtx                 discontinuous transmission: silence is not sent (RFC 7587 §3.1.3)
 * @param application         the libopus application; {@link Application#RESTRICTED_LOWDELAY} has
 *                            no speech modes and hence no FEC
 * @param rateMode            constant or variable bitrate. Packet lengths show through SRTP, and
 *                            those of variable-bitrate speech leak what is said (RFC 6562 §3):
 *                            {@link RateMode#CBR} hides them, at about twice the CPU in the
 *                            speech (SILK) modes; see {@link TierSet} for the defaults' choice
 * @param complexity          libopus complexity 0 to 10: CPU against quality; the server encodes
 *                            languages × variants × tiers streams, so the defaults stay at 1-6
 *                            (5 takes about half the encoding time of 10); below 2 libopus
 *                            1.3 keeps FEC (LBRR) only by coding mediumband in VBR, and drops
 *                            it in CBR
 */
public record Tier(String name, Bandwidth bandwidth, int bitrate, int frameMillis, boolean fec,
                   int expectedLossPercent, boolean dtx, Application application, RateMode rateMode,
                   int complexity) {

    /** Lowest Opus bitrate RFC 7587 §3.1.1 names. */
    public static final int MIN_BITRATE = 6_000;
    /** Highest Opus bitrate RFC 7587 §3.1.1 names. */
    public static final int MAX_BITRATE = 510_000;

    /**
     * @throws IllegalArgumentException if a setting is out of range or the combination cannot work
     *     (FEC without expected loss, FEC in restricted-low-delay mode)
     */
    public Tier {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(bandwidth, "bandwidth");
        Objects.requireNonNull(application, "application");
        Objects.requireNonNull(rateMode, "rateMode");
        if (name.isBlank()) {
            throw new IllegalArgumentException("tier name is blank");
        }
        if (bitrate < MIN_BITRATE || bitrate > MAX_BITRATE) {
            throw new IllegalArgumentException("bitrate must be " + MIN_BITRATE + " to " + MAX_BITRATE
                    + " bit/s: " + bitrate);
        }
        switch (frameMillis) {
            case 10, 20, 40, 60, 80, 100, 120 -> { }
            default -> throw new IllegalArgumentException("frameMillis must be 10, 20, 40, 60, 80, 100 or 120: "
                    + frameMillis);
        }
        if (expectedLossPercent < 0 || expectedLossPercent > 100) {
            throw new IllegalArgumentException("expectedLossPercent must be 0 to 100: " + expectedLossPercent);
        }
        if (complexity < 0 || complexity > 10) {
            throw new IllegalArgumentException("complexity must be 0 to 10: " + complexity);
        }
        if (fec && expectedLossPercent == 0) {
            throw new IllegalArgumentException("fec needs expectedLossPercent > 0: libopus sizes the redundancy"
                    + " by the expected loss and sends none at 0");
        }
        if (fec && application == Application.RESTRICTED_LOWDELAY) {
            throw new IllegalArgumentException("fec needs the speech modes, which RESTRICTED_LOWDELAY disables");
        }
    }

    /** Samples per encoded frame at 48 kHz, which is also the RTP timestamp step (RFC 7587 §4.1). */
    public int frameSamples48k() {
        return 48 * frameMillis;
    }

    /** This tier with frames of {@code millis} instead (e.g. shorter frames for a shorter mixer tick). */
    public Tier withFrameMillis(int millis) {
        return new Tier(name, bandwidth, bitrate, millis, fec, expectedLossPercent, dtx, application, rateMode,
                complexity);
    }

    /**
     * How many samples at 48 kHz this tier's encoder delays its input by (libopus's lookahead, which
     * depends only on the application): the pre-skip an Ogg or MP4 container of this tier's packets
     * declares so a player drops the encoder's warm-up (RFC 7845 §4.2). Opens a libopus encoder for
     * the question, so ask once per stream, not per frame.
     */
    public int encoderLookahead() {
        try (OpusEncoder encoder = OpusEncoder.create(48_000, 1, application())) {
            return encoder.lookahead();
        }
    }
}
