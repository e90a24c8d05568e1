package org.parley.signaling.recording;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.parley.mixer.channel.Variant;
import org.parley.mixer.ogg.OggOpusFiles;
import org.parley.mixer.opus.OpusLibrary;
import org.parley.mixer.recording.ChannelRecorder;
import org.parley.mixer.recording.RecordedFile;
import org.parley.mixer.recording.RecordingWriter;
import org.parley.mixer.tier.Tier;
import org.parley.signaling.config.RecordingConfig;
import org.parley.signaling.files.PrivateFiles;
import org.parley.signaling.interpretation.ChannelKey;
import org.parley.signaling.interpretation.InterpretationChannels;
import org.parley.signaling.interpretation.MeetingChannels;
import org.parley.signaling.meeting.Meeting;
import org.parley.signaling.meeting.MeetingRegistry;
import org.parley.signaling.meeting.RecordingState;
import org.parley.signaling.store.ParleyStore;
import org.parley.signaling.store.RecordingRecord;
import org.parley.signaling.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's recordings: per meeting at most one running, which writes one Ogg Opus file per channel —
 * the floor and each language, variant {@code mixed}, in the configured tier — into
 * {@code <recording.directory>/<meeting>/<recording>/<language>.opus}. Each file's recorder
 * ({@link ChannelRecorder}) is a tap on its channel stream; one {@link RecordingWriter} thread writes them
 * all. Every change happens on one control thread of this class: starting and stopping, following the
 * meeting (a language added while recording gets a file from then on, a removed one's file is closed; when
 * the meeting's mixer stops because everyone left and starts again, the files go on), the retention sweep,
 * and at start completing recordings a crash interrupted. Metadata is written on the store's thread.
 *
 * <p>Meters (server totals, no per-meeting series: what goes wrong is the disk, which all recordings share):
 * {@code parley_recordings_active} (meetings being recorded), {@code parley_recording_written_bytes_total}
 * and {@code parley_recording_dropped_frames_total} (frames the files lost: the writer fell behind the
 * mixer, see {@link ChannelRecorder}).
 */
public final class MeetingRecordings implements AutoCloseable {

    /** The names a recording's files may have: {@code <language>.opus}. */
    public static final Pattern FILE_LANGUAGE = Pattern.compile("[a-z]{2,3}|" + ChannelKey.FLOOR);
    private static final Logger LOG = LoggerFactory.getLogger(MeetingRecordings.class);
    private static final long FOLLOW_MILLIS = 500;
    private static final Duration SWEEP_EVERY = Duration.ofHours(1);

    private final RecordingConfig config;
    private final MeetingRegistry meetings;
    private final Optional<InterpretationChannels> interpretation;
    private final ParleyStore store;
    private final Clock clock;
    private final SecureRandom random;
    private final RecordingWriter writer = new RecordingWriter(Duration.ofMillis(20));
    private final ScheduledExecutorService control = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("parley-recording-control").daemon().factory());
    /** By meeting id; changed on the control thread only, read from any. */
    private final Map<String, Active> active = new ConcurrentHashMap<>();
    private final List<RecordingListener> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    /**
     * Completes the recordings a crash left open (their files closed with EOS, their metadata read
     * from them), then follows the running ones and sweeps old ones ({@code recording.retentionDays}).
     *
     * @param interpretation the meetings' channels; without them (no media core) nothing can be recorded
     */
    public MeetingRecordings(RecordingConfig config, MeetingRegistry meetings,
                             Optional<InterpretationChannels> interpretation, ParleyStore store, Clock clock,
                             SecureRandom random, MeterRegistry registry) {
        this.config = config;
        this.meetings = meetings;
        this.interpretation = interpretation;
        this.store = store;
        this.clock = clock;
        this.random = random;
        Gauge.builder("parley.recordings.active", active, Map::size)
                .description("Meetings being recorded").register(registry);
        FunctionCounter.builder("parley.recording.written", writer, RecordingWriter::bytesWritten).baseUnit("bytes")
                .description("Bytes written to recording files").register(registry);
        FunctionCounter.builder("parley.recording.dropped.frames", writer, RecordingWriter::droppedFrames)
                .description("Frames missing from recording files: the writer fell behind the mixer (a slow disk),"
                        + " or frames out of order").register(registry);
        control.execute(this::completeInterrupted);
        control.scheduleWithFixedDelay(this::followAll, FOLLOW_MILLIS, FOLLOW_MILLIS, TimeUnit.MILLISECONDS);
        if (config.retentionDays() > 0) {
            control.scheduleWithFixedDelay(this::sweep, 0, SWEEP_EVERY.toSeconds(), TimeUnit.SECONDS);
        }
    }

    /** {@code listener} is told of every recording that starts or stops from now on. */
    public void addListener(RecordingListener listener) {
        listeners.add(listener);
    }

    /** The directory of a stored recording's files. */
    public static Path file(RecordingRecord recording, String language) {
        return Path.of(recording.directory()).resolve(language + ".opus");
    }

    /**
     * Starts recording the meeting {@code meetingId}.
     *
     * @param startedBy who starts it, for the record (e.g. {@code chair "Ana"})
     * @return completed with the state everyone is told, or with a {@link RecordingRefusal}
     */
    public CompletableFuture<RecordingState> start(String meetingId, String startedBy) {
        return onControlThread(() -> begin(meetingId, startedBy));
    }

    /**
     * Stops the meeting's recording.
     *
     * @return completed once its files are closed and their metadata stored, or with a {@link RecordingRefusal}
     */
    public CompletableFuture<RecordingRecord> stop(String meetingId) {
        return onControlThread(() -> end(meetingId)).thenCompose(done -> done);
    }

    /** The files of the meeting's running recording so far, if {@code recordingId} is it (else empty). */
    public List<RecordingRecord.File> liveFiles(String meetingId, String recordingId) {
        Active running = active.get(meetingId);
        if (running == null || !running.id.equals(recordingId)) {
            return List.of();
        }
        List<RecordingRecord.File> files = new ArrayList<>();
        for (ChannelRecorder recorder : running.recordersSnapshot) {
            long bytes;
            try {
                bytes = Files.size(recorder.file());
            } catch (IOException e) {
                bytes = 0; // not created yet
            }
            files.add(new RecordingRecord.File(recorder.language(), running.startedAt, null, -1, bytes));
        }
        return files;
    }

    private interface ControlWork<T> {
        T run() throws RecordingRefusal;
    }

    private <T> CompletableFuture<T> onControlThread(ControlWork<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            control.execute(() -> {
                try {
                    result.complete(work.run());
                } catch (RecordingRefusal | RuntimeException e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new RecordingRefusal(RecordingRefusal.Reason.UNAVAILABLE,
                    "the server is shutting down"));
        }
        return result;
    }

    private RecordingState begin(String meetingId, String startedBy) throws RecordingRefusal {
        Meeting meeting = meetings.meeting(meetingId);
        if (meeting == null) {
            throw new RecordingRefusal(RecordingRefusal.Reason.UNAVAILABLE, "no meeting \"" + meetingId + "\"");
        }
        if (closed || interpretation.isEmpty()) {
            throw new RecordingRefusal(RecordingRefusal.Reason.UNAVAILABLE,
                    "this server cannot record: it runs without a media core or is shutting down");
        }
        if (active.containsKey(meetingId)) {
            throw new RecordingRefusal(RecordingRefusal.Reason.CONFLICT,
                    "meeting \"" + meetingId + "\" is being recorded already");
        }
        if (meeting.ended()) {
            throw new RecordingRefusal(RecordingRefusal.Reason.MEETING_ENDED, "meeting \"" + meetingId + "\" has ended");
        }
        MeetingChannels channels;
        try {
            channels = interpretation.get().of(meeting);
        } catch (IllegalStateException e) {
            throw new RecordingRefusal(RecordingRefusal.Reason.UNAVAILABLE, "the mixer is shutting down");
        }
        Tier tier = channels.tiers().get(config.tier());
        if (tier == null) {
            throw new RecordingRefusal(RecordingRefusal.Reason.UNAVAILABLE, "the mixer has no tier \"" + config.tier()
                    + "\" (recording.tier)");
        }
        Instant startedAt = clock.instant();
        String id = "r-" + startedAt.truncatedTo(ChronoUnit.SECONDS).toString().replaceAll("[-:]", "")
                + "-" + HexFormat.of().formatHex(randomBytes());
        Path directory = config.directory().toAbsolutePath().resolve(meetingId).resolve(id);
        try {
            PrivateFiles.directory(config.directory().toAbsolutePath());
            PrivateFiles.directory(directory.getParent());
            PrivateFiles.directory(directory);
        } catch (IOException e) {
            throw new RecordingRefusal(RecordingRefusal.Reason.FAILED, "cannot create " + directory + ": " + e);
        }
        Active recording = new Active(meeting, id, directory, startedAt, tier, tier.encoderLookahead());
        recording.channels = channels;
        active.put(meetingId, recording);
        follow(recording);
        RecordingState state = new RecordingState(id, startedAt);
        meeting.setRecording(state);
        // Ending the meeting (operator, API, deletion) stops its recording.
        meeting.whenEnded(() -> onControlThread(() -> {
            stopQuietly(meetingId, id);
            return null;
        }));
        RecordingRecord record = new RecordingRecord(id, meetingId, directory.toString(), startedAt, null, startedBy,
                List.of());
        store.writer().submit("store recording " + id, () -> {
            store.recordings().started(record);
            return null;
        }).whenComplete((ignored, failure) -> {
            if (failure != null) {
                LOG.warn("Recording {} of meeting {} runs, but its metadata could not be stored: {}", id, meetingId,
                        failure.toString());
            }
        });
        LOG.info("Recording {} of meeting {} started by {} in {}", id, meetingId, startedBy, directory);
        for (RecordingListener listener : listeners) {
            listener.recordingStarted(meetingId, id, directory);
        }
        return state;
    }

    private byte[] randomBytes() {
        byte[] bytes = new byte[4];
        random.nextBytes(bytes);
        return bytes;
    }

    private void stopQuietly(String meetingId, String recordingId) {
        Active running = active.get(meetingId);
        if (running != null && running.id.equals(recordingId)) {
            try {
                end(meetingId);
            } catch (RecordingRefusal e) {
                // stopped meanwhile
            }
        }
    }

    private CompletableFuture<RecordingRecord> end(String meetingId) throws RecordingRefusal {
        Active recording = active.remove(meetingId);
        if (recording == null) {
            throw new RecordingRefusal(RecordingRefusal.Reason.CONFLICT, "meeting \"" + meetingId + "\" is not being recorded");
        }
        for (Map.Entry<String, ChannelRecorder> entry : recording.recorders.entrySet()) {
            if (recording.channels != null) {
                recording.channels.removeTap(recording.key(entry.getKey()), entry.getValue());
            }
            entry.getValue().stop();
            recording.closed.add(entry.getValue());
        }
        recording.recorders.clear();
        recording.meeting.setRecording(null);
        // A recording started by the API in an empty meeting started its mixer: nobody needs it any more.
        interpretation.ifPresent(all -> all.releaseIfEmpty(recording.meeting));
        Instant stoppedAt = clock.instant();
        List<CompletableFuture<RecordedFile>> files = recording.closed.stream().map(ChannelRecorder::finished).toList();
        return CompletableFuture.allOf(files.toArray(CompletableFuture[]::new))
                .thenCompose(ignored -> store.writer().submit("complete recording " + recording.id, () -> {
                    List<RecordingRecord.File> stored = files.stream().map(CompletableFuture::join)
                            .map(MeetingRecordings::fileRecord).toList();
                    store.recordings().stopped(recording.id, stoppedAt, stored);
                    return store.recordings().get(recording.id);
                }))
                .whenComplete((record, failure) -> {
                    if (failure != null) {
                        LOG.warn("Recording {} of meeting {} stopped, but its metadata could not be stored: {}",
                                recording.id, meetingId, failure.toString());
                    }
                    LOG.info("Recording {} of meeting {} stopped", recording.id, meetingId);
                    for (RecordingListener listener : listeners) {
                        listener.recordingStopped(meetingId, recording.id);
                    }
                });
    }

    private static RecordingRecord.File fileRecord(RecordedFile file) {
        return new RecordingRecord.File(file.language(), file.startedAt(), file.endedAt(), file.durationMillis(),
                file.bytes());
    }

    private void followAll() {
        for (Active recording : active.values()) {
            try {
                follow(recording);
            } catch (RuntimeException e) {
                LOG.warn("Following recording {} failed", recording.id, e);
            }
        }
    }

    /**
     * Control thread: taps the meeting's mixer again if it was started anew (everyone had left), gives a
     * language the meeting gained a file, closes the file of one it lost.
     */
    private void follow(Active recording) {
        MeetingChannels now = interpretation.orElseThrow().existing(recording.meeting.id());
        if (now != recording.channels) {
            recording.channels = now;
            if (now != null) {
                for (Map.Entry<String, ChannelRecorder> entry : recording.recorders.entrySet()) {
                    entry.getValue().newTimeline();
                    now.addTap(recording.key(entry.getKey()), entry.getValue());
                }
            }
        }
        List<String> wanted = new ArrayList<>(recording.meeting.languages());
        wanted.add(ChannelKey.FLOOR);
        for (String language : List.copyOf(recording.recorders.keySet())) {
            if (!wanted.contains(language)) {
                ChannelRecorder gone = recording.recorders.remove(language);
                gone.stop(); // its streams left the mixer with the language
                recording.closed.add(gone);
            }
        }
        if (recording.channels != null) {
            for (String language : wanted) {
                // A language removed and added again keeps the file it had: one file per language and recording.
                if (!recording.recorders.containsKey(language) && !recording.hadFile(language)
                        && FILE_LANGUAGE.matcher(language).matches()) {
                    addRecorder(recording, language);
                }
            }
        }
        recording.recordersSnapshot = List.copyOf(recording.recorders.values());
    }

    private void addRecorder(Active recording, String language) {
        List<String> comments = new ArrayList<>();
        if (!ChannelKey.FLOOR.equals(language)) {
            comments.add("LANGUAGE=" + language);
        }
        comments.add("CHANNEL=" + language);
        comments.add("TITLE=" + truncate(recording.meeting.title(), 200));
        comments.add("MEETING=" + recording.meeting.id());
        comments.add("DATE=" + recording.startedAt);
        comments.add("ENCODER=Parley");
        ChannelRecorder recorder = new ChannelRecorder(language, recording.directory.resolve(language + ".opus"),
                recording.preSkip, OpusLibrary.get().version(), comments, clock, ChannelRecorder.DEFAULT_SLOTS);
        if (recording.channels.addTap(recording.key(language), recorder)) {
            writer.add(recorder);
            recording.recorders.put(language, recorder);
        }
    }

    private static String truncate(String text, int length) {
        return text.length() <= length ? text : text.substring(0, length);
    }

    /** Control thread, at start: recordings without an end were cut by a crash; their files are closed now. */
    private void completeInterrupted() {
        List<RecordingRecord> unfinished;
        try {
            unfinished = store.writer().submit("list the unfinished recordings", () -> store.recordings().unfinished())
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("Cannot list the recordings a crash interrupted: {}", e.toString());
            return;
        }
        for (RecordingRecord recording : unfinished) {
            List<RecordingRecord.File> files = new ArrayList<>();
            Instant stoppedAt = recording.startedAt();
            try (Stream<Path> listing = Files.list(Path.of(recording.directory()))) {
                for (Path file : listing.sorted().toList()) {
                    String name = file.getFileName().toString();
                    if (!name.endsWith(".opus") || !FILE_LANGUAGE.matcher(name.substring(0, name.length() - 5)).matches()) {
                        continue;
                    }
                    OggOpusFiles.Inspection repaired = OggOpusFiles.repair(file);
                    Instant modified = Files.getLastModifiedTime(file).toInstant();
                    stoppedAt = modified.isAfter(stoppedAt) ? modified : stoppedAt;
                    files.add(new RecordingRecord.File(name.substring(0, name.length() - 5), recording.startedAt(),
                            modified, repaired.playableSamples() / 48, Files.size(file)));
                }
            } catch (IOException e) {
                LOG.warn("Recording {}: cannot read its files in {}: {}", recording.id(), recording.directory(),
                        e.toString());
            }
            Instant end = stoppedAt;
            store.writer().submit("complete interrupted recording " + recording.id(), () -> {
                store.recordings().stopped(recording.id(), end, files);
                return null;
            });
            LOG.info("Recording {} of meeting {} was interrupted (the server stopped without closing it); its {} files"
                    + " are closed", recording.id(), recording.meetingId(), files.size());
        }
    }

    /** Control thread: deletes the recordings older than {@code recording.retentionDays}, files first. */
    private void sweep() {
        Instant before = clock.instant().minus(Duration.ofDays(config.retentionDays()));
        List<RecordingRecord> old;
        try {
            old = store.writer().submit("list the recordings to delete", () -> store.recordings().stoppedBefore(before))
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("Retention sweep: cannot list the recordings: {}", e.toString());
            return;
        }
        for (RecordingRecord recording : old) {
            try {
                deleteDirectory(Path.of(recording.directory()));
                store.writer().submit("delete recording " + recording.id(),
                        () -> store.recordings().delete(recording.id())).get(30, TimeUnit.SECONDS);
                LOG.info("Recording {} of meeting {} deleted: older than {} days", recording.id(), recording.meetingId(),
                        config.retentionDays());
            } catch (Exception e) {
                LOG.warn("Retention sweep: cannot delete recording {}: {}", recording.id(), e.toString());
            }
        }
    }

    private static void deleteDirectory(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** Runs the retention sweep now (tests). */
    CompletableFuture<Void> sweepNow() {
        return onControlThread(() -> {
            sweep();
            return null;
        });
    }

    /**
     * Stops every running recording, closing each file with EOS and storing its metadata (a few seconds at
     * most), then the writer and control threads. Call before the mixer and the store close.
     */
    @Override
    public void close() {
        closed = true;
        List<CompletableFuture<RecordingRecord>> stopping = new ArrayList<>();
        for (String meetingId : List.copyOf(active.keySet())) {
            stopping.add(stop(meetingId));
        }
        try {
            CompletableFuture.allOf(stopping.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("Recordings not all closed at shutdown: {}", e.toString());
        }
        writer.close();
        control.shutdownNow();
    }

    /** A running recording; its fields change on the control thread only. */
    private static final class Active {
        final Meeting meeting;
        final String id;
        final Path directory;
        final Instant startedAt;
        final Tier tier;
        final int preSkip;
        final Map<String, ChannelRecorder> recorders = new LinkedHashMap<>();
        /** Recorders stopped while the recording runs (languages removed), and all of them once it stops. */
        final List<ChannelRecorder> closed = new ArrayList<>();
        /** The meeting's mixer now, or null while it is not running. */
        MeetingChannels channels;
        volatile List<ChannelRecorder> recordersSnapshot = List.of();

        Active(Meeting meeting, String id, Path directory, Instant startedAt, Tier tier, int preSkip) {
            this.meeting = meeting;
            this.id = id;
            this.directory = directory;
            this.startedAt = startedAt;
            this.tier = tier;
            this.preSkip = preSkip;
        }

        ChannelKey key(String language) {
            return new ChannelKey(language, Variant.MIXED, tier);
        }

        boolean hadFile(String language) {
            return closed.stream().anyMatch(recorder -> recorder.language().equals(language));
        }
    }
}
