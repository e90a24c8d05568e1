package org.parley.signaling.captions;

import java.util.Objects;

/**
 * One caption segment on the meeting's clock ({@link MeetingClock}): a partial ({@code isFinal} false) is
 * replaced by the next version of the same {@code segmentId}; the final closes the segment.
 *
 * @param segmentId the segment's id, assigned by the server
 * @param language  the language of the text (one of the meeting's)
 * @param startMs   when the segment opened (its first version), milliseconds on the meeting's clock
 * @param endMs     when this version was written, {@code >= startMs}
 * @param text      the text, 1 to {@link CaptionLog#MAX_TEXT_LENGTH} characters
 * @param isFinal   whether the segment is closed ({@code final} on the wire)
 */
public record Caption(String segmentId, String language, CaptionSource source, long startMs, long endMs, String text,
                      boolean isFinal) {

    public Caption {
        Objects.requireNonNull(segmentId, "segmentId");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(text, "text");
        if (startMs < 0 || endMs < startMs) {
            throw new IllegalArgumentException("caption times " + startMs + ".." + endMs + " ms");
        }
    }
}
