package org.parley.signaling.dashboard;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.parley.media.quality.QualityScore;
import org.parley.media.transport.TransportQuality;
import org.parley.signaling.interpretation.ChannelKey;
import org.parley.signaling.interpretation.InterpretationChannels;
import org.parley.signaling.interpretation.MeetingChannels;
import org.parley.signaling.meeting.Meeting;
import org.parley.signaling.meeting.MeetingRegistry;
import org.parley.signaling.meeting.Participant;
import org.parley.signaling.meeting.ParticipantMedia;
import org.parley.signaling.meeting.RecordingState;
import org.parley.signaling.metrics.MixerMeters;
import org.parley.signaling.protocol.LinkGrade;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.parley.signaling.meeting.TransportKind;
import org.parley.signaling.turn.TurnRelays;

/**
 * The operators' view of the server, sampled once a second whether anyone watches or not, so that a
 * dashboard opened late still draws the last ten minutes: each tick reads every meeting (participants'
 * RTCP figures, grade and media path, booths and the silence of live microphones, channel audiences,
 * mixer load, recording, webcast audience), appends each participant's figures to its {@link QualityHistory}, raises
 * {@link DashboardAlert}s, and hands the resulting {@link DashboardFrame} to the views.
 *
 * <p>Memory is bounded: a history per participant present (9.6 KB), dropped when it leaves; the newest
 * {@value DashboardAlerts#KEPT} alerts; the latest frame. The sampling itself reads what the media and
 * mixer threads publish (volatile fields, counters) and takes no lock a media thread waits on.
 *
 * <p>Threads: {@link #sample} runs on the feed's executor only (a signaling event loop); views read
 * {@link #latest}, {@link #history} and {@link #alertsAfter} from theirs.
 */
public final class DashboardFeed implements AutoCloseable {

    /** Seconds a live microphone may carry no sound before the booth is flagged silent. */
    public static final int SILENT_BOOTH_SECONDS = 15;
    /** A participant whose link stays poor is alerted about again at most this often. */
    static final long LINK_ALERT_REPEAT_SECONDS = 60;
    /** A mixer that keeps overrunning is alerted about again at most this often. */
    static final long OVERRUN_ALERT_REPEAT_SECONDS = 60;

    private static final Logger LOG = LoggerFactory.getLogger(DashboardFeed.class);

    private final MeetingRegistry meetings;
    private final Optional<InterpretationChannels> interpretation;
    private final BoothSnapshots booths;
    private final TurnRelays turnRelays;
    private final ScheduledExecutorService executor;
    private final Clock clock;
    private final int silentBoothSeconds;
    private final Function<String, Integer> webcastListeners;
    private final Map<String, QualityHistory> histories = new ConcurrentHashMap<>();
    private final DashboardAlerts alerts = new DashboardAlerts();
    private final List<Consumer<DashboardFrame>> views = new CopyOnWriteArrayList<>();
    private volatile DashboardFrame latest;
    private ScheduledFuture<?> sampling;

    // The feed's thread only.
    private long tick = -1;
    private final BoothSilence silence = new BoothSilence();
    private final Map<String, LinkWatch> links = new HashMap<>();
    private final Map<String, MixerWatch> mixers = new HashMap<>();

    /** A participant's grade at the last tick and when it was last alerted about. */
    private static final class LinkWatch {
        LinkGrade grade = LinkGrade.UNKNOWN;
        long alertedTick = Long.MIN_VALUE / 2;
    }

    /** A meeting mixer's reading at the last tick and its last overrun alert. */
    private static final class MixerWatch {
        MeetingChannels mixer;
        MixerMeters.TickReading reading;
        long alertedTick = Long.MIN_VALUE / 2;
        long overrunsAlerted;
    }

    /**
     * @param booths             the meetings' booths (the booth desks)
     * @param turnRelays         the TURN servers' addresses, to tell relayed media
     * @param executor           where the feed samples: one thread of it at a time
     * @param silentBoothSeconds how long a live microphone may be silent before its booth is flagged
     */
    public DashboardFeed(MeetingRegistry meetings, Optional<InterpretationChannels> interpretation,
                         BoothSnapshots booths, TurnRelays turnRelays, ScheduledExecutorService executor, Clock clock,
                         int silentBoothSeconds) {
        this(meetings, interpretation, booths, turnRelays, executor, clock, silentBoothSeconds, meetingId -> null);
    }

