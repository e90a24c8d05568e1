package org.parley.signaling.sip;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The SIP server's meters, registered up front like {@code SignalingMetrics}' so every label is
 * scraped at 0: {@code parley_sip_requests_total{method}}, {@code parley_sip_responses_total{status}},
 * {@code parley_sip_dropped_total{reason}}, {@code parley_sip_stateless_rejects_total},
 * {@code parley_sip_stateless_acks_total}, {@code parley_sip_call_setups_total{outcome}} and the gauge
 * {@code parley_sip_calls}. Thread-safe.
 */
public final class SipMetrics {

    private static final List<String> METHODS = List.of(SipRequest.INVITE, SipRequest.ACK, SipRequest.BYE,
            SipRequest.CANCEL, SipRequest.OPTIONS);
    private static final List<Integer> STATUSES = List.of(100, 200, 400, 403, 404, 405, 410, 416, 481, 483, 486, 487, 488,
            500, 501, 503, 513);

    private final Map<String, Counter> requests = new HashMap<>();
    private final Counter otherRequests;
    private final Map<Integer, Counter> responses = new HashMap<>();
    private final Counter otherResponses;
    private final Map<SipDropReason, Counter> dropped = new EnumMap<>(SipDropReason.class);

    private final Counter setupsAnswered;
    private final Counter setupsRefused;
    private final Counter setupsFailed;
    private final Counter statelessRejects;
    private final Counter statelessAcks;
    private final AtomicInteger calls = new AtomicInteger();

    public SipMetrics(MeterRegistry registry) {
        for (String method : METHODS) {
            requests.put(method, requestCounter(registry, method));
        }
        otherRequests = requestCounter(registry, "other");
        for (int status : STATUSES) {
            responses.put(status, responseCounter(registry, Integer.toString(status)));
        }
        otherResponses = responseCounter(registry, "other");
        for (SipDropReason reason : SipDropReason.values()) {
            dropped.put(reason, Counter.builder("parley.sip.dropped").tag("reason", reason.label())
                    .description("SIP datagrams dropped without an answer").register(registry));
        }
        setupsAnswered = callSetups(registry, "answered");
        setupsRefused = callSetups(registry, "refused");
        setupsFailed = callSetups(registry, "failed");
        statelessRejects = Counter.builder("parley.sip.stateless.rejects")
                .description("INVITEs refused with one final response and no transaction (a token that admits no one)")
                .register(registry);
        statelessAcks = Counter.builder("parley.sip.stateless.acks")
                .description("ACKs of responses sent without a transaction, absorbed").register(registry);
        Gauge.builder("parley.sip.calls", calls, AtomicInteger::get).description("SIP calls in progress").register(registry);
    }

    /**
     * Dial-in calls by how their INVITE ended: {@code answered} (200), {@code refused} (4xx: the caller's
     * token, meeting, language, codec or a limit), {@code failed} (5xx: Parley could not set the call up).
     */
    private static Counter callSetups(MeterRegistry registry, String outcome) {
        return Counter.builder("parley.sip.call.setups").tag("outcome", outcome)
                .description("Dial-in INVITEs by outcome: answered, refused (4xx), failed (5xx)").register(registry);
    }

    private static Counter requestCounter(MeterRegistry registry, String method) {
        return Counter.builder("parley.sip.requests").tag("method", method)
                .description("SIP requests received (retransmissions included), by method").register(registry);
    }

    private static Counter responseCounter(MeterRegistry registry, String status) {
        return Counter.builder("parley.sip.responses").tag("status", status)
                .description("SIP responses sent (retransmissions included), by status").register(registry);
    }

    public void requestReceived(String method) {
        requests.getOrDefault(method, otherRequests).increment();
    }

    public void responseSent(int status) {
        responses.getOrDefault(status, otherResponses).increment();
    }

    /** The number of calls in progress changed to {@code count}. */
    public void calls(int count) {
        calls.set(count);
    }

    /** Calls in progress; any thread. */
    public int calls() {
        return calls.get();
    }

    /**
     * A dial-in INVITE (not a re-INVITE) got its final response {@code status}; stateless refusals are
     * counted by {@link #statelessReject} instead.
     */
    public void callSetup(int status) {
        (status < 300 ? setupsAnswered : status >= 500 && status < 600 ? setupsFailed : setupsRefused).increment();
    }

    /** An INVITE refused statelessly: one response, never retransmitted. */
    public void statelessReject() {
        statelessRejects.increment();
    }

    /** The ACK of a stateless response came and was absorbed. */
    public void statelessAckAbsorbed() {
        statelessAcks.increment();
    }

    public void dropped(SipDropReason reason) {
        dropped.get(reason).increment();
    }
}
