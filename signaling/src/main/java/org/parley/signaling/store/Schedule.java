package org.parley.signaling.store;

import java.time.OffsetDateTime;

/**
 * When a meeting is planned, with the offsets the organizer gave.
 *
 * @param start planned start
 * @param end   planned end, after {@code start}
 */
public record Schedule(OffsetDateTime start, OffsetDateTime end) {
}
