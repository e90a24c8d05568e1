package org.parley.signaling.captions;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a WebVTT file as W3C WebVTT §4.1 has it for captions: the {@code WEBVTT} signature line, a blank
 * line, then cues, each an optional identifier, a timing line {@code HH:MM:SS.mmm --> HH:MM:SS.mmm} and one
 * or more text lines without {@code -->}, a raw {@code <} or an {@code &} that starts no character
 * reference; cues separated by blank lines. Beyond the syntax, what the export promises: every cue ends
 * after it starts, starts after the previous one started, and not before the previous one ended.
 */
public final class WebVttValidator {

    private static final Pattern TIMING = Pattern.compile(
            "(\\d{2,}):([0-5]\\d):([0-5]\\d)\\.(\\d{3}) --> (\\d{2,}):([0-5]\\d):([0-5]\\d)\\.(\\d{3})");
    private static final Pattern BARE_AMPERSAND = Pattern.compile("&(?!(amp|lt|gt|nbsp|lrm|rlm);)");

    /** A cue as read: milliseconds, and its text with the character references resolved. */
    public record Cue(long startMs, long endMs, String text) {
    }

    private WebVttValidator() {
    }

    /** The cues of {@code vtt}; an {@link AssertionError} saying what is wrong otherwise. */
    public static List<Cue> validate(String vtt) {
        if (!vtt.endsWith("\n")) {
            throw new AssertionError("a WebVTT file ends with a line terminator");
        }
        String[] lines = vtt.split("\n", -1);
        if (!(lines[0].equals("WEBVTT") || lines[0].startsWith("WEBVTT ") || lines[0].startsWith("WEBVTT\t"))) {
            throw new AssertionError("no WEBVTT signature: " + lines[0]);
        }
        if (lines.length < 2 || !lines[1].isEmpty()) {
            throw new AssertionError("the signature line is followed by a blank line");
        }
        List<Cue> cues = new ArrayList<>();
        int i = 2;
        while (i < lines.length) {
            if (lines[i].isEmpty()) {
                i++;
                continue;
            }
            int blockStart = i;
            if (!lines[i].contains("-->")) {
                i++; // a cue identifier
            }
            if (i >= lines.length) {
                throw new AssertionError("line " + (blockStart + 1) + ": a cue identifier without timings");
            }
            Matcher timing = TIMING.matcher(lines[i]);
            if (!timing.matches()) {
                throw new AssertionError("line " + (i + 1) + ": not a cue timing line: " + lines[i]);
            }
            long start = millis(timing, 1);
            long end = millis(timing, 5);
            i++;
            StringBuilder text = new StringBuilder();
            while (i < lines.length && !lines[i].isEmpty()) {
                String line = lines[i];
                if (line.contains("-->") || line.contains("<") || BARE_AMPERSAND.matcher(line).find()) {
                    throw new AssertionError("line " + (i + 1) + ": cue text not escaped: " + line);
                }
                if (!text.isEmpty()) {
                    text.append('\n');
                }
                text.append(line.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"));
                i++;
            }
            if (text.isEmpty()) {
                throw new AssertionError("line " + i + ": a cue without text");
            }
            if (end <= start) {
                throw new AssertionError("line " + (blockStart + 1) + ": a cue that ends (" + end + " ms) no later than"
                        + " it starts (" + start + " ms)");
            }
            if (!cues.isEmpty()) {
                Cue previous = cues.getLast();
                if (start <= previous.startMs() || start < previous.endMs()) {
                    throw new AssertionError("line " + (blockStart + 1) + ": cue at " + start + " ms is not after the"
                            + " previous one (" + previous.startMs() + " to " + previous.endMs() + " ms)");
                }
            }
            cues.add(new Cue(start, end, text.toString()));
        }
        return cues;
    }

    private static long millis(Matcher timing, int group) {
        return Long.parseLong(timing.group(group)) * 3_600_000 + Long.parseLong(timing.group(group + 1)) * 60_000
                + Long.parseLong(timing.group(group + 2)) * 1000 + Long.parseLong(timing.group(group + 3));
    }
}