    /**
     * @param webcastListeners a meeting's estimated webcast listeners now, null while its webcast is off
     *                         (read once a second on the feed's thread: it must not block)
     */
    public DashboardFeed(MeetingRegistry meetings, Optional<InterpretationChannels> interpretation,
                         BoothSnapshots booths, TurnRelays turnRelays, ScheduledExecutorService executor, Clock clock,
                         int silentBoothSeconds, Function<String, Integer> webcastListeners) {
        this.webcastListeners = webcastListeners;
        this.meetings = meetings;
        this.interpretation = interpretation;
        this.booths = booths;
        this.turnRelays = turnRelays;
        this.executor = executor;
        this.clock = clock;
        this.silentBoothSeconds = silentBoothSeconds;
    }

    /** Starts sampling: now, then once a second. */
    public synchronized void start() {
        if (sampling == null) {
            sampling = executor.scheduleAtFixedRate(this::sampleSafely, 0, 1, TimeUnit.SECONDS);
        }
    }

    /** Stops sampling; views get no more frames. */
    @Override
    public synchronized void close() {
        if (sampling != null) {
            sampling.cancel(false);
            sampling = null;
        }
        views.clear();
    }

    /**
     * Tells {@code view} of every frame from now on, on the feed's thread (it must only hand the frame
     * over); returns what stops it.
     */
    public Runnable subscribe(Consumer<DashboardFrame> view) {
        views.add(view);
        return () -> views.remove(view);
    }

    /** The newest frame, or null before the first tick. Any thread. */
    public DashboardFrame latest() {
        return latest;
    }

    /** The history of participant {@code participantId}, or null if it is not (or no longer) in a meeting. */
    public QualityHistory history(String participantId) {
        return histories.get(participantId);
    }

    /** The alerts kept that were raised after alert {@code afterSequence}, up to {@code frame}'s, oldest first. */
    public List<DashboardAlert> alertsAfter(long afterSequence, DashboardFrame frame) {
        return alerts.between(afterSequence, frame.alertSequence());
    }

    /** The silent-booth threshold, seconds. */
    public int silentBoothSeconds() {
        return silentBoothSeconds;
    }

    private void sampleSafely() {
        try {
            sample();
        } catch (RuntimeException e) {
            // A periodic task that throws is never run again: one bad tick must not end the dashboard.
            LOG.warn("Dashboard sample failed; the next one comes in a second", e);
        }
    }

    /** One tick: samples every meeting, then tells the views. The feed's thread only (tests call it directly). */
    public void sample() {
        tick++;
        long now = clock.millis() / 1000;
        List<MeetingSnapshot> snapshots = new ArrayList<>();
        Set<String> present = new HashSet<>();
        Set<String> liveBooths = new HashSet<>();
        Set<String> meetingIds = new HashSet<>();
        for (Meeting meeting : meetings.meetings()) {
            if (meeting.ended()) {
                continue;
            }
            meetingIds.add(meeting.id());
            MeetingChannels mixer = interpretation.map(all -> all.existing(meeting.id())).orElse(null);
            List<ParticipantSnapshot> participants = new ArrayList<>();
            for (Participant participant : meeting.participants()) {
                participants.add(participant(meeting, participant, now));
                present.add(participant.id());
            }
            RecordingState recording = meeting.recording();
            snapshots.add(new MeetingSnapshot(meeting.id(), meeting.title(), meeting.languages(), participants,
                    meeting.observerCount(), booths(meeting, mixer, liveBooths, now), audiences(meeting, mixer),
                    mixer(meeting, mixer, now), recording == null ? null : recording.startedAt(),
                    meeting.webcast() ? webcastListeners.apply(meeting.id()) : null));
        }
        histories.keySet().retainAll(present);
        links.keySet().retainAll(present);
        mixers.keySet().retainAll(meetingIds);
        silence.retain(liveBooths);
        DashboardFrame frame = new DashboardFrame(tick, now, snapshots, alerts.sequence());
        latest = frame;
        for (Consumer<DashboardFrame> view : views) {
            try {
                view.accept(frame);
            } catch (RejectedExecutionException e) {
                // The view's connection is shutting down with the server.
            }
        }
    }

