package org.parley.mixer.opus;

/**
 * How an Opus encoder spends its bitrate from packet to packet (RFC 7587 §3.1.2).
 *
 * <p>Packet lengths travel in the clear under SRTP, and those of variable-bitrate speech follow
 * its phonemes closely enough to recognise phrases (RFC 6562 §3). Only {@link #CBR} gives every
 * packet the same length. In libopus 1.3's speech (SILK) mode {@link #CVBR} and {@link #VBR}
 * produce the very same packets (the constraint bounds only the CELT layer's rate), so for speech
 * tiers the choice is CBR or not; for music (CELT) tiers CVBR keeps each packet near the target,
 * where unconstrained VBR may take half as much again.
 */
public enum RateMode {
    /**
     * Constant bitrate: every packet the same length, so nothing of the speech shows through SRTP
     * except, with DTX, when it pauses. In SILK mode libopus re-quantises each frame until it fills
     * its budget, which roughly doubles the encoding time.
     */
    CBR(false, false),
    /** Constrained variable bitrate, libopus's default: VBR with a bounded deviation per packet (CELT only). */
    CVBR(true, true),
    /** Unconstrained variable bitrate: each packet as long as its content needs. */
    VBR(true, false);

    final boolean vbr;
    final boolean constrained;

    RateMode(boolean vbr, boolean constrained) {
        this.vbr = vbr;
        this.constrained = constrained;
    }
}
