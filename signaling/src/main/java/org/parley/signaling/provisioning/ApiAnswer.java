package org.parley.signaling.provisioning;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An API response: status, JSON body (null for none) or instead a file to download (null for none), and
 * the headers it needs ({@code Location} of a 201, {@code Allow} of a 405, {@code Set-Cookie},
 * {@code Retry-After}, a file's {@code Content-Type} and {@code Content-Disposition}).
 */
record ApiAnswer(HttpResponseStatus status, JsonNode body, byte[] file, Map<String, String> headers, FilePart part) {

    /** Bytes {@code offset} to {@code offset + length} of a file on disk, streamed rather than read into memory. */
    record FilePart(Path path, long offset, long length) {
    }

    ApiAnswer {
        headers = Map.copyOf(headers);
    }

    ApiAnswer(HttpResponseStatus status, JsonNode body, byte[] file, Map<String, String> headers) {
        this(status, body, file, headers, null);
    }

    ApiAnswer(HttpResponseStatus status, JsonNode body, Map<String, String> headers) {
        this(status, body, null, headers);
    }

    /**
     * {@code part} of a file, streamed: 200 for the whole file, 206 with its {@code Content-Range} for a
     * range (RFC 9110 §14.4), and {@code Accept-Ranges: bytes} either way.
     */
    static ApiAnswer file(String contentType, String fileName, FilePart part, long size) {
        boolean whole = part.offset() == 0 && part.length() == size;
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(HttpHeaderNames.CONTENT_TYPE.toString(), contentType);
        headers.put(HttpHeaderNames.CONTENT_DISPOSITION.toString(), "attachment; filename=\"" + fileName + "\"");
        headers.put(HttpHeaderNames.ACCEPT_RANGES.toString(), "bytes");
        if (!whole) {
            headers.put(HttpHeaderNames.CONTENT_RANGE.toString(),
                    "bytes " + part.offset() + "-" + (part.offset() + part.length() - 1) + "/" + size);
        }
        return new ApiAnswer(whole ? HttpResponseStatus.OK : HttpResponseStatus.PARTIAL_CONTENT, null, null, headers,
                part);
    }

    static ApiAnswer ok(JsonNode body) {
        return new ApiAnswer(HttpResponseStatus.OK, body, Map.of());
    }

    static ApiAnswer created(JsonNode body, String location) {
        return new ApiAnswer(HttpResponseStatus.CREATED, body, Map.of(HttpHeaderNames.LOCATION.toString(), location));
    }

    static ApiAnswer noContent() {
        return new ApiAnswer(HttpResponseStatus.NO_CONTENT, null, Map.of());
    }

    static ApiAnswer refused(ApiError error, String message) {
        return new ApiAnswer(error.status(), MeetingJson.error(error, message), Map.of());
    }

    static ApiAnswer refused(ApiException e) {
        ApiAnswer answer = refused(e.error(), e.getMessage());
        return e.allow() == null ? answer : answer.with(HttpHeaderNames.ALLOW.toString(), e.allow());
    }

    /**
     * {@code text} as a file to save: {@code Content-Disposition: attachment} (RFC 6266 §4), its
     * {@code fileName} plain ASCII (callers pass safe names), so no {@code filename*} is needed.
     */
    static ApiAnswer download(String contentType, String fileName, String text) {
        return new ApiAnswer(HttpResponseStatus.OK, null, text.getBytes(StandardCharsets.UTF_8), Map.of(
                HttpHeaderNames.CONTENT_TYPE.toString(), contentType,
                HttpHeaderNames.CONTENT_DISPOSITION.toString(), "attachment; filename=\"" + fileName + "\""));
    }

    /** This answer with one more header. */
    ApiAnswer with(String header, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(header, value);
        return new ApiAnswer(status, body, file, more, part);
    }
}
