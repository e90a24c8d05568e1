package org.parley.mixer.fmp4;

import java.util.Locale;
import java.util.Objects;

/**
 * An Opus audio track as a fragmented MP4 declares it: one track, 48 kHz timescale (Opus in ISOBMFF
 * §4.1: the media timescale should be 48000), its channel count, the encoder's pre-skip and the
 * language of its {@code mdhd}.
 *
 * @param channels     output channels, 1 or 2 (channel mapping family 0, RFC 7845 §5.1.1.1)
 * @param preSkip      samples at 48 kHz the decoder drops at the start (RFC 7845 §4.2), 0 to 65535
 * @param language3    ISO 639-2/T code for {@code mdhd}: three lower-case letters ({@code und} when unknown)
 */
public record OpusTrack(int channels, int preSkip, String language3) {

    /** The timescale of every Parley MP4 track: Opus always counts at 48 kHz. */
    public static final int TIMESCALE = 48_000;
    /** The one track of each Parley MP4. */
    static final int TRACK_ID = 1;

    public OpusTrack {
        Objects.requireNonNull(language3, "language3");
        if (channels != 1 && channels != 2) {
            throw new IllegalArgumentException("channels must be 1 or 2: " + channels);
        }
        if (preSkip < 0 || preSkip > 0xFFFF) {
            throw new IllegalArgumentException("preSkip must be 0 to 65535: " + preSkip);
        }
        if (!language3.matches("[a-z]{3}")) {
            throw new IllegalArgumentException("language3 must be three lower-case letters: " + language3);
        }
    }

    /**
     * The ISO 639-2/T code of the ISO 639-1 code {@code language} (e.g. {@code fr} → {@code fra}), or
     * {@code und} for anything else (the floor, which carries whatever is spoken).
     */
    public static String iso639Part2(String language) {
        if (language == null || !language.matches("[a-z]{2}")) {
            return "und";
        }
        try {
            String three = Locale.of(language).getISO3Language();
            return three.matches("[a-z]{3}") ? three : "und";
        } catch (java.util.MissingResourceException e) {
            return "und";
        }
    }
}
