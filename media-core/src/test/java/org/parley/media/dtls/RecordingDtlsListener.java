package org.parley.media.dtls;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Records what a {@link DtlsTransport} reports, counting calls so that tests can check "at most once". */
final class RecordingDtlsListener implements DtlsListener {

    /** What {@link #onHandshakeComplete} received. */
    record Keys(int srtpProtectionProfile, byte[] keyingMaterial) {
    }

    // Generous bound so that a broken transport fails the test instead of hanging it; not a timing assertion.
    private static final long WAIT_SECONDS = 20;

    final CompletableFuture<Keys> keys = new CompletableFuture<>();
    final CompletableFuture<String> closed = new CompletableFuture<>();
    final AtomicInteger handshakeCompleteCalls = new AtomicInteger();
    final AtomicInteger closedCalls = new AtomicInteger();

    @Override
    public void onHandshakeComplete(int srtpProtectionProfile, byte[] keyingMaterial) {
        handshakeCompleteCalls.incrementAndGet();
        keys.complete(new Keys(srtpProtectionProfile, keyingMaterial));
    }

    @Override
    public void onClosed(String reason) {
        closedCalls.incrementAndGet();
        closed.complete(reason);
    }

    Keys awaitKeys() throws Exception {
        return keys.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    String awaitClosed() throws Exception {
        return closed.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }
}
