package org.parley.mixer.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Playlist text (RFC 8216) and the live window's sliding. */
class HlsPlaylistsTest {

    private static HlsSegment segment(long index, boolean discontinuity) {
        return new HlsSegment(index, index * 96_000, 96_000, new byte[0], discontinuity);
    }

    @Test
    void liveMediaPlaylist() {
        String text = HlsPlaylists.media(HlsPlaylists.Kind.LIVE, 2, "init.mp4", "",
                List.of(segment(7, false), segment(8, false)), 0);
        assertEquals("""
                #EXTM3U
                #EXT-X-VERSION:7
                #EXT-X-TARGETDURATION:2
                #EXT-X-MEDIA-SEQUENCE:7
                #EXT-X-INDEPENDENT-SEGMENTS
                #EXT-X-MAP:URI="init.mp4"
                #EXTINF:2.00000,
                7.m4s
                #EXTINF:2.00000,
                8.m4s
                """, text);
    }

    @Test
    void vodPlaylistEndsAndEventPlaylistDoesNot() {
        List<HlsSegment> segments = List.of(segment(0, false), segment(1, false));
        String vod = HlsPlaylists.media(HlsPlaylists.Kind.VOD, 2, "init.mp4", "fr/", segments, 0);
        assertEquals(true, vod.contains("#EXT-X-PLAYLIST-TYPE:VOD\n"));
        assertEquals(true, vod.endsWith("fr/1.m4s\n#EXT-X-ENDLIST\n"));
        String event = HlsPlaylists.media(HlsPlaylists.Kind.EVENT, 2, "init.mp4", "fr/", segments, 0);
        assertEquals(true, event.contains("#EXT-X-PLAYLIST-TYPE:EVENT\n"));
        assertEquals(false, event.contains("ENDLIST"));
    }

    @Test
    void theWindowSlidesAndCountsTheDiscontinuitiesThatLeaveIt() {
        LiveWindow window = new LiveWindow(3);
        window.add(segment(0, true));
        window.add(segment(1, false));
        window.add(segment(2, false));
        window.add(segment(3, false));
        assertEquals(List.of(1L, 2L, 3L), window.snapshot().segments().stream().map(HlsSegment::index).toList());
        assertEquals(1, window.snapshot().discontinuitySequence());
        assertEquals(2L, window.snapshot().segment(2).index());
        assertEquals(null, window.snapshot().segment(0));
        window.add(segment(9, true)); // a restart: the window starts again
        assertEquals(List.of(9L), window.snapshot().segments().stream().map(HlsSegment::index).toList());
        String text = HlsPlaylists.media(HlsPlaylists.Kind.LIVE, 2, "init.mp4", "", window.snapshot().segments(),
                window.snapshot().discontinuitySequence());
        assertEquals(true, text.contains("#EXT-X-MEDIA-SEQUENCE:9\n"));
        assertEquals(false, text.contains("#EXT-X-DISCONTINUITY\n"), "a first segment needs no tag");
    }

    @Test
    void multivariantListsEachLanguageAsAnAudioRendition() {
        String text = HlsPlaylists.multivariant(List.of(
                new HlsPlaylists.Rendition("Floor", null, "floor/live.m3u8", false),
                new HlsPlaylists.Rendition("English", "en", "en/live.m3u8", true),
                new HlsPlaylists.Rendition("Français", "fr", "fr/live.m3u8", false)), 32_000);
        assertEquals("""
                #EXTM3U
                #EXT-X-VERSION:7
                #EXT-X-INDEPENDENT-SEGMENTS
                #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio",NAME="Floor",DEFAULT=NO,AUTOSELECT=YES,CHANNELS="1",URI="floor/live.m3u8"
                #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio",NAME="English",LANGUAGE="en",DEFAULT=YES,AUTOSELECT=YES,CHANNELS="1",URI="en/live.m3u8"
                #EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio",NAME="Français",LANGUAGE="fr",DEFAULT=NO,AUTOSELECT=YES,CHANNELS="1",URI="fr/live.m3u8"
                #EXT-X-STREAM-INF:BANDWIDTH=32000,CODECS="opus",AUDIO="audio"
                en/live.m3u8
                """, text);
    }
}
