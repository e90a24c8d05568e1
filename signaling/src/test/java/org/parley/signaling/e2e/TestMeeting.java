package org.parley.signaling.e2e;

import java.util.concurrent.Callable;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.parley.signaling.ParleyServer;
import org.parley.signaling.meeting.Meeting;
import org.parley.signaling.peer.SignalingClient;

/**
 * One end-to-end test's world, made before each test and closed after it: a whole Parley server on
 * loopback ({@link MediaTestServer}), its provisioning API, and one meeting created through it.
 *
 * <pre>{@code @RegisterExtension
 * final TestMeeting meeting = new TestMeeting("""
 *         {"title": "Council", "languages": ["fr", "en"], "floorLanguage": "en", "booths": [{"language": "fr"}]}
 *         """);}</pre>
 */
class TestMeeting implements BeforeEachCallback, AfterEachCallback {

    private final String meetingJson;
    private final Callable<ParleyServer> serverStart;
    private ParleyServer server;
    private AdminApi api;
    private String id;

    /** @param meetingJson the meeting as the API's POST takes it */
    TestMeeting(String meetingJson) {
        this(meetingJson, MediaTestServer::start);
    }

    /**
     * @param meetingJson the meeting as the API's POST takes it
     * @param serverStart starts the server, e.g. a {@link MediaTestServer} with other limits ({@link SipTestMeeting})
     */
    TestMeeting(String meetingJson, Callable<ParleyServer> serverStart) {
        this.meetingJson = meetingJson;
        this.serverStart = serverStart;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        server = serverStart.call();
        api = new AdminApi(server);
        id = api.createMeeting(meetingJson);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (api != null) {
            api.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** Stops the server now, for a test of what stopping does; {@link #afterEach} then leaves it alone. */
    void stopServer() {
        ParleyServer stopping = server;
        server = null;
        stopping.close();
    }

    ParleyServer server() {
        return server;
    }

    AdminApi api() {
        return api;
    }

    /** The meeting's id. */
    String id() {
        return id;
    }

    /** The meeting as the server holds it. */
    Meeting meeting() {
        return server.meetings().meeting(id);
    }

    /** How many participants the meeting's roster has now, SIP calls and WebSocket joins together. */
    int participants() {
        return meeting().participants().size();
    }

    /** How many observers listen to the meeting now (outside the roster). */
    int observers() {
        return meeting().observerCount();
    }

    /** The counter {@code name} with {@code tag=value} on the server's registry. */
    double counter(String name, String tag, String value) {
        return MediaTestServer.counter(server, name, tag, value);
    }

    /** The token of a new invitation to the meeting made from {@code invitationJson}. */
    String token(String invitationJson) throws Exception {
        return api.invite(id, invitationJson).get("token").asText();
    }

    /** Joins the meeting on a new signaling connection with an invitation made from {@code invitationJson}. */
    SignalingClient join(String invitationJson) throws Exception {
        return api.join(id, invitationJson);
    }
}
