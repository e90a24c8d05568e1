package org.parley.signaling.protocol;

import org.parley.media.quality.QualityScore;

/**
 * A participant's connection quality as the roster grades it: its estimated MOS
 * ({@link QualityScore}, the worse direction of its link, rounded to one decimal as shown) in
 * ITU-T G.109's bands of the E-model rating R.
 * <ul>
 *   <li>{@link #GOOD}: MOS 4.0 or more, i.e. R of about 80 or more ("satisfied" and better);
 *   <li>{@link #FAIR}: MOS 3.1 to 4.0, R of 60 to 80 ("some" to "many users dissatisfied");
 *   <li>{@link #POOR}: MOS under 3.1, R under 60 ("nearly all users dissatisfied");
 *   <li>{@link #UNKNOWN}: no score yet (no RTCP interval with media either way).
 * </ul>
 * With a 20 ms round trip and little jitter, GOOD holds up to about 4 % random loss and POOR
 * starts at about 13 %; a 450 ms round trip alone makes a link FAIR.
 */
public enum LinkGrade {
    GOOD, FAIR, POOR, UNKNOWN;

    static final double GOOD_MOS = 4.0;
    static final double POOR_MOS = 3.1;

    /** The grade of {@code score}. */
    public static LinkGrade of(QualityScore score) {
        if (!score.isKnown()) {
            return UNKNOWN;
        }
        // The MOS as shown (one decimal), so that a roster never says 4.0 and fair.
        double mos = score.roundedMos();
        if (mos >= GOOD_MOS) {
            return GOOD;
        }
        return mos < POOR_MOS ? POOR : FAIR;
    }

    /** The name on the wire: {@code good}, {@code fair}, {@code poor} or {@code unknown}. */
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
