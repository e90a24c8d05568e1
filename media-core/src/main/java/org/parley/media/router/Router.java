package org.parley.media.router;

import java.util.Collection;

/**
 * Forwards each producer's packets to the consumers connected to it.
 */
public final class Router {

    /** All live producers. */
    public Collection<Producer> producers() {
        throw new UnsupportedOperationException("being built");
    }

    public Producer producer(String id) {
        throw new UnsupportedOperationException("being built");
    }

    /**
     * Makes {@code consumer} forward {@code producer}. Switching a connected consumer to another
     * producer keeps its SSRC and continues its sequence numbers and timestamps: no renegotiation.
     */
    public void connect(Consumer consumer, Producer producer) {
        throw new UnsupportedOperationException("being built");
    }

    /** The consumer stops forwarding (it stays negotiated and may be connected again). */
    public void disconnect(Consumer consumer) {
        throw new UnsupportedOperationException("being built");
    }

    /** Called when producers appear or go away (e.g. to tell other participants). */
    public void addListener(RouterListener listener) {
        throw new UnsupportedOperationException("being built");
    }
}
