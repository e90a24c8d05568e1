package org.parley.media.dtls;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

/** A handshake executor that starts a virtual thread per task and keeps them, so tests can see them end. */
final class HandshakeThreads implements Executor {

    private final List<Thread> threads = new CopyOnWriteArrayList<>();

    @Override
    public void execute(Runnable task) {
        threads.add(Thread.ofVirtual().name("dtls-handshake-", threads.size()).start(task));
    }

    int started() {
        return threads.size();
    }

    /** Waits (bounded, so that a stuck transport fails instead of hanging) until every task has returned. */
    boolean awaitAllFinished() throws InterruptedException {
        for (Thread thread : threads) {
            if (!thread.join(Duration.ofSeconds(20))) {
                return false;
            }
        }
        return true;
    }
}
