package org.parley.media.icetcp;

/**
 * Counts connections that have not yet sent an authenticated Binding request, so that a flood of
 * idle connections cannot exhaust memory or file descriptors. Event loop only (every ICE-TCP
 * connection runs on the media event loop).
 */
final class BindingSlots {

    private final int max;
    private int used;

    BindingSlots(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("at least one unauthenticated connection must be allowed: " + max);
        }
        this.max = max;
    }

    boolean tryAcquire() {
        if (used >= max) {
            return false;
        }
        used++;
        return true;
    }

    void release() {
        used--;
    }

    int used() {
        return used;
    }
}
