package org.parley.signaling.captions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CaptionExportTest {

    private static final Instant ORIGIN = Instant.parse("2026-03-02T09:00:00Z");

    private static ArchivedCaption at(Instant origin, long startMs, long endMs, String text) {
        return new ArchivedCaption(origin, new Caption("s" + startMs + "-" + text.hashCode(), "fr",
                CaptionSource.CAPTIONER, startMs, endMs, text, true));
    }

    @Test
    void webVttHasTheSignatureAndCuesInOrderWithTheTextEscaped() {
        String vtt = CaptionExport.webVtt(List.of(
                at(ORIGIN, 65_000, 68_500, "Les <b>États</b> & --> l'ordre"),
                at(ORIGIN, 1_000, 4_200, "Bonjour à toutes et à tous.")));
        assertEquals("""
                WEBVTT

                00:00:01.000 --> 00:00:04.200
                Bonjour à toutes et à tous.

                00:01:05.000 --> 00:01:08.500
                Les &lt;b&gt;États&lt;/b&gt; &amp; --&gt; l'ordre

                """, vtt);
        List<WebVttValidator.Cue> cues = WebVttValidator.validate(vtt);
        assertEquals("Les <b>États</b> & --> l'ordre", cues.get(1).text());
    }

    @Test
    void oneShotLinesAreShownAWhileButNeverOverlapTheNext() {
        // One-shot lines (start = end), two at the same millisecond, one segment overlapping the next.
        List<ArchivedCaption> captions = List.of(
                at(ORIGIN, 10_000, 10_000, "one"),
                at(ORIGIN, 11_000, 11_000, "two"),
                at(ORIGIN, 11_000, 11_000, "two again"),
                at(ORIGIN, 20_000, 26_000, "long"),
                at(ORIGIN, 22_000, 23_000, "inside"));
        List<WebVttValidator.Cue> cues = WebVttValidator.validate(CaptionExport.webVtt(captions));
        assertEquals(5, cues.size());
        assertEquals(new WebVttValidator.Cue(10_000, 11_000, "one"), cues.get(0));
        assertEquals(11_000, cues.get(1).startMs());
        assertEquals(11_001, cues.get(2).startMs(), "a cue at the same time as the previous one comes a millisecond later");
        assertEquals(11_001 + CaptionExport.MIN_CUE_MILLIS, cues.get(2).endMs());
        assertEquals(new WebVttValidator.Cue(20_000, 22_000, "long"), cues.get(3), "cut where the next one starts");
        assertEquals(new WebVttValidator.Cue(22_000, 25_000, "inside"), cues.get(4));
    }

    @Test
    void segmentsOfALaterClockComeAfterByTheDistanceOfTheOrigins() {
        Instant restarted = ORIGIN.plusSeconds(3600);
        List<WebVttValidator.Cue> cues = WebVttValidator.validate(CaptionExport.webVtt(List.of(
                at(restarted, 500, 2_000, "after the restart"),
                at(ORIGIN, 5_000, 9_000, "before"))));
        assertEquals(5_000, cues.get(0).startMs());
        assertEquals(3_600_500, cues.get(1).startMs());
        assertEquals("01:00:00.500 --> 01:00:03.500", CaptionExport.time(3_600_500, '.') + " --> "
                + CaptionExport.time(3_603_500, '.'));
    }

    @Test
    void randomCaptionsAlwaysGiveAValidFile() {
        Random random = new Random(13);
        for (int round = 0; round < 200; round++) {
            List<ArchivedCaption> captions = new ArrayList<>();
            for (int i = random.nextInt(30); i > 0; i--) {
                long start = random.nextInt(100_000);
                captions.add(at(random.nextBoolean() ? ORIGIN : ORIGIN.plusSeconds(50), start,
                        start + random.nextInt(8_000), "line <" + i + "> & \n\n more"));
            }
            List<WebVttValidator.Cue> cues = WebVttValidator.validate(CaptionExport.webVtt(captions));
            assertEquals(captions.size(), cues.size());
        }
    }

    @Test
    void theValidatorRefusesWhatIsWrong() {
        assertThrows(AssertionError.class, () -> WebVttValidator.validate("WEBVTX\n\n"));
        assertThrows(AssertionError.class, () -> WebVttValidator.validate("WEBVTT\n\n00:00:02.000 --> 00:00:01.000\nx\n"));
        assertThrows(AssertionError.class, () -> WebVttValidator.validate(
                "WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nx\n\n00:00:02.000 --> 00:00:04.000\ny\n"));
        assertThrows(AssertionError.class, () -> WebVttValidator.validate("WEBVTT\n\n00:00:01.000 --> 00:00:03.000\na < b\n"));
        assertThrows(AssertionError.class, () -> WebVttValidator.validate("WEBVTT\n\n0:00:01.000 --> 00:00:03.000\nx\n"));
    }

    @Test
    void srtNumbersItsCuesWithCommaTimings() {
        assertEquals("""
                1
                00:00:01,000 --> 00:00:04,000
                Bonjour.

                2
                00:00:04,000 --> 00:00:07,000
                Deux
                lignes

                """, CaptionExport.srt(List.of(at(ORIGIN, 1_000, 1_000, "Bonjour."),
                at(ORIGIN, 4_000, 5_000, "Deux\n\nlignes"))));
    }

    @Test
    void theTranscriptHasOneLinePerFinalAtItsStart() {
        assertEquals("[00:00:01] Bonjour.\n[01:02:03] Deux lignes\n", CaptionExport.transcript(List.of(
                at(ORIGIN, 3_723_000, 3_724_000, "Deux\nlignes"), at(ORIGIN, 1_000, 1_000, "Bonjour."))));
        assertEquals("", CaptionExport.transcript(List.of()));
        assertEquals("WEBVTT\n\n", CaptionExport.webVtt(List.of()));
    }
}
