package org.parley.signaling.e2e;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.parley.signaling.ParleyServer;
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
final class TestMeeting implements BeforeEachCallback, AfterEachCallback {

    private final String meetingJson;
    private ParleyServer server;
    private AdminApi api;
    private String id;

    /** @param meetingJson the meeting as the API's POST takes it */
    TestMeeting(String meetingJson) {
        this.meetingJson = meetingJson;
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        server = MediaTestServer.start();
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

    /** Joins the meeting on a new signaling connection with an invitation made from {@code invitationJson}. */
    SignalingClient join(String invitationJson) throws Exception {
        return api.join(id, invitationJson);
    }
}
