/**
 * Fragmented MP4 (ISO/IEC 14496-12 §8.8, CMAF ISO/IEC 23000-19) for Opus audio, written straight
 * from encoded packets without transcoding: {@link org.parley.mixer.fmp4.OpusInitSegment} (the
 * {@code Opus} sample entry with its {@code dOps}, 48 kHz timescale, the encoder's pre-skip) and
 * {@link org.parley.mixer.fmp4.OpusFragmentWriter} (media segments: {@code styp}, {@code moof} with
 * {@code tfdt} and {@code trun}, {@code mdat}). The Opus mapping follows "Encapsulation of Opus in
 * ISO Base Media File Format" (Mozilla/Xiph, version 0.8). The HLS segmenter
 * ({@code org.parley.mixer.hls}) uses them.
 */
package org.parley.mixer.fmp4;
