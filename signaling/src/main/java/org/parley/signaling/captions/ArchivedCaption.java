package org.parley.signaling.captions;

import java.time.Instant;

/** A kept final with the wall-clock origin of the meeting clock it was timed on ({@link MeetingClock}). */
public record ArchivedCaption(Instant clockOrigin, Caption caption) {
}
