package org.parley.signaling.provisioning;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.parley.signaling.meeting.RecordingState;
import org.parley.signaling.recording.MeetingRecordings;
import org.parley.signaling.recording.RecordingRefusal;
import org.parley.signaling.store.RecordingRecord;
import org.parley.signaling.store.RecordingStore;
import org.parley.signaling.store.StoreException;
import org.parley.signaling.store.StoredMeeting;

/**
 * The recordings' endpoints (API.md, "Recordings"): {@code /api/meetings/{id}/recording} starts
 * ({@code POST}), stops ({@code DELETE}) and reads ({@code GET}) the meeting's recording, for those who run
 * the meeting; {@code /api/meetings/{id}/recordings} lists its recordings, and
 * {@code …/recordings/{recordingId}/{language}.opus} downloads one file ({@code audio/ogg}, with ranges),
 * for those who see it. Runs on the store's thread like the rest of the API; start and stop are answered
 * once the recording's control thread has done them.
 */
final class RecordingsApi {

    static final String MEDIA_TYPE = "audio/ogg";
    private static final String RECORDING = "recording";
    private static final String RECORDINGS = "recordings";
    /** {@code bytes=first-last}, {@code bytes=first-} or {@code bytes=-suffix}: one range (RFC 9110 §14.1.2). */
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    private final MeetingProvisioning provisioning;
    private final RecordingStore store;
    private final MeetingRecordings recordings;

    RecordingsApi(MeetingProvisioning provisioning, RecordingStore store, MeetingRecordings recordings) {
        this.provisioning = provisioning;
        this.store = store;
        this.recordings = recordings;
    }

    /** Whether {@code /api/meetings/{id}/<collection>…} is one of these endpoints. */
    static boolean handles(String collection) {
        return collection.equals(RECORDING) || collection.equals(RECORDINGS);
    }

    /** {@code path}: {@code meetings}, the meeting id, {@code recording} or {@code recordings}, and more. */
    CompletableFuture<ApiAnswer> answer(Caller caller, FullHttpRequest request, List<String> path)
            throws ApiException, StoreException {
        String meetingId = path.get(1);
        HttpMethod method = request.method();
        if (path.get(2).equals(RECORDING) && path.size() == 3) {
            if (HttpMethod.GET.equals(method)) {
                provisioning.get(caller, meetingId);
                return done(ApiAnswer.ok(state(provisioning.recording(meetingId))));
            }
            if (HttpMethod.POST.equals(method)) {
                StoredMeeting meeting = provisioning.run(caller, meetingId);
                if (meeting.ended()) {
                    throw ApiException.conflict("meeting \"" + meetingId + "\" has ended at " + meeting.endedAt());
                }
                return recordings.start(meetingId, "API: " + caller.describe()).handle((state, failure) ->
                        failure == null ? ApiAnswer.created(state(state), ProvisioningApiHandler.PREFIX + "meetings/"
                                + meetingId + "/recordings/" + state.recordingId()) : refused(failure));
            }
            ProvisioningApiHandler.allow(method, "GET, POST, DELETE", HttpMethod.DELETE);
            provisioning.run(caller, meetingId);
            return recordings.stop(meetingId).handle((record, failure) ->
                    failure == null ? ApiAnswer.ok(recording(record, List.of())) : refused(failure));
        }
        if (!path.get(2).equals(RECORDINGS) || path.size() > 5) {
            throw ApiException.notFound("no API resource " + String.join("/", path));
        }
        ProvisioningApiHandler.allow(method, "GET", HttpMethod.GET);
        provisioning.get(caller, meetingId);
        if (path.size() == 3) {
            ArrayNode list = JsonNodeFactory.instance.arrayNode();
            for (RecordingRecord record : store.forMeeting(meetingId)) {
                list.add(recording(record, recordings.liveFiles(meetingId, record.id())));
            }
            return done(ApiAnswer.ok(list));
        }
        RecordingRecord record = store.get(path.get(3));
        if (record == null || !record.meetingId().equals(meetingId)) {
            throw ApiException.notFound("no recording \"" + path.get(3) + "\" of meeting \"" + meetingId + "\"");
        }
        if (path.size() == 4) {
            return done(ApiAnswer.ok(recording(record, recordings.liveFiles(meetingId, record.id()))));
        }
        return done(download(request, record, path.get(4)));
    }

    private static CompletableFuture<ApiAnswer> done(ApiAnswer answer) {
        return CompletableFuture.completedFuture(answer);
    }