    private ParticipantSnapshot participant(Meeting meeting, Participant participant, long now) {
        ParticipantMedia media = participant.media();
        TransportQuality quality = media.quality();
        QualityScore score = media.score();
        LinkGrade grade = LinkGrade.of(score);
        histories.computeIfAbsent(participant.id(), id -> new QualityHistory()).record(tick,
                figure(quality.worstLossPercent()), figure(quality.worstJitterMillis()), figure(quality.rttMillis()),
                score.isKnown() ? (float) score.mos() : Float.NaN);
        LinkWatch link = links.computeIfAbsent(participant.id(), id -> new LinkWatch());
        if (grade == LinkGrade.POOR && link.grade != LinkGrade.POOR && tick - link.alertedTick >= LINK_ALERT_REPEAT_SECONDS) {
            link.alertedTick = tick;
            alerts.raise(now, meeting.id(), DashboardAlert.Kind.LINK_POOR, participant.id(), participant.name(), null,
                    Math.max(0, quality.worstLossPercent()));
        }
        link.grade = grade;
        return new ParticipantSnapshot(participant.id(), participant.name(), participant.role(), participant.booth(),
                TransportKind.of(media.route(), turnRelays), media.listening(), quality, grade, score);
    }

    /** An RTCP figure for the history: NaN while unknown (negative). */
    private static float figure(double value) {
        return value < 0 ? Float.NaN : (float) value;
    }

    private List<BoothStatus> booths(Meeting meeting, MeetingChannels mixer, Set<String> liveBooths, long now) {
        List<BoothStatus> statuses = new ArrayList<>();
        for (BoothSnapshot booth : booths.booths(meeting.id())) {
            long silentMillis = booth.liveMicrophone() == null || mixer == null ? -1 : mixer.silentMillis(booth.language());
            if (silentMillis < 0) {
                statuses.add(new BoothStatus(booth, -1, false));
                continue;
            }
            String key = meeting.id() + "/" + booth.language();
            liveBooths.add(key);
            long silentSeconds = silentMillis / 1000;
            boolean silent = silentSeconds >= silentBoothSeconds;
            if (silence.firstAlert(key, silent)) {
                alerts.raise(now, meeting.id(), DashboardAlert.Kind.BOOTH_SILENT, booth.live().participantId(),
                        booth.live().name(), booth.language(), silentSeconds);
            }
            statuses.add(new BoothStatus(booth, silentSeconds, silent));
        }
        return statuses;
    }

    private static List<ChannelAudience> audiences(Meeting meeting, MeetingChannels mixer) {
        List<ChannelAudience> audiences = new ArrayList<>();
        audiences.add(new ChannelAudience(ChannelKey.FLOOR, mixer == null ? 0 : mixer.listeners(ChannelKey.FLOOR)));
        for (String language : meeting.languages()) {
            audiences.add(new ChannelAudience(language, mixer == null ? 0 : mixer.listeners(language)));
        }
        return audiences;
    }

    private MixerSnapshot mixer(Meeting meeting, MeetingChannels mixer, long now) {
        if (mixer == null) {
            mixers.remove(meeting.id());
            return null;
        }
        MixerMeters.TickReading reading = mixer.tickReading();
        MixerWatch watch = mixers.computeIfAbsent(meeting.id(), id -> new MixerWatch());
        if (watch.mixer != mixer) {
            // A new mixer for the meeting (it emptied and filled again): its counters start from zero.
            watch.mixer = mixer;
            watch.reading = new MixerMeters.TickReading(0, 0, 0, 0);
            watch.overrunsAlerted = 0;
        }
        MixerMeters.TickReading before = watch.reading;
        watch.reading = reading;
        long ticks = reading.ticks() - before.ticks();
        double meanMillis = ticks <= 0 ? Double.NaN : (reading.totalNanos() - before.totalNanos()) / ticks / 1e6;
        long overrunsLastSecond = reading.overruns() - before.overruns();
        if (reading.overruns() > watch.overrunsAlerted && tick - watch.alertedTick >= OVERRUN_ALERT_REPEAT_SECONDS) {
            alerts.raise(now, meeting.id(), DashboardAlert.Kind.MIXER_OVERRUNS, null, null, null,
                    reading.overruns() - watch.overrunsAlerted);
            watch.alertedTick = tick;
            watch.overrunsAlerted = reading.overruns();
        }
        return new MixerSnapshot(mixer.frameNanos() / 1e6, meanMillis, reading.maxNanos() / 1e6, reading.overruns(),
                overrunsLastSecond);
    }
}
