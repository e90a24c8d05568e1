package org.parley.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A client of the provisioning API over real HTTP (the JDK's client). */
final class ApiClient {

    static final ObjectMapper JSON = new ObjectMapper();

    /** A response: status, parsed JSON body (null when empty or not JSON) and the raw response for headers and text. */
    record Reply(int status, JsonNode body, HttpResponse<String> raw) {
        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        /** Asserts a refusal: {@code status} and {@code {"error": code, "message": non-empty}}; returns the message. */
        String assertError(int expectedStatus, String code) {
            assertEquals(expectedStatus, status, raw.body());
            assertEquals(code, body.get("error").asText(), raw.body());
            String message = body.get("message").asText();
            if (message.isEmpty()) {
                throw new AssertionError("empty error message: " + raw.body());
            }
            return message;
        }
    }

    private final HttpClient http;
    private final String base;
    private final String key;
    private final String cookie;
    private final String origin;

    ApiClient(HttpClient http, int port, String key) {
        this(http, "http://127.0.0.1:" + port, key, null, null);
    }

    private ApiClient(HttpClient http, String base, String key, String cookie, String origin) {
        this.http = http;
        this.base = base;
        this.key = key;
        this.cookie = cookie;
        this.origin = origin;
    }

    /** The same server with another key (null: no Authorization header). */
    ApiClient withKey(String otherKey) {
        return new ApiClient(http, base, otherKey, cookie, origin);
    }

    /**
     * The same server as a browser logged in: no key, {@code cookie} (a {@code Cookie} header value, null:
     * none) and the {@code Origin} of this server's pages on every request.
     */
    ApiClient withSession(String sessionCookie) {
        return new ApiClient(http, base, null, sessionCookie, base);
    }

    /** The same client sending another {@code Origin} (null: none). */
    ApiClient withOrigin(String otherOrigin) {
        return new ApiClient(http, base, key, cookie, otherOrigin);
    }

    /** This server's origin, {@code http://127.0.0.1:PORT}. */
    String origin() {
        return base;
    }

    Reply get(String path) {
        return send("GET", path, null);
    }

    Reply post(String path, String body) {
        return send("POST", path, body);
    }

    Reply put(String path, String body) {
        return send("PUT", path, body);
    }

    Reply delete(String path) {
        return send("DELETE", path, null);
    }

    Reply send(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        if (origin != null) {
            request.header("Origin", origin);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            boolean isJson = response.headers().firstValue("content-type").orElse("").startsWith("application/json");
            JsonNode json = response.body().isEmpty() || !isJson ? null : JSON.readTree(response.body());
            return new Reply(response.statusCode(), json, response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Creates a meeting from {@code body} and returns its id; fails the test unless 201. */
    String createMeeting(String body) {
        Reply reply = post("/api/meetings", body);
        assertEquals(201, reply.status(), reply.raw().body());
        return reply.body().get("id").asText();
    }

    /** Issues an invitation and returns the whole reply body; fails the test unless 201. */
    JsonNode invite(String meetingId, String body) {
        Reply reply = post("/api/meetings/" + meetingId + "/invitations", body);
        assertEquals(201, reply.status(), reply.raw().body());
        return reply.body();
    }
}
