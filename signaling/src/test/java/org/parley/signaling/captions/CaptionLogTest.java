package org.parley.signaling.captions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CaptionLogTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final MeetingClock clock = new MeetingClock(Instant.parse("2026-03-02T09:00:00Z"), nanos::get);
    private final List<Caption> kept = new ArrayList<>();
    private final CaptionLog log = new CaptionLog("m", clock, (meetingId, origin, caption) -> {
        assertEquals("m", meetingId);
        assertEquals(clock.origin(), origin);
        kept.add(caption);
    });

    private void advance(long millis) {
        nanos.addAndGet(millis * 1_000_000);
    }

    @Test
    void partialsReplaceEachOtherAndTheFinalClosesTheSegmentKeepingItsStart() throws CaptionRefusal {
        advance(2_000);
        Caption first = log.write(null, "fr", CaptionSource.CAPTIONER, "Mesd", false);
        assertEquals(2_000, first.startMs());
        advance(500);
        Caption second = log.write(first.segmentId(), null, CaptionSource.CAPTIONER, "Mesdames", false);
        assertEquals(List.of(second), log.open());
        advance(700);
        Caption last = log.write(first.segmentId(), "fr", CaptionSource.CAPTIONER, "Mesdames et messieurs", true);
        assertEquals(new Caption(first.segmentId(), "fr", CaptionSource.CAPTIONER, 2_000, 3_200,
                "Mesdames et messieurs", true), last);
        assertEquals(List.of(last), kept, "only the final is kept");
        assertTrue(log.open().isEmpty());
        CaptionRefusal closed = assertThrows(CaptionRefusal.class,
                () -> log.write(first.segmentId(), null, CaptionSource.CAPTIONER, "encore", true));
        assertTrue(closed.getMessage().contains(first.segmentId()), closed.getMessage());
    }

    @Test
    void anUpdateInAnotherLanguageIsRefused() throws CaptionRefusal {
        Caption partial = log.write(null, "fr", CaptionSource.CAPTIONER, "Mesd", false);
        assertThrows(CaptionRefusal.class, () -> log.write(partial.segmentId(), "en", CaptionSource.CAPTIONER, "x", true));
    }

    @Test
    void lateJoinersGetTheFinalsOfTheLastMinuteInTheirLanguages() throws CaptionRefusal {
        Caption old = log.write(null, "fr", CaptionSource.CAPTIONER, "il y a longtemps", true);
        advance(30_000);
        Caption english = log.write(null, "en", CaptionSource.CAPTIONER, "half a minute ago", true);
        log.write(null, "fr", CaptionSource.CAPTIONER, "en cours", false);
        advance(30_001);
        Caption recent = log.write(null, "fr", CaptionSource.CAPTIONER, "à l'instant", true);
        assertEquals(List.of(english, recent), log.recent(language -> true));
        assertEquals(List.of(recent), log.recent("fr"::equals));
        assertEquals(List.of(old, english, recent), kept);
    }

    @Test
    void abandonedSegmentsAreBounded() throws CaptionRefusal {
        for (int i = 0; i < CaptionLog.MAX_OPEN_SEGMENTS + 10; i++) {
            log.write(null, "fr", CaptionSource.CAPTIONER, "p" + i, false);
        }
        assertEquals(CaptionLog.MAX_OPEN_SEGMENTS, log.open().size());
        assertEquals("p10", log.open().getFirst().text());
    }
}
