package org.parley.signaling.statistics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.parley.signaling.auth.Role;
import org.parley.signaling.meeting.MeetingRegistry;
import org.parley.signaling.meeting.Participant;
import org.parley.signaling.store.ParleyStore;
import org.parley.signaling.store.ParticipationProgress;
import org.parley.signaling.store.QualitySummary;
import org.parley.signaling.store.StatisticsRecord;
import org.parley.signaling.store.StatisticsRows;
import org.parley.signaling.store.StatisticsStore;
import org.parley.signaling.store.StoreException;
import org.parley.signaling.store.StoreWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The e-participation statistics of this server: every join is recorded, every leave completes its row
 * with why, and meanwhile the store's thread samples each participant's link quality (every
 * {@link #QUALITY_SAMPLE_PERIOD}) and, every heartbeat period, writes in one batch that the participants
 * in are still there, with their channel times and quality so far. A server killed outright thus loses
 * at most one heartbeat period: at the next start, {@link #start} closes the participations it left open
 * at their last heartbeat with {@link LeaveReason#CRASH}.
 *
 * <p>Joins and leaves are called from event loops, with the meeting locked: they only queue their writes
 * ({@link StatisticsStore}) and touch a concurrent map. Sampling and heartbeats run on the store's thread.
 */
public final class ParticipationStatistics implements AutoCloseable {

    /** How often the link quality is sampled: about once per RTCP report interval (RFC 3550 §6.2). */
    public static final Duration QUALITY_SAMPLE_PERIOD = Duration.ofSeconds(5);
    /** The default heartbeat period ({@code store.heartbeatSeconds}). */
    public static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(ParticipationStatistics.class);

    private final StatisticsStore store;
    private final StoreWriter writer;
    private final Clock clock;
    private final LongSupplier nanoTime;
    private final MosSource mos;
    private final Map<String, LiveParticipation> live = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private final List<ScheduledFuture<?>> schedules = new ArrayList<>();

    private ParticipationStatistics(StatisticsStore store, StoreWriter writer, Clock clock, LongSupplier nanoTime,
                                    MosSource mos) {
        this.store = store;
        this.writer = writer;
        this.clock = clock;
        this.nanoTime = nanoTime;
        this.mos = mos;
    }

    /**
     * Closes what a crash left open (waiting for the store: call it before anyone can join), then starts
     * the sampling and the heartbeats on the store's thread.
     *
     * @param heartbeat how often the live participations are written
     * @param mos       where each participant's MOS estimate is read when its quality is sampled
     */
    public static ParticipationStatistics start(ParleyStore parleyStore, Clock clock, Duration heartbeat, MosSource mos)
            throws StoreException {
        StatisticsStore store = parleyStore.statistics();
        int crashed = store.closeOpen(LeaveReason.CRASH.wireName());
        if (crashed > 0) {
            LOG.warn("Statistics: the server did not stop cleanly; closed the participations it left open ({}) at"
                    + " their last heartbeat, reason \"crash\"", crashed);
        }
        StoreWriter writer = parleyStore.writer();
        ParticipationStatistics statistics = new ParticipationStatistics(store, writer, clock, System::nanoTime, mos);
        Duration samplePeriod = heartbeat.compareTo(QUALITY_SAMPLE_PERIOD) < 0 ? heartbeat : QUALITY_SAMPLE_PERIOD;
        statistics.schedules.add(writer.every(samplePeriod, statistics::sampleQuality));
        statistics.schedules.add(writer.every(heartbeat, statistics::heartbeat));
        return statistics;
    }

    /**
     * Records the peak of every meeting's webcast audience from now on ({@link WebcastPeaks}: sampled every
     * 10 s on the store's thread) until {@link #close}.
     *
     * @param listeners a meeting's estimated webcast listeners now, null while its webcast is off
     */
    public synchronized void followWebcasts(MeetingRegistry meetings, Function<String, Integer> listeners) {
        if (closed) {
            return;
        }
        WebcastPeaks peaks = new WebcastPeaks(store, meetings, listeners);
        schedules.add(writer.every(WebcastPeaks.PERIOD, peaks::sample));
    }

    /**
     * Records a join and returns the participation's live statistics, which its session keeps up to date.
     * Called with the meeting locked: queues the row and returns at once.
     *
     * @param invitationId the invitation it joined with (its country and organisation are recorded), or null
     */
    public LiveParticipation joined(Participant participant, Role role, Access access, String invitationId) {
        LiveParticipation participation = new LiveParticipation(participant, nanoTime);
        store.joined(new StatisticsRecord(participant.id(), participant.meeting().id(), participant.meeting().title(),
                invitationId, role.wireName(), access.wireName(), null, null, clock.instant(), null, null, Map.of(),
                QualitySummary.NONE));
        live.put(participant.id(), participation);
        if (closed) {
            left(participant.id(), LeaveReason.SERVER_STOP); // joined while the server stops: it is leaving already
        }
        return participation;
    }

    /** Records the leave of a participant (once: later calls for it do nothing). */
    public void left(String participantId, LeaveReason reason) {
        LiveParticipation participation = live.remove(participantId);
        if (participation != null) {
            store.left(participation.finish(), clock.instant(), reason.wireName());
        }
    }

    /** How many participations are live. */
    public int liveCount() {
        return live.size();
    }

    /** On the store's thread. Never throws: a periodic task that throws is not run again. */
    private void sampleQuality() {
        for (LiveParticipation participation : live.values()) {
            try {
                participation.sample(mos);
            } catch (RuntimeException e) {
                LOG.warn("Cannot sample the link quality of {}: {}", participation.id(), e.toString());
            }
        }
    }

    /** Queues the heartbeat of every live participation (periodic, on the store's thread: written right after). */
    private void heartbeat() {
        try {
            store.heartbeat(clock.instant(), progress());
        } catch (RuntimeException e) {
            LOG.warn("Cannot record a statistics heartbeat: {}", e.toString());
        }
    }

    private List<ParticipationProgress> progress() {
        List<ParticipationProgress> progress = new ArrayList<>(live.size());
        for (LiveParticipation participation : live.values()) {
            progress.add(participation.progress());
        }
        return progress;
    }

    /**
     * The participations that joined in {@code [from, until)} visible in {@code scope}; the live ones with
     * what they accumulated until now (a heartbeat is written first).
     */
    public StatisticsRows joinedBetween(Instant from, Instant until, StatisticsScope scope) throws StoreException {
        store.heartbeatNow(clock.instant(), progress());
        return scope.restrict(store.joinedBetween(from, until));
    }

    /** The participations of one meeting visible in {@code scope}; the live ones up to now. */
    public StatisticsRows forMeeting(String meetingId, StatisticsScope scope) throws StoreException {
        store.heartbeatNow(clock.instant(), progress());
        return scope.restrict(store.forMeeting(meetingId));
    }

    /** The meetings recorded as {@code owner}'s, also after their deletion: an organiser's {@link StatisticsScope}. */
    public Set<String> meetingsOwnedBy(String owner) throws StoreException {
        return store.meetingsOwnedBy(owner);
    }

    /**
     * The server stops: every live participation is recorded as left with {@link LeaveReason#SERVER_STOP}
     * (queued before the store closes) and the sampling stops. Call it before the connections close, whose
     * leaves then find nothing left to record.
     */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        schedules.forEach(schedule -> schedule.cancel(false));
        for (String participantId : new ArrayList<>(live.keySet())) {
            left(participantId, LeaveReason.SERVER_STOP);
        }
    }
}
