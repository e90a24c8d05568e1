/**
 * Listener tiers and the encoding of language channels per tier.
 *
 * <p>A {@link org.parley.mixer.tier.Tier} is data: bandwidth, bitrate, frame duration, FEC, expected
 * loss, DTX, application, CBR/VBR and complexity. A {@link org.parley.mixer.tier.TierSet} holds a
 * meeting's tiers, from {@link org.parley.mixer.tier.TierSet#defaults()} ({@code studio},
 * {@code standard}, {@code low}, {@code minimal}) or from configuration. A
 * {@link org.parley.mixer.tier.TieredEncoder} per channel variant encodes the variant once per tier
 * that has listeners and hands each packet to an {@link org.parley.mixer.tier.EncodedFrameSink}.
 */
package org.parley.mixer.tier;
