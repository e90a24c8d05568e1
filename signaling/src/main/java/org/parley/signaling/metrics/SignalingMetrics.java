package org.parley.signaling.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.parley.signaling.config.SignalingLimits;
import org.parley.signaling.protocol.ErrorCode;
import org.parley.signaling.protocol.MessageType;

/**
 * The signaling server's meters. Micrometer names map to Prometheus names: {@code parley.ws.connections}
 * is exported as {@code parley_ws_connections}, counters get a {@code _total} suffix. All counters
 * are registered up front so that every label value is visible (at 0) from the first scrape.
 */
public final class SignalingMetrics {

    private final AtomicInteger wsConnections = new AtomicInteger();
    private final AtomicInteger heldMessages = new AtomicInteger();
    private final Map<MessageType, Counter> messages = new EnumMap<>(MessageType.class);
    private final Counter unknownMessages;
    private final Map<ErrorCode, Counter> errors = new EnumMap<>(ErrorCode.class);
    private final Map<DropReason, Counter> droppedFrames = new EnumMap<>(DropReason.class);
    private final Map<String, Counter> limitRefusals = new HashMap<>();
    /** The {@code request} label of {@code parley_observer_refusals_total}. */
    private static final List<String> OBSERVER_REQUESTS = List.of("offer", "subscribe");
    private final Counter autoTierStepsDown;
    private final Counter autoTierStepsUp;
    private final Map<String, Counter> observerRefusals = new HashMap<>();

    /**
     * @param meetings     current number of meetings
     * @param participants current number of participants across all meetings
     */
    public SignalingMetrics(MeterRegistry registry, Supplier<Number> meetings, Supplier<Number> participants) {
        this(registry, meetings, participants, () -> 0);
    }

    /** @param observers current number of observers (listen-only, outside the rosters) across all meetings */
    public SignalingMetrics(MeterRegistry registry, Supplier<Number> meetings, Supplier<Number> participants,
                            Supplier<Number> observers) {
        Gauge.builder("parley.observers", observers).description("Observers (listen-only) in all meetings").register(registry);
        for (String request : OBSERVER_REQUESTS) {
            observerRefusals.put(request, Counter.builder("parley.observer.refusals").tag("request", request)
                    .description("Observers' requests refused as not listen-only: offers other than one recvonly"
                            + " audio m-line, per-participant subscribes").register(registry));
        }
        Gauge.builder("parley.ws.connections", wsConnections, AtomicInteger::get)
                .description("Open signaling WebSocket connections").register(registry);
        Gauge.builder("parley.ws.held.messages", heldMessages, AtomicInteger::get)
                .description("Messages held for WebSocket clients that stopped reading, after merging").register(registry);
        Gauge.builder("parley.meetings", meetings).description("Meetings").register(registry);
        Gauge.builder("parley.participants", participants).description("Participants in all meetings").register(registry);
        for (MessageType type : MessageType.values()) {
            messages.put(type, messageCounter(registry, type.wireName()));
        }
        unknownMessages = messageCounter(registry, "unknown");
        for (ErrorCode code : ErrorCode.values()) {
            errors.put(code, Counter.builder("parley.signaling.errors").tag("code", code.name())
                    .description("Error messages sent to clients").register(registry));
        }
        for (DropReason reason : DropReason.values()) {
            droppedFrames.put(reason, Counter.builder("parley.ws.frames.dropped").tag("reason", reason.label())
                    .description("WebSocket frames not processed").register(registry));
        }
        for (String limit : SignalingLimits.REFUSABLE) {
            limitRefusals.put(limit, Counter.builder("parley.limit.refusals").tag("limit", limit)
                    .description("Requests refused by a resource limit, by the limit's configuration key")
                    .register(registry));
        }
        autoTierStepsDown = autoTierMoves(registry, "down");
        autoTierStepsUp = autoTierMoves(registry, "up");
    }

    private static Counter autoTierMoves(MeterRegistry registry, String direction) {
        return Counter.builder("parley.auto.tier.moves").tag("direction", direction)
                .description("Listener m-lines with tier auto moved one tier down (lossy link) or up").register(registry);
    }

    private static Counter messageCounter(MeterRegistry registry, String type) {
        return Counter.builder("parley.signaling.messages").tag("type", type)
                .description("Client messages received, by type").register(registry);
    }

    public void connectionOpened() {
        wsConnections.incrementAndGet();
    }

    public void connectionClosed() {
        wsConnections.decrementAndGet();
    }

    /** Messages held for slow clients grew (positive) or shrank by {@code delta}; changes only while a client lags. */
    public void heldMessages(int delta) {
        heldMessages.addAndGet(delta);
    }

    /** Counts a well-formed client message; {@code type} null means a type the server does not know. */
    public void messageReceived(MessageType type) {
        (type == null ? unknownMessages : messages.get(type)).increment();
    }

    public void errorSent(ErrorCode code) {
        errors.get(code).increment();
    }

    /** A request refused by the limit with this configuration key (one of {@link SignalingLimits#REFUSABLE}). */
    public void limitRefused(String limit) {
        Counter counter = limitRefusals.get(limit);
        if (counter == null) {
            throw new IllegalArgumentException("no limit " + limit);
        }
        counter.increment();
    }

    /** An observer's request refused as not listen-only: {@code request} is {@code offer} or {@code subscribe}. */
    public void observerRefused(String request) {
        Counter counter = observerRefusals.get(request);
        if (counter == null) {
            throw new IllegalArgumentException("no observer request " + request);
        }
        counter.increment();
    }

    /** An m-line with {@code tier: "auto"} moved one tier down ({@code down}) or up. */
    public void autoTierMoved(boolean down) {
        (down ? autoTierStepsDown : autoTierStepsUp).increment();
    }

    public void frameDropped(DropReason reason) {
        droppedFrames.get(reason).increment();
    }
}
