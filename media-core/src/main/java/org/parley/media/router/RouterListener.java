package org.parley.media.router;

/** Told about producers appearing and closing. Called on an event loop: return quickly. */
public interface RouterListener {
    void producerAdded(Producer producer);

    void producerRemoved(Producer producer);
}
