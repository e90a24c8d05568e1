package org.parley.mixer.hls;

/**
 * One finished CMAF media segment of a rendition.
 *
 * @param index          the segment's place on the webcast timeline: it holds the packets whose first
 *                       sample is in {@code [index × segment duration, (index + 1) × segment duration)},
 *                       so the same index means the same span in every rendition; also its HLS media
 *                       sequence number (RFC 8216 §6.2.2: never changes for a segment)
 * @param startTime48k   its first sample on the webcast timeline at 48 kHz (its {@code tfdt})
 * @param durationSamples its length at 48 kHz
 * @param bytes          {@code styp + moof + mdat}; never changed after creation
 * @param discontinuity  whether it does not follow the rendition's previous segment (RFC 8216 §4.3.2.3)
 */
public record HlsSegment(long index, long startTime48k, int durationSamples, byte[] bytes, boolean discontinuity) {

    /** Its duration in seconds, as {@code EXTINF} gives it. */
    public double durationSeconds() {
        return durationSamples / 48_000.0;
    }
}
