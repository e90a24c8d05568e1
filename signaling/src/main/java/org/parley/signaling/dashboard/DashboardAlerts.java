package org.parley.signaling.dashboard;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The alerts raised lately, server-wide: the newest {@value #KEPT}, numbered in order, so a view asks
 * for those after the last one it sent. Bounded: a flood of alerts pushes the oldest out.
 * Thread-safe (the feed adds, views read).
 */
final class DashboardAlerts {

    static final int KEPT = 200;

    private final ArrayDeque<DashboardAlert> alerts = new ArrayDeque<>(KEPT);
    private long sequence;

    /** Raises an alert; returns it. */
    synchronized DashboardAlert raise(long epochSecond, String meetingId, DashboardAlert.Kind kind,
                                      String participantId, String name, String language, double value) {
        DashboardAlert alert = new DashboardAlert(++sequence, epochSecond, meetingId, kind, participantId, name,
                language, value);
        if (alerts.size() == KEPT) {
            alerts.removeFirst();
        }
        alerts.addLast(alert);
        return alert;
    }

    /** The number of the newest alert, 0 before any. */
    synchronized long sequence() {
        return sequence;
    }

    /** The alerts kept with a number after {@code afterSequence} and up to {@code upToSequence}, oldest first. */
    synchronized List<DashboardAlert> between(long afterSequence, long upToSequence) {
        List<DashboardAlert> found = new ArrayList<>();
        for (DashboardAlert alert : alerts) {
            if (alert.sequence() > afterSequence && alert.sequence() <= upToSequence) {
                found.add(alert);
            }
        }
        return found;
    }
}