    private static ApiAnswer refused(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause()
                : failure;
        if (!(cause instanceof RecordingRefusal refusal)) {
            throw failure instanceof CompletionException wrapped ? wrapped : new CompletionException(cause);
        }
        ApiError error = switch (refusal.reason()) {
            case CONFLICT, MEETING_ENDED -> ApiError.CONFLICT;
            case UNAVAILABLE -> ApiError.UNAVAILABLE;
            case FAILED -> ApiError.INTERNAL;
        };
        return ApiAnswer.refused(error, refusal.getMessage());
    }

    /** {@code {"active": …, "recordingId", "startedAt"}}: the meeting's recording now. */
    private static ObjectNode state(RecordingState state) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("active", state != null);
        if (state != null) {
            json.put("recordingId", state.recordingId());
            json.put("startedAt", state.startedAt().toString());
        }
        return json;
    }

    /** A recording with its files; {@code live}: those of a running recording, not stored yet. */
    private static ObjectNode recording(RecordingRecord record, List<RecordingRecord.File> live) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("id", record.id());
        json.put("meeting", record.meetingId());
        json.put("startedAt", record.startedAt().toString());
        putTime(json, "stoppedAt", record.stoppedAt());
        json.put("active", record.stoppedAt() == null && !live.isEmpty());
        json.put("startedBy", record.startedBy());
        ArrayNode files = json.putArray("files");
        for (RecordingRecord.File file : record.files().isEmpty() ? live : record.files()) {
            ObjectNode entry = files.addObject();
            entry.put("language", file.language());
            entry.put("startedAt", file.startedAt().toString());
            putTime(entry, "endedAt", file.endedAt());
            if (file.durationMillis() >= 0) {
                entry.put("durationMillis", file.durationMillis());
            } else {
                entry.putNull("durationMillis");
            }
            entry.put("bytes", file.bytes());
            entry.put("url", ProvisioningApiHandler.PREFIX + "meetings/" + record.meetingId() + "/recordings/"
                    + record.id() + "/" + file.language() + ".opus");
        }
        return json;
    }

    private static void putTime(ObjectNode json, String field, Instant time) {
        if (time == null) {
            json.putNull(field);
        } else {
            json.put(field, time.toString());
        }
    }

    /** {@code <language>.opus} of the recording, whole or the one range asked for. */
    private static ApiAnswer download(FullHttpRequest request, RecordingRecord record, String fileName)
            throws ApiException {
        String language = fileName.endsWith(".opus") ? fileName.substring(0, fileName.length() - 5) : "";
        if (!MeetingRecordings.FILE_LANGUAGE.matcher(language).matches()) {
            throw ApiException.notFound("no file \"" + fileName + "\" in recording \"" + record.id()
                    + "\"; files are <language>.opus");
        }
        Path file = MeetingRecordings.file(record, language);
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw ApiException.notFound("no file \"" + fileName + "\" in recording \"" + record.id() + "\"");
        }
        String name = record.meetingId().replaceAll("[^A-Za-z0-9_-]", "_") + "-" + record.id() + "-" + fileName;
        String range = request.headers().get(HttpHeaderNames.RANGE);
        if (range == null) {
            return ApiAnswer.file(MEDIA_TYPE, name, new ApiAnswer.FilePart(file, 0, size), size);
        }
        Matcher matcher = RANGE.matcher(range.strip());
        if (!matcher.matches() || matcher.group(1).isEmpty() && matcher.group(2).isEmpty()) {
            // Several ranges, or another unit: the whole file is a valid answer (RFC 9110 §14.2).
            return ApiAnswer.file(MEDIA_TYPE, name, new ApiAnswer.FilePart(file, 0, size), size);
        }
        long first;
        long last;
        try {
            if (matcher.group(1).isEmpty()) {
                first = Math.max(0, size - Long.parseLong(matcher.group(2)));
                last = size - 1;
            } else {
                first = Long.parseLong(matcher.group(1));
                last = matcher.group(2).isEmpty() ? size - 1 : Math.min(size - 1, Long.parseLong(matcher.group(2)));
            }
        } catch (NumberFormatException e) {
            first = size; // absurdly long digits: unsatisfiable
            last = -1;
        }
        if (first >= size || last < first) {
            return ApiAnswer.refused(ApiError.RANGE_NOT_SATISFIABLE, "range " + range + " is outside the file's "
                    + size + " bytes").with(HttpHeaderNames.CONTENT_RANGE.toString(), "bytes */" + size);
        }
        return ApiAnswer.file(MEDIA_TYPE, name, new ApiAnswer.FilePart(file, first, last - first + 1), size);
    }
}
