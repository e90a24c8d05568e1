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

    ApiClient(HttpClient http, int port, String key) {
        this.http = http;
        this.base = "http://127.0.0.1:" + port;
        this.key = key;
    }

    /** The same server with another key (null: no Authorization header). */
    ApiClient withKey(String otherKey) {
        return new ApiClient(http, Integer.parseInt(base.substring(base.lastIndexOf(':') + 1)), otherKey);
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
