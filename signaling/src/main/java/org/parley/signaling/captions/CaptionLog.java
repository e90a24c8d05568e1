package org.parley.signaling.captions;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * The captions of one meeting as they are written: open segments (their latest partial) and the finals of
 * the last {@link #RECENT_MILLIS} for late joiners; each final also goes to the {@link CaptionArchive}.
 * Not thread-safe: the meeting's lock guards it, so a joiner's snapshot and the events that follow it are
 * in one order.
 */
public final class CaptionLog {

    /** How far back a late joiner's captions go. */
    public static final long RECENT_MILLIS = 60_000;
    /** The longest caption text, in characters. */
    public static final int MAX_TEXT_LENGTH = 1000;
    /** Open segments kept at once; a captioner that abandons segments cannot grow the log (the oldest is dropped). */
    static final int MAX_OPEN_SEGMENTS = 64;
    /** Recent finals kept at most, however fast they come. */
    static final int MAX_RECENT = 2000;

    private final String meetingId;
    private final MeetingClock clock;
    private final CaptionArchive archive;
    /** Segment id → its latest partial, oldest first. */
    private final LinkedHashMap<String, Caption> open = new LinkedHashMap<>();
    private final ArrayDeque<Caption> recent = new ArrayDeque<>();

    public CaptionLog(String meetingId, MeetingClock clock, CaptionArchive archive) {
        this.meetingId = meetingId;
        this.clock = clock;
        this.archive = archive;
    }

    public MeetingClock clock() {
        return clock;
    }

    /** Where the finals are kept. */
    public CaptionArchive archive() {
        return archive;
    }

    /**
     * Writes a caption now: a new segment when {@code segmentId} is null (a one-shot line when final),
     * otherwise the next version of that open segment, which keeps its start and its language.
     *
     * @param language the caption's language; for an update, null or the segment's
     * @throws CaptionRefusal when {@code segmentId} names no open segment, or a segment of another language
     */
    public Caption write(String segmentId, String language, CaptionSource source, String text, boolean isFinal)
            throws CaptionRefusal {
        long now = clock.millis();
        Caption caption;
        if (segmentId == null) {
            if (language == null) {
                throw new IllegalArgumentException("a new segment needs its language");
            }
            caption = new Caption(UUID.randomUUID().toString(), language, source, now, now, text, isFinal);
        } else {
            Caption previous = open.get(segmentId);
            if (previous == null) {
                throw new CaptionRefusal("no open caption segment \"" + segmentId + "\": it is final, or was never"
                        + " opened (a new segment has no segmentId)");
            }
            if (language != null && !language.equals(previous.language())) {
                throw new CaptionRefusal("caption segment \"" + segmentId + "\" is in \"" + previous.language()
                        + "\", not \"" + language + "\"");
            }
            caption = new Caption(segmentId, previous.language(), source, previous.startMs(), now, text, isFinal);
        }
        if (isFinal) {
            open.remove(caption.segmentId());
            recent.addLast(caption);
            forgetOld(now);
            archive.keep(meetingId, clock.origin(), caption);
        } else {
            open.put(caption.segmentId(), caption);
            if (open.size() > MAX_OPEN_SEGMENTS) {
                Iterator<String> oldest = open.keySet().iterator();
                oldest.next();
                oldest.remove();
            }
        }
        return caption;
    }

    /** The finals that ended in the last {@link #RECENT_MILLIS}, in the order written, of the languages {@code wanted}. */
    public List<Caption> recent(Predicate<String> wanted) {
        forgetOld(clock.millis());
        List<Caption> found = new ArrayList<>();
        for (Caption caption : recent) {
            if (wanted.test(caption.language())) {
                found.add(caption);
            }
        }
        return found;
    }

    /** The open segments' latest partials, oldest first. */
    public List<Caption> open() {
        return List.copyOf(open.values());
    }

    private void forgetOld(long now) {
        while (!recent.isEmpty() && (recent.size() > MAX_RECENT || recent.peekFirst().endMs() < now - RECENT_MILLIS)) {
            recent.removeFirst();
        }
    }
}
