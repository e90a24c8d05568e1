package org.parley.mixer.tier;

import org.parley.mixer.channel.Variant;

/**
 * Receives the encoded frames of the language channels, one call per Opus packet.
 *
 * <p>Called on the mixer thread, within its tick: implementations must not block. {@code data} is
 * the encoder's reused buffer, valid only during the call; copy what is kept.
 */
@FunctionalInterface
public interface EncodedFrameSink {

    /**
     * One encoded frame of {@code language}'s {@code variant} for the listeners of {@code tier}.
     *
     * @param data             the Opus packet (RFC 7587 RTP payload) from index 0
     * @param length           the packet's length in bytes
     * @param rtpTimestamp48k  the frame's first sample on the meeting's 48 kHz timeline (RFC 7587
     *                         §4.1: Opus RTP timestamps count at 48 kHz whatever the bandwidth);
     *                         it steps by {@code durationSamples} between frames, and jumps over
     *                         frames not sent (no listeners, DTX silence)
     * @param durationSamples  the frame's duration at 48 kHz: 960 for 20 ms, 2880 for 60 ms
     */
    void onFrame(String language, Variant variant, Tier tier, byte[] data, int length, long rtpTimestamp48k,
                 int durationSamples);
}
