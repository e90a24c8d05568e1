package org.parley.signaling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.parley.signaling.ParleyServer;

/**
 * An invitation's {@code joinUrl} ({@code /?token=…}) opens the page for the token's role: chair and
 * operator the chair console, an interpreter the interpreter console, every other role the delegate
 * page; a token the server does not admit gets the delegate page, which reports the refusal at join.
 */
class JoinLinkPageTest {

    private static ParleyServer server;
    private static AdminApi api;
    private static String meeting;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        server = MediaTestServer.start();
        api = new AdminApi(server);
        meeting = api.createMeeting("""
                {"title": "Links", "languages": ["en", "fr"], "floorLanguage": "en", "booths": [{"language": "fr"}]}
                """);
    }

    @AfterAll
    static void stop() {
        api.close();
        server.close();
    }

    @ParameterizedTest
    @CsvSource({
            "chair, , /chair.js",
            "operator, , /chair.js",
            "interpreter, fr, /interpreter.js",
            "delegate, , /delegate.js",
            "observer, , /delegate.js",
            "room-system, , /delegate.js",
            "captioner, , /delegate.js",
    })
    void joinLinkOpensThePageOfTheRole(String role, String booth, String script) throws Exception {
        String invitation = booth == null
                ? "{\"role\": \"" + role + "\"}"
                : "{\"role\": \"" + role + "\", \"booth\": \"" + booth + "\"}";
        String joinUrl = api.invite(meeting, invitation).get("joinUrl").asText();
        assertTrue(get(joinUrl).contains("<script src=\"" + script + "\">"), role + " → " + script);
    }

    @ParameterizedTest
    @CsvSource({"/?token=garbage, /delegate.js", "/, /app.js"})
    void otherStartAddresses(String path, String script) throws Exception {
        assertTrue(get("http://127.0.0.1:" + server.httpPort() + path).contains("<script src=\"" + script + "\">"), path);
    }

    private static String get(String url) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), url);
        return response.body();
    }
}
