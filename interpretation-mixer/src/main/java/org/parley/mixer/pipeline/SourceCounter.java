package org.parley.mixer.pipeline;

import java.util.function.ToLongFunction;
import org.parley.mixer.jitter.JitterBuffer;

/**
 * The jitter buffer counters a {@link MeetingPipeline} sums over its sources for monitoring
 * ({@link MeetingPipeline#sourceTotal}).
 */
public enum SourceCounter {
    /** Packets missing in their turn while newer ones were buffered. */
    LOST(JitterBuffer::lost),
    /** Lost packets rebuilt from the next packet's in-band FEC. */
    RECOVERED_BY_FEC(JitterBuffer::recoveredByFec),
    /** Concealments by the decoder, of lost packets or of a buffer run dry. */
    CONCEALED(JitterBuffer::concealed),
    /** Packets that arrived after their turn. */
    LATE(JitterBuffer::late);

    private final ToLongFunction<JitterBuffer> reader;

    SourceCounter(ToLongFunction<JitterBuffer> reader) {
        this.reader = reader;
    }

    /** The counter's current value in {@code buffer}. */
    public long of(JitterBuffer buffer) {
        return reader.applyAsLong(buffer);
    }
}
