package org.parley.signaling.captions;

import java.time.Instant;

/** Where a meeting's final captions are kept (the store's {@code captions} table); called under the meeting's lock, so it must only queue. */
@FunctionalInterface
public interface CaptionArchive {

    /** Keeps nothing: meetings of a server without a store (tests). */
    CaptionArchive NONE = (meetingId, clockOrigin, caption) -> { };

    /** Keeps {@code caption}, a final, of {@code meetingId} whose clock started at {@code clockOrigin}. */
    void keep(String meetingId, Instant clockOrigin, Caption caption);
}
