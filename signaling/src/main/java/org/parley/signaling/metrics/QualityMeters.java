package org.parley.signaling.metrics;

import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.parley.media.quality.QualityScore;
import org.parley.signaling.meeting.Meeting;
import org.parley.signaling.meeting.MeetingRegistry;
import org.parley.signaling.meeting.Participant;

/**
 * The distribution of participants' estimated speech quality, per meeting: {@code parley_quality_mos}
 * (a histogram, label {@code meeting}, buckets at MOS 1.0, 1.5 … 4.5, so {@code _bucket{meeting, le}},
 * {@code _count} and {@code _sum}). Every {@value #SAMPLE_SECONDS} s each participant whose score is
 * known ({@code ParticipantMedia.score()}) adds one observation to its meeting's histogram: one set of
 * series per meeting however many take part, never one per participant. A meeting's series appear
 * with its first observation and are removed at the first sample after it ended or was deleted.
 *
 * <p>Made with the Prometheus client that micrometer-registry-prometheus is built on (and brings),
 * registered in the same registry, so it is scraped with every other meter. Not a Micrometer
 * {@code DistributionSummary}: its fixed-boundary histogram counts each value rounded up to an integer
 * ({@code Math.ceil}), so a MOS of 4.38 would fall outside the 4.5 bucket.
 *
 * <p>The sampling runs on {@code executor}; it and {@link #close} hold this object's lock.
 */
public final class QualityMeters implements AutoCloseable {

    static final long SAMPLE_SECONDS = 5;
    static final String NAME = "parley_quality_mos";
    private static final double[] MOS_BUCKETS = {1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5};

    private final PrometheusRegistry registry;
    private final MeetingRegistry meetings;
    private final Histogram histogram;
    /** The meetings that have series; guarded by {@code this}. */
    private final Set<String> observed = new HashSet<>();
    private ScheduledFuture<?> sampling;
    private boolean closed;

    QualityMeters(PrometheusRegistry registry, MeetingRegistry meetings) {
        this.registry = registry;
        this.meetings = meetings;
        this.histogram = Histogram.builder()
                .name(NAME)
                .help("Participants' estimated speech quality (E-model MOS, 1 to 4.5), one observation per"
                        + " participant every " + SAMPLE_SECONDS + " s")
                .labelNames("meeting")
                .classicOnly()
                .withoutExemplars()
                .classicUpperBounds(MOS_BUCKETS)
                .register(registry);
    }

    /** Starts sampling {@code meetings}' participants into {@code registry} on {@code executor}. */
    public static QualityMeters start(PrometheusRegistry registry, MeetingRegistry meetings,
                                      ScheduledExecutorService executor) {
        QualityMeters meters = new QualityMeters(registry, meetings);
        ScheduledFuture<?> sampling = executor.scheduleAtFixedRate(meters::sample, SAMPLE_SECONDS, SAMPLE_SECONDS,
                TimeUnit.SECONDS);
        synchronized (meters) {
            meters.sampling = sampling;
        }
        return meters;
    }

    /** One observation per participant with a known score; the series of ended meetings removed. */
    synchronized void sample() {
        if (closed) {
            return;
        }
        Set<String> live = new HashSet<>();
        for (Meeting meeting : meetings.meetings()) {
            if (meeting.ended()) {
                continue;
            }
            live.add(meeting.id());
            for (Participant participant : meeting.participants()) {
                QualityScore score = participant.media().score();
                if (score.isKnown()) {
                    histogram.labelValues(meeting.id()).observe(score.mos());
                    observed.add(meeting.id());
                }
            }
        }
        for (Iterator<String> it = observed.iterator(); it.hasNext(); ) {
            String meetingId = it.next();
            if (!live.contains(meetingId)) {
                histogram.remove(meetingId);
                it.remove();
            }
        }
    }

    /** Stops sampling and removes the histogram. */
    @Override
    public synchronized void close() {
        closed = true;
        if (sampling != null) {
            sampling.cancel(false);
        }
        registry.unregister(histogram);
        observed.clear();
    }
}
