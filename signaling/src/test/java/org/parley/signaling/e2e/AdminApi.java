package org.parley.signaling.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import org.parley.signaling.ParleyServer;
import org.parley.signaling.peer.SignalingClient;

/** The provisioning API of a test server, called with its admin key, and joins by invitation. */
final class AdminApi implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final ParleyServer server;
    private final HttpClient http;
    private final String base;

    AdminApi(ParleyServer server) {
        this.server = server;
        this.http = HttpClient.newHttpClient();
        this.base = "http://127.0.0.1:" + server.httpPort();
    }

    /** The API of a server on HTTPS whose certificate (valid for 127.0.0.1) {@code tls} trusts. */
    AdminApi(ParleyServer server, SSLContext tls) {
        this.server = server;
        this.http = HttpClient.newBuilder().sslContext(tls).build();
        this.base = "https://127.0.0.1:" + server.httpPort();
    }

    /** GETs {@code path}; anything but 200 fails. */
    JsonNode get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + server.adminKey())
                .GET()
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + ": HTTP " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** POSTs {@code body} to {@code path} and returns the created resource; anything but 201 fails. */
    JsonNode create(String path, String body) throws IOException, InterruptedException {
        return send(path, "POST", body, 201);
    }

    /** {@code PUT /api/meetings/{id}}: the meeting becomes {@code body}; anything but 200 fails. */
    JsonNode replaceMeeting(String meetingId, String body) throws IOException, InterruptedException {
        return send("/api/meetings/" + meetingId, "PUT", body, 200);
    }

    /**
     * {@code DELETE /api/meetings/{id}/transports/{participantId}}: the server closes the participant's
     * media transport, as an ICE consent lapse would; anything but 204 fails.
     */
    void closeTransport(String meetingId, String participantId) throws IOException, InterruptedException {
        send("/api/meetings/" + meetingId + "/transports/" + participantId, "DELETE", "", 204);
    }

    /** {@code DELETE /api/meetings/{id}}: ends the meeting for whoever is in it and forgets it; anything but 204 fails. */
    void deleteMeeting(String meetingId) throws IOException, InterruptedException {
        send("/api/meetings/" + meetingId, "DELETE", "", 204);
    }

    /** {@code DELETE /api/meetings/{id}/invitations/{invitationId}}: revokes it; anything but 204 fails. */
    void revoke(String meetingId, String invitationId) throws IOException, InterruptedException {
        send("/api/meetings/" + meetingId + "/invitations/" + invitationId, "DELETE", "", 204);
    }

    private JsonNode send(String path, String method, String body, int expectedStatus)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + server.adminKey())
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expectedStatus) {
            throw new IllegalStateException(method + " " + path + ": HTTP " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** Creates a meeting from its JSON description and returns its id. */
    String createMeeting(String body) throws IOException, InterruptedException {
        return create("/api/meetings", body).get("id").asText();
    }

    /** Creates an invitation to {@code meetingId}: the response carries token and joinUrl. */
    JsonNode invite(String meetingId, String invitation) throws IOException, InterruptedException {
        return create("/api/meetings/" + meetingId + "/invitations", invitation);
    }

    /** A signaling client joined with a fresh invitation token. */
    SignalingClient join(String meetingId, String invitation) throws Exception {
        String token = invite(meetingId, invitation).get("token").asText();
        SignalingClient signaling = SignalingClient.connect(MediaTestServer.webSocket(server));
        signaling.request(SignalingClient.message("join").put("token", token), TIMEOUT);
        return signaling;
    }

    @Override
    public void close() {
        http.close();
    }
}
