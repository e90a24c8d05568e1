package org.parley.signaling.dashboard;

import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** The meetings an organiser account owns now, read off the event loop (on the store's thread). */
@FunctionalInterface
public interface OwnedMeetings {

    CompletableFuture<Set<String>> of(String account);
}
