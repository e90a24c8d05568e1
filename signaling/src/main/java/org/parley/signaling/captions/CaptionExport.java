package org.parley.signaling.captions;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A meeting's finals in one language as WebVTT (W3C WebVTT, §4), SubRip (SRT) or a plain-text transcript.
 * Every cue is put on the first meeting clock among them ({@link MeetingClock}: a restart starts a new
 * clock) and laid out for display: in order of start, each shown at least {@link #MIN_CUE_MILLIS} (a
 * one-shot line has no duration of its own) and until the next one starts at the latest, so cues never
 * overlap and their times only grow.
 */
public final class CaptionExport {

    public static final String WEBVTT_MEDIA_TYPE = "text/vtt; charset=utf-8";
    public static final String SRT_MEDIA_TYPE = "application/x-subrip; charset=utf-8";
    public static final String TRANSCRIPT_MEDIA_TYPE = "text/plain; charset=utf-8";
    /** The shortest time a cue is shown, unless the next one starts sooner. */
    static final long MIN_CUE_MILLIS = 3000;

    /** A cue as shown: {@code startMs < endMs}, on the export's one clock. */
    public record Cue(long startMs, long endMs, String text) {
    }

    private CaptionExport() {
    }

    /** The cues of {@code captions} on the earliest clock among them, laid out as the class comment says. */
    public static List<Cue> cues(List<ArchivedCaption> captions) {
        if (captions.isEmpty()) {
            return List.of();
        }
        Instant first = captions.stream().map(ArchivedCaption::clockOrigin).min(Comparator.naturalOrder()).orElseThrow();
        List<Cue> timed = new ArrayList<>(captions.size());
        for (ArchivedCaption archived : captions) {
            long shift = Duration.between(first, archived.clockOrigin()).toMillis();
            Caption caption = archived.caption();
            timed.add(new Cue(caption.startMs() + shift, caption.endMs() + shift, caption.text()));
        }
        timed.sort(Comparator.comparingLong(Cue::startMs).thenComparingLong(Cue::endMs));
        List<Cue> laidOut = new ArrayList<>(timed.size());
        long previousStart = -1;
        long[] starts = new long[timed.size()];
        for (int i = 0; i < timed.size(); i++) {
            starts[i] = Math.max(timed.get(i).startMs(), previousStart + 1); // strictly growing, so every cue has room
            previousStart = starts[i];
        }
        for (int i = 0; i < timed.size(); i++) {
            long end = Math.max(timed.get(i).endMs(), starts[i] + MIN_CUE_MILLIS);
            if (i + 1 < timed.size()) {
                end = Math.min(end, starts[i + 1]);
            }
            laidOut.add(new Cue(starts[i], end, timed.get(i).text()));
        }
        return laidOut;
    }

    /** WebVTT: the {@code WEBVTT} line, then each cue's timings and its text escaped (§4.2.2: no {@code &}, {@code <}, {@code -->}). */
    public static String webVtt(List<ArchivedCaption> captions) {
        StringBuilder vtt = new StringBuilder("WEBVTT\n\n");
        for (Cue cue : cues(captions)) {
            vtt.append(time(cue.startMs(), '.')).append(" --> ").append(time(cue.endMs(), '.')).append('\n')
                    .append(lines(cue.text()).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))
                    .append("\n\n");
        }
        return vtt.toString();
    }

    /** SubRip: numbered cues from 1, {@code HH:MM:SS,mmm --> HH:MM:SS,mmm}, the text, a blank line. */
    public static String srt(List<ArchivedCaption> captions) {
        StringBuilder srt = new StringBuilder();
        int number = 1;
        for (Cue cue : cues(captions)) {
            srt.append(number++).append('\n')
                    .append(time(cue.startMs(), ',')).append(" --> ").append(time(cue.endMs(), ',')).append('\n')
                    .append(lines(cue.text())).append("\n\n");
        }
        return srt.toString();
    }

    /** For the secretariat: one line per final, {@code [HH:MM:SS] text}, at its start on the meeting's clock. */
    public static String transcript(List<ArchivedCaption> captions) {
        StringBuilder text = new StringBuilder();
        for (Cue cue : cues(captions)) {
            String start = time(cue.startMs(), '.');
            text.append('[').append(start, 0, start.length() - 4).append("] ")
                    .append(cue.text().strip().replaceAll("\\s*\\R\\s*", " ")).append('\n');
        }
        return text.toString();
    }

    /** {@code HH:MM:SS<separator>mmm}; hours grow past 99 for a meeting that long. */
    static String time(long millis, char separator) {
        long hours = millis / 3_600_000;
        return String.format(Locale.ROOT, "%02d:%02d:%02d%c%03d", hours, millis / 60_000 % 60, millis / 1000 % 60, separator,
                millis % 1000);
    }

    /** The text without blank lines, which would end a cue early in both formats. */
    private static String lines(String text) {
        return text.strip().replaceAll("\\s*\\R\\s*", "\n");
    }
}
