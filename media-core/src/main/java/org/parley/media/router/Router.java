package org.parley.media.router;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.parley.media.transport.TransportState;

/**
 * Maps producers (incoming streams) to consumers (outgoing streams).
 *
 * <p>Forwarding itself happens in {@link Producer#onRtp} on the event loop that received the
 * packet: decrypted once, encrypted once per consumer. Connection changes made here from other
 * threads are applied on that event loop, so the forwarding path needs no locks.
 */
public final class Router {

    private final Map<String, Producer> producers = new ConcurrentHashMap<>();
    private final List<RouterListener> listeners = new CopyOnWriteArrayList<>();

    /** All live producers. */
    public Collection<Producer> producers() {
        return Collections.unmodifiableCollection(producers.values());
    }

    /** The producer with this id, or null. */
    public Producer producer(String id) {
        return producers.get(id);
    }

    /**
     * Makes {@code consumer} forward {@code producer}. Switching a connected consumer to another
     * producer keeps its SSRC and continues its sequence numbers and timestamps: no renegotiation.
     *
     * @throws IllegalArgumentException if the producer is closed or of another kind of media
     */
    public void connect(Consumer consumer, Producer producer) {
        if (producer.isClosed() || producers.get(producer.id()) != producer) {
            throw new IllegalArgumentException("producer " + producer.id() + " is closed");
        }
        consumer.transport().runOnEventLoop(() -> {
            Producer previous = consumer.producer();
            if (previous == producer) {
                return;
            }
            if (previous != null) {
                previous.removeConsumer(consumer);
            }
            // Both checks run on the loop that closes transports and producers, so neither can
            // change before the consumer is attached. A consumer whose transport closed after the
            // caller looked it up would otherwise be forwarded to (and keep its transport alive)
            // for as long as the producer lives.
            if (!producer.isClosed() && consumer.transport().state() != TransportState.CLOSED) {
                producer.addConsumer(consumer);
                consumer.setSource(producer);
            } else {
                consumer.setSource(null);
            }
        });
    }

    /** The consumer stops forwarding (it stays negotiated and may be connected again). */
    public void disconnect(Consumer consumer) {
        consumer.transport().runOnEventLoop(() -> {
            Producer previous = consumer.producer();
            if (previous != null) {
                previous.removeConsumer(consumer);
            }
            consumer.setSource(null);
        });
    }

    /** Called when producers appear or go away (e.g. to tell other participants). */
    public void addListener(RouterListener listener) {
        listeners.add(listener);
    }

    public void removeListener(RouterListener listener) {
        listeners.remove(listener);
    }

    /** Registers a new producer; called by its transport once negotiated. */
    public void addProducer(Producer producer) {
        if (producers.putIfAbsent(producer.id(), producer) == null) {
            for (RouterListener listener : listeners) {
                listener.producerAdded(producer);
            }
        }
    }

    /** Removes a producer and disconnects its consumers; called on the event loop by its transport. */
    public void removeProducer(Producer producer) {
        if (!producers.remove(producer.id(), producer)) {
            return;
        }
        for (Consumer consumer : producer.consumers()) {
            consumer.setSource(null);
        }
        producer.markClosed();
        for (RouterListener listener : listeners) {
            listener.producerRemoved(producer);
        }
    }

    /** Disconnects a consumer whose transport closes. */
    public void removeConsumer(Consumer consumer) {
        Producer previous = consumer.producer();
        if (previous != null) {
            previous.removeConsumer(consumer);
        }
        consumer.setSource(null);
    }
}
