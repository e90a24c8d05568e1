package org.parley.signaling.provisioning;

import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.parley.signaling.captions.ArchivedCaption;
import org.parley.signaling.captions.CaptionExport;
import org.parley.signaling.store.CaptionStore;
import org.parley.signaling.store.StoreException;
import org.parley.signaling.store.StoredMeeting;

/**
 * The captions' exports (API.md, "Captions"): {@code GET /api/meetings/{id}/captions.vtt?language=fr}
 * (WebVTT), {@code captions.srt} (SubRip) and {@code transcript.txt} (plain text, for the secretariat), of
 * the finals stored in one of the meeting's languages, for those who see the meeting. On the store's thread.
 */
final class CaptionsApi {

    /** An export: its media type and how the finals become its text. */
    private record Format(String mediaType, Function<List<ArchivedCaption>, String> render) {
    }

    private static final Map<String, Format> FORMATS = Map.of(
            "captions.vtt", new Format(CaptionExport.WEBVTT_MEDIA_TYPE, CaptionExport::webVtt),
            "captions.srt", new Format(CaptionExport.SRT_MEDIA_TYPE, CaptionExport::srt),
            "transcript.txt", new Format(CaptionExport.TRANSCRIPT_MEDIA_TYPE, CaptionExport::transcript));

    private final MeetingProvisioning provisioning;
    private final CaptionStore store;

    CaptionsApi(MeetingProvisioning provisioning, CaptionStore store) {
        this.provisioning = provisioning;
        this.store = store;
    }

    /** Whether {@code /api/meetings/{id}/<name>} is one of these exports. */
    static boolean handles(String name) {
        return FORMATS.containsKey(name);
    }

    /** {@code path}: {@code meetings}, the meeting id, the export's name. */
    ApiAnswer answer(Caller caller, FullHttpRequest request, List<String> path) throws ApiException, StoreException {
        ProvisioningApiHandler.allow(request.method(), "GET", HttpMethod.GET);
        StoredMeeting meeting = provisioning.get(caller, path.get(1)); // 404 for a meeting the caller does not see
        List<String> named = new QueryStringDecoder(request.uri()).parameters().get("language");
        List<String> languages = meeting.spec().languages();
        if (named == null || named.size() != 1 || !languages.contains(named.getFirst())) {
            throw ApiException.badRequest("parameter \"language\" must name one of the meeting's languages " + languages);
        }
        String language = named.getFirst();
        Format format = FORMATS.get(path.get(2));
        String text = format.render().apply(store.forMeeting(meeting.id(), language));
        String safeId = meeting.id().replaceAll("[^A-Za-z0-9_-]", "_");
        return ApiAnswer.download(format.mediaType(), safeId + "-" + language + "-" + path.get(2), text);
    }
}
