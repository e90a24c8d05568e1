package org.parley.mixer.jitter;

/** What {@link JitterBuffer#insert} did with a packet. */
public enum Arrival {
    /** Stored for playout. */
    ACCEPTED,
    /** Stored as the first packet of a new stream (new SSRC or sequence discontinuity); the buffer restarted. */
    RESYNC,
    /** Its sequence number was already played or skipped; dropped. */
    LATE,
    /** The same sequence number is already buffered; dropped. */
    DUPLICATE,
    /** Empty or larger than a slot; dropped. */
    INVALID
}
