package org.parley.mixer.hls;

import java.util.List;
import java.util.Locale;

/**
 * The text of HLS playlists (RFC 8216): media playlists of CMAF segments (version 7 for
 * {@code EXT-X-MAP} in a playlist without I-frames, §7) and the multivariant playlist that lists
 * each language as an audio rendition.
 */
public final class HlsPlaylists {

    /** RFC 8216 §7: fMP4 segments with EXT-X-MAP need version 6; 7 is what current tools write for CMAF. */
    static final int VERSION = 7;

    private HlsPlaylists() {
    }

    /** How a media playlist presents its segments. */
    public enum Kind {
        /** A sliding window (no EXT-X-PLAYLIST-TYPE): segments leave it. */
        LIVE,
        /** EXT-X-PLAYLIST-TYPE:EVENT: segments are only ever added (a recording in progress). */
        EVENT,
        /** EXT-X-PLAYLIST-TYPE:VOD with EXT-X-ENDLIST: the recording is complete. */
        VOD
    }

    /**
     * A media playlist of {@code segments} (oldest first).
     *
     * @param targetSeconds          EXT-X-TARGETDURATION: whole seconds, at least every segment's rounded duration
     * @param initUri                the initialization segment (EXT-X-MAP)
     * @param segmentUriPrefix       a segment's URI is this plus its index plus {@code .m4s}
     * @param discontinuitySequence  EXT-X-DISCONTINUITY-SEQUENCE (LIVE only)
     */
    public static String media(Kind kind, int targetSeconds, String initUri, String segmentUriPrefix,
                               List<HlsSegment> segments, long discontinuitySequence) {
        StringBuilder text = new StringBuilder(128 + 48 * segments.size());
        text.append("#EXTM3U\n#EXT-X-VERSION:").append(VERSION).append('\n');
        int target = targetSeconds;
        for (HlsSegment segment : segments) {
            // §4.3.3.1: each EXTINF rounded to the nearest integer must not exceed the target.
            target = Math.max(target, (int) Math.round(segment.durationSeconds()));
        }
        text.append("#EXT-X-TARGETDURATION:").append(target).append('\n');
        if (kind != Kind.LIVE) {
            text.append("#EXT-X-PLAYLIST-TYPE:").append(kind == Kind.EVENT ? "EVENT" : "VOD").append('\n');
        }
        long firstIndex = segments.isEmpty() ? 0 : segments.getFirst().index();
        text.append("#EXT-X-MEDIA-SEQUENCE:").append(firstIndex).append('\n');
        if (kind == Kind.LIVE && discontinuitySequence > 0) {
            text.append("#EXT-X-DISCONTINUITY-SEQUENCE:").append(discontinuitySequence).append('\n');
        }
        text.append("#EXT-X-INDEPENDENT-SEGMENTS\n");
        text.append("#EXT-X-MAP:URI=\"").append(initUri).append("\"\n");
        boolean first = true;
        for (HlsSegment segment : segments) {
            if (segment.discontinuity() && !first) {
                text.append("#EXT-X-DISCONTINUITY\n");
            }
            first = false;
            text.append("#EXTINF:").append(String.format(Locale.ROOT, "%.5f", segment.durationSeconds())).append(",\n");
            text.append(segmentUriPrefix).append(segment.index()).append(".m4s\n");
        }
        if (kind == Kind.VOD) {
            text.append("#EXT-X-ENDLIST\n");
        }
        return text.toString();
    }

    /**
     * One audio rendition in the multivariant playlist.
     *
     * @param name     NAME: what a player's language menu shows
     * @param language LANGUAGE (RFC 5646 tag), or null to leave it out
     * @param uri      its media playlist
     * @param isDefault DEFAULT=YES (one rendition of the group)
     */
    public record Rendition(String name, String language, String uri, boolean isDefault) {
    }

    /**
     * The multivariant playlist (§4.3.4): every rendition as {@code EXT-X-MEDIA TYPE=AUDIO} in one
     * group, and one {@code EXT-X-STREAM-INF} for the audio-only presentation that names the group
     * and points at the default rendition's playlist, so players without alternate-audio support
     * still play something.
     *
     * @param bandwidth peak bit/s of one rendition's segments, for BANDWIDTH
     */
    public static String multivariant(List<Rendition> renditions, long bandwidth) {
        StringBuilder text = new StringBuilder(256 + 160 * renditions.size());
        text.append("#EXTM3U\n#EXT-X-VERSION:").append(VERSION).append('\n');
        text.append("#EXT-X-INDEPENDENT-SEGMENTS\n");
        String defaultUri = renditions.isEmpty() ? null : renditions.getFirst().uri();
        for (Rendition rendition : renditions) {
            text.append("#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID=\"audio\",NAME=\"").append(quoted(rendition.name())).append('"');
            if (rendition.language() != null) {
                text.append(",LANGUAGE=\"").append(quoted(rendition.language())).append('"');
            }
            text.append(",DEFAULT=").append(rendition.isDefault() ? "YES" : "NO");
            text.append(",AUTOSELECT=YES,CHANNELS=\"1\",URI=\"").append(quoted(rendition.uri())).append("\"\n");
            if (rendition.isDefault()) {
                defaultUri = rendition.uri();
            }
        }
        if (defaultUri != null) {
            text.append("#EXT-X-STREAM-INF:BANDWIDTH=").append(bandwidth).append(",CODECS=\"opus\",AUDIO=\"audio\"\n");
            text.append(defaultUri).append('\n');
        }
        return text.toString();
    }

    /** Quoted-string attribute values cannot hold a double quote or a line break (§4.2). */
    private static String quoted(String value) {
        return value.replace('"', '\'').replace('\n', ' ').replace('\r', ' ');
    }
}
