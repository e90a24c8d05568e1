package org.parley.signaling.webcast;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.parley.mixer.tier.Tier;
import org.parley.signaling.config.WebcastConfig;
import org.parley.signaling.interpretation.InterpretationChannels;
import org.parley.signaling.interpretation.MeetingChannels;
import org.parley.signaling.meeting.Meeting;
import org.parley.signaling.meeting.MeetingRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HLS webcasts of the meetings that have {@link Meeting#webcast()} on. Once a second (and at
 * once on {@link #syncNow}) it follows every meeting: a webcast is created when a meeting turns it on,
 * taps the meeting's mixer while one runs (a meeting's mixer runs while someone is in it), gains and
 * loses renditions with the meeting's languages, and goes when the meeting turns it off or is removed.
 * Segments are in memory only (the live window); {@link #startArchive} also writes them to disk.
 *
 * <p>Threads: one maintenance thread of its own does every change; the HTTP route reads from event
 * loops; a second thread writes archives, never the mixer thread.
 */
public final class Webcasts implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Webcasts.class);
    /** Segments waiting for the archive writer; beyond it they are dropped and counted (a disk too slow). */
    private static final int ARCHIVE_QUEUE = 4096;

    private final WebcastConfig config;
    private final MeetingRegistry meetings;
    private final Optional<InterpretationChannels> interpretation;
    private final Tier tier;
    private final int preSkip;
    private final String run;
    private final Map<String, MeetingWebcast> webcasts = new ConcurrentHashMap<>();
    /** {@code parley_webcast_listeners{meeting}} of each webcast on; the maintenance thread only. */
    private final Map<String, Meter> listenerGauges = new ConcurrentHashMap<>();
    private final MeterRegistry registry;
    private final ScheduledExecutorService maintenance;
    private final ThreadPoolExecutor archiveWriter;
    private final AtomicLong archiveDrops = new AtomicLong();

    /**
     * @throws IllegalArgumentException if {@code webcast.tier} is not one of the mixer's tiers
     */
    public Webcasts(WebcastConfig config, MeetingRegistry meetings, Optional<InterpretationChannels> interpretation,
                    MeterRegistry registry) {
        this.config = config;
        this.meetings = meetings;
        this.interpretation = interpretation;
        this.registry = registry;
        this.tier = interpretation.map(all -> all.tiers().get(config.tier())).orElse(null);
        if (interpretation.isPresent() && tier == null) {
            throw new IllegalArgumentException("webcast.tier: no tier \"" + config.tier() + "\" in mixer.tiers");
        }
        this.preSkip = tier == null ? 0 : tier.encoderLookahead();
        byte[] random = new byte[6];
        new SecureRandom().nextBytes(random);
        this.run = Long.toString(System.currentTimeMillis(), 36) + java.util.HexFormat.of().formatHex(random);
        this.maintenance = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "parley-webcast");
            thread.setDaemon(true);
            return thread;
        });
        this.archiveWriter = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(ARCHIVE_QUEUE),
                runnable -> {
                    Thread thread = new Thread(runnable, "parley-webcast-archive");
                    thread.setDaemon(true);
                    return thread;
                }, (task, executor) -> archiveDrops.incrementAndGet());
        Gauge.builder("parley_webcast_meetings", webcasts, Map::size)
                .description("Meetings whose webcast is on").register(registry);
        Gauge.builder("parley_webcast_archive_dropped_writes", archiveDrops, AtomicLong::get)
                .description("Archive writes dropped because the disk fell behind").register(registry);
        if (interpretation.isPresent()) {
            maintenance.scheduleWithFixedDelay(this::syncAll, 0, 1, TimeUnit.SECONDS);
        }
    }

    /** Follows every meeting now, on the maintenance thread; completes when done. */
    public CompletableFuture<Void> syncNow() {
        return CompletableFuture.runAsync(this::syncAll, maintenance);
    }

    private void syncAll() {
        try {
            for (Meeting meeting : meetings.meetings()) {
                MeetingWebcast webcast = webcasts.get(meeting.id());
                if (!meeting.webcast() || meeting.ended()) {
                    if (webcast != null) {
                        webcast.detach();
                        webcast.stopArchive();
                        webcasts.remove(meeting.id());
                        removeListenerGauge(meeting.id());
                    }
                    continue;
                }
                if (webcast == null) {
                    webcast = new MeetingWebcast(meeting.id(), run, tier, preSkip, config.segmentSamples(),
                            config.windowSegments());
                    webcasts.put(meeting.id(), webcast);
                    addListenerGauge(meeting.id(), webcast);
                }
                MeetingChannels channels = interpretation.get().existing(meeting.id());
                webcast.sync(channels, meeting.languages());
            }
            for (String id : webcasts.keySet()) {
                if (meetings.meeting(id) == null) {
                    MeetingWebcast gone = webcasts.remove(id);
                    gone.detach();
                    gone.stopArchive();
                    removeListenerGauge(id);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Webcast maintenance failed; trying again in a second", e);
        }
    }

    /** Maintenance thread: the listener estimate of a webcast just turned on, read at scrape time. */
    private void addListenerGauge(String meetingId, MeetingWebcast webcast) {
        listenerGauges.put(meetingId, Gauge.builder("parley.webcast.listeners", webcast,
                        on -> on.listeners().count(System.nanoTime()))
                .tag("meeting", meetingId)
                .description("Estimated webcast listeners: distinct client addresses that fetched a media playlist"
                        + " in the last 30 s (behind a CDN: its addresses)").register(registry));
    }

    private void removeListenerGauge(String meetingId) {
        Meter gauge = listenerGauges.remove(meetingId);
        if (gauge != null) {
            registry.remove(gauge);
        }
    }

    /** The webcast of {@code meetingId} if it is on, else null. Any thread. */
    MeetingWebcast webcast(String meetingId) {
        return webcasts.get(meetingId);
    }

    /** The webcast's configuration. */
    public WebcastConfig config() {
        return config;
    }

    /**
     * Writes the webcast of {@code meetingId} (every rendition's segments from now on, EVENT playlists
     * and a multivariant {@code index.m3u8}) into {@code directory} until {@link #stopArchive}. Segments
     * are written on a thread of the webcast's, never the mixer's.
     *
     * @return false if the meeting has no webcast on
     */
    public boolean startArchive(String meetingId, Path directory) {
        try {
            return maintenance.submit(() -> {
                MeetingWebcast webcast = webcasts.get(meetingId);
                if (webcast == null) {
                    return false;
                }
                webcast.startArchive(new WebcastArchive(directory, config.segmentSeconds()), archiveWriter);
                return true;
            }).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot start the webcast archive of " + meetingId, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Stops the archive of {@code meetingId}: every playlist gets {@code EXT-X-ENDLIST} (a complete,
     * VOD presentation) once the segments before it are written; the returned future completes then.
     */
    public CompletableFuture<Boolean> stopArchive(String meetingId) {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        maintenance.execute(() -> {
            MeetingWebcast webcast = webcasts.get(meetingId);
            WebcastArchive stopped = webcast == null ? null : webcast.stopArchive();
            if (stopped == null) {
                done.complete(false);
                return;
            }
            try {
                archiveWriter.execute(() -> done.complete(!stopped.failed()));
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    /**
     * The estimated listeners of {@code meetingId}'s webcast (distinct client addresses that fetched a
     * media playlist in the last 30 s, see {@link WebcastListeners}); null when it has no webcast.
     */
    public Integer listeners(String meetingId) {
        MeetingWebcast webcast = webcasts.get(meetingId);
        return webcast == null ? null : webcast.listeners().count(System.nanoTime());
    }

    @Override
    public void close() {
        maintenance.shutdownNow();
        try {
            maintenance.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (MeetingWebcast webcast : webcasts.values()) {
            webcast.detach();
            webcast.stopArchive();
        }
        webcasts.clear();
        listenerGauges.values().forEach(registry::remove);
        listenerGauges.clear();
        archiveWriter.shutdown();
        try {
            archiveWriter.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
