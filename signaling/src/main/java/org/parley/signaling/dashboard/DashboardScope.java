package org.parley.signaling.dashboard;

import java.util.Set;

/**
 * Which meetings a dashboard view shows. The admin key and an operator account see the whole server; an
 * operator's invitation its own meeting; an organiser account the meetings it owns.
 */
public sealed interface DashboardScope {

    /** Whether the view may see meeting {@code meetingId}. */
    boolean includes(String meetingId);

    /**
     * Whether meeting {@code meetingId}, with {@code participants} in it now, is shown: the server view
     * shows the meetings someone is in; a view of named meetings shows them also while empty.
     */
    boolean shows(String meetingId, int participants);

    /** The name on the wire: {@code server} or {@code meetings}. */
    String wireName();

    /** Every meeting on the server: the admin key's view. */
    record Server() implements DashboardScope {
        @Override
        public boolean includes(String meetingId) {
            return true;
        }

        @Override
        public boolean shows(String meetingId, int participants) {
            return participants > 0;
        }

        @Override
        public String wireName() {
            return "server";
        }
    }

    /** The named meetings only: an operator invitation's, an organiser account's. */
    record Meetings(Set<String> meetingIds) implements DashboardScope {
        public Meetings {
            meetingIds = Set.copyOf(meetingIds);
        }

        @Override
        public boolean includes(String meetingId) {
            return meetingIds.contains(meetingId);
        }

        @Override
        public boolean shows(String meetingId, int participants) {
            return includes(meetingId);
        }

        @Override
        public String wireName() {
            return "meetings";
        }
    }
}
