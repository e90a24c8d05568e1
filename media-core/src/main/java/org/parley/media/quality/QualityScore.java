package org.parley.media.quality;

/**
 * An estimate of the speech quality a participant's link allows: the E-model rating R (0..100) and
 * the MOS it predicts (1..4.5, G.107 Annex B). An estimate from RTCP figures ({@link EModel}), not a
 * listening test: it knows loss, jitter and delay, not echo, noise or what the microphone picked up.
 *
 * @param r   the transmission rating, 0..100, or -1 while unknown
 * @param mos the mean opinion score R predicts, 1..4.5, or -1 while unknown
 */
public record QualityScore(double r, double mos) {

    /** Nothing measured yet. */
    public static final QualityScore UNKNOWN = new QualityScore(-1, -1);

    /** The score of a rating (clamped to 0..100), with its MOS. */
    public static QualityScore ofRating(double r) {
        double rating = Math.clamp(r, 0, 100);
        return new QualityScore(rating, EModel.mos(rating));
    }

    public boolean isKnown() {
        return r >= 0;
    }

    /** R rounded to an integer, as shown; -1 while unknown. */
    public int roundedR() {
        return isKnown() ? (int) Math.round(r) : -1;
    }

    /** MOS rounded to one decimal, as shown; -1 while unknown. */
    public double roundedMos() {
        return isKnown() ? Math.round(mos * 10) / 10.0 : -1;
    }
}
