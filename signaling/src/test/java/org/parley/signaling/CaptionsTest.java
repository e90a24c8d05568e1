package org.parley.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.parley.signaling.WsTestClient.assertError;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parley.signaling.captions.MeetingClock;
import org.parley.signaling.captions.WebVttValidator;
import org.parley.signaling.config.AuthConfig;
import org.parley.signaling.config.ParleyConfig;

/**
 * Captions over a real WebSocket and the API (issue 13): partial segments replaced by their final, each
 * client sent the languages it subscribed to, a late joiner the finals of the last minute and no older, and
 * the stored finals exported as WebVTT, SRT and a transcript.
 */
class CaptionsTest {

    private static final byte[] TOKEN_KEY = "a test key of thirty-two bytes!!".getBytes(StandardCharsets.US_ASCII);
    private static final String MEETING = """
            {"title": "Council", "languages": ["en", "fr", "es"], "floorLanguage": "en"}
            """;

    private ParleyServer server;
    private HttpClient http;
    private ApiClient api;
    private String meetingId;
    private final List<WsTestClient> clients = new ArrayList<>();
    /** The meeting's clock runs on this, so a test can let a minute pass at once. */
    private final AtomicLong nanos = new AtomicLong();

    @BeforeEach
    void start() throws Exception {
        server = TestServers.start(ParleyConfig.defaults()
                .withAuth(new AuthConfig(Optional.of(Base64.getEncoder().encodeToString(TOKEN_KEY)))));
        http = HttpClient.newHttpClient();
        api = new ApiClient(http, server.httpPort(), server.adminKey());
        meetingId = api.createMeeting(MEETING);
        server.meetings().meeting(meetingId).useClock(new MeetingClock(Instant.now(), nanos::get));
    }

    @AfterEach
    void stop() {
        clients.forEach(WsTestClient::close);
        http.close();
        server.close();
    }

    private void advance(long millis) {
        nanos.addAndGet(millis * 1_000_000);
    }

    /** A client joined as {@code role} with {@code extra} join fields; returns its {@code joined}. */
    private JsonNode join(String role, String name, String extra, List<WsTestClient> into) {
        String token = api.invite(meetingId, "{\"role\": \"" + role + "\", \"name\": \"" + name + "\"}")
                .get("token").asText();
        WsTestClient client = WsTestClient.connect(http, server.httpPort());
        clients.add(client);
        into.add(client);
        client.ignoring("participantJoined", "participantLeft", "roster", "floor");
        JsonNode joined = client.request("{\"type\":\"join\",\"id\":1,\"token\":\"" + token + "\"" + extra + "}");
        assertEquals("joined", joined.get("type").asText(), joined.toString());
        return joined;
    }

    private WsTestClient joinAs(String role, String name, String extra) {
        List<WsTestClient> joined = new ArrayList<>();
        join(role, name, extra, joined);
        return joined.getFirst();
    }

    private static JsonNode expect(WsTestClient client, String type) {
        JsonNode message = client.next();
        assertEquals(type, message.get("type").asText(), message.toString());
        return message;
    }

    /** Sends a caption and takes the captioner's own event and then the reply; returns the reply. */
    private static JsonNode caption(WsTestClient captioner, String fields) {
        captioner.send("{\"type\":\"caption\",\"id\":7," + fields + "}");
        expect(captioner, "caption");
        return expect(captioner, "captionSent");
    }

    private static List<String> texts(JsonNode captions) {
        List<String> texts = new ArrayList<>();
        captions.forEach(caption -> texts.add(caption.get("text").asText()));
        return texts;
    }

    @Test
    void aPartialIsReplacedByTheFinalOfItsSegment() {
        WsTestClient captioner = joinAs("captioner", "Cap", "");
        WsTestClient delegate = joinAs("delegate", "Ada", "");

        advance(1_500);
        JsonNode sent = caption(captioner, "\"text\":\"Mesd\",\"language\":\"fr\",\"final\":false");
        String segment = sent.get("segmentId").asText();
        assertEquals("fr", sent.get("language").asText());
        JsonNode partial = expect(delegate, "caption");
        assertEquals(segment, partial.get("segmentId").asText());
        assertFalse(partial.get("final").asBoolean());
        assertEquals(1_500, partial.get("startMs").asLong());
        assertEquals("captioner", partial.get("source").asText());

        advance(400);
        caption(captioner, "\"segmentId\":\"" + segment + "\",\"text\":\"Mesdames\",\"final\":false");
        JsonNode update = expect(delegate, "caption");
        assertEquals(segment, update.get("segmentId").asText());
        assertEquals("fr", update.get("language").asText(), "an update keeps its segment's language");
        assertEquals("Mesdames", update.get("text").asText());

        advance(600);
        caption(captioner, "\"segmentId\":\"" + segment + "\",\"text\":\"Mesdames et messieurs\"");
        JsonNode last = expect(delegate, "caption");
        assertEquals(segment, last.get("segmentId").asText());
        assertTrue(last.get("final").asBoolean(), "final by default");
        assertEquals(1_500, last.get("startMs").asLong(), "the segment starts with its first partial");
        assertEquals(2_500, last.get("endMs").asLong());

        // A final closes the segment; an id never given out is no segment; an update keeps its language.
        assertError(captioner.request("{\"type\":\"caption\",\"id\":8,\"segmentId\":\"" + segment
                + "\",\"text\":\"encore\"}"), "BAD_MESSAGE");
        assertError(captioner.request("{\"type\":\"caption\",\"id\":9,\"segmentId\":\"nope\",\"text\":\"x\"}"),
                "BAD_MESSAGE");
        String other = caption(captioner, "\"text\":\"Good\",\"final\":false").get("segmentId").asText();
        expect(delegate, "caption");
        assertError(captioner.request("{\"type\":\"caption\",\"id\":10,\"segmentId\":\"" + other
                + "\",\"language\":\"fr\",\"text\":\"x\"}"), "BAD_MESSAGE");
    }

    @Test
    void eachClientIsSentTheLanguagesItSubscribedTo() {
        WsTestClient captioner = joinAs("captioner", "Cap", "");
        WsTestClient english = joinAs("delegate", "Ada", "");
        WsTestClient everything = joinAs("delegate", "Bob", "");
        WsTestClient french = joinAs("observer", "Obs", ",\"captionLanguages\":[\"fr\"]");

        JsonNode subscribed = english.request("{\"type\":\"subscribeCaptions\",\"id\":2,\"languages\":[\"en\"]}");
        assertEquals("captionsSubscribed", subscribed.get("type").asText(), subscribed.toString());
        assertEquals("[\"en\"]", subscribed.get("languages").toString());
        caption(captioner, "\"text\":\"Bonjour\",\"language\":\"fr\"");
        caption(captioner, "\"text\":\"Hola\",\"language\":\"es\"");
        caption(captioner, "\"text\":\"Hello\",\"language\":\"en\"");

        assertEquals("Hello", expect(english, "caption").get("text").asText(), "French and Spanish were not sent");
        assertEquals("Bonjour", expect(french, "caption").get("text").asText());
        assertEquals("Bonjour", expect(everything, "caption").get("text").asText(), "all languages until a subscription");
        assertEquals("Hola", expect(everything, "caption").get("text").asText());
        assertEquals("Hello", expect(everything, "caption").get("text").asText());

        // Subscribing again sends the last minute of the new languages; null is all of them again.
        JsonNode again = french.request("{\"type\":\"subscribeCaptions\",\"id\":3,\"languages\":[\"es\",\"en\"]}");
        assertEquals(List.of("Hola", "Hello"), texts(again.get("captions")));
        JsonNode all = english.request("{\"type\":\"subscribeCaptions\",\"id\":4,\"languages\":null}");
        assertTrue(all.get("languages").isNull());
        assertEquals(List.of("Bonjour", "Hola", "Hello"), texts(all.get("captions")));
        JsonNode none = everything.request("{\"type\":\"subscribeCaptions\",\"id\":5,\"languages\":[]}");
        assertEquals(0, none.get("captions").size());
        caption(captioner, "\"text\":\"Adios\",\"language\":\"es\"");
        caption(captioner, "\"text\":\"Bye\",\"language\":\"en\"");
        assertEquals("Adios", expect(french, "caption").get("text").asText());
        assertEquals("Adios", expect(english, "caption").get("text").asText());
        assertEquals("Bye", expect(english, "caption").get("text").asText());
        assertEquals("pong", everything.request("{\"type\":\"ping\",\"id\":6}").get("type").asText(),
                "no caption before the pong: none subscribed");

        assertError(english.request("{\"type\":\"subscribeCaptions\",\"id\":7,\"languages\":[\"de\"]}"),
                "UNKNOWN_LANGUAGE");
        assertError(english.request("{\"type\":\"subscribeCaptions\",\"id\":8,\"languages\":\"en\"}"), "BAD_MESSAGE");
        assertError(english.request("{\"type\":\"subscribeCaptions\",\"id\":9,\"languages\":[\"en\",\"en\",\"fr\",\"es\"]}"),
                "BAD_MESSAGE");
    }

    @Test
    void aLateJoinerGetsTheFinalsOfTheLastMinuteAndTheExportsHaveThemAll() {
        WsTestClient captioner = joinAs("captioner", "Cap", "");
        advance(2_000);
        caption(captioner, "\"text\":\"Il y a longtemps\",\"language\":\"fr\"");
        advance(45_000);
        caption(captioner, "\"text\":\"Séance <ouverte> & publique\",\"language\":\"fr\"");
        caption(captioner, "\"text\":\"en cours\",\"language\":\"fr\",\"final\":false");
        advance(20_000); // 67 s: the first is older than a minute
        caption(captioner, "\"text\":\"The floor is open\",\"language\":\"en\"");

        List<WsTestClient> late = new ArrayList<>();
        JsonNode french = join("delegate", "Ada", ",\"captionLanguages\":[\"fr\"]", late);
        assertEquals(List.of("Séance <ouverte> & publique"), texts(french.get("captions")),
                "the last minute's finals in French only: neither older ones nor partials");
        JsonNode first = french.get("captions").get(0);
        assertEquals(47_000, first.get("startMs").asLong());
        assertTrue(first.get("final").asBoolean());
        JsonNode everyLanguage = join("observer", "Obs", "", late);
        assertEquals(List.of("Séance <ouverte> & publique", "The floor is open"), texts(everyLanguage.get("captions")));
        WsTestClient unknownLanguage = WsTestClient.connect(http, server.httpPort());
        clients.add(unknownLanguage);
        String token = api.invite(meetingId, "{\"role\": \"observer\"}").get("token").asText();
        assertError(unknownLanguage.request("{\"type\":\"join\",\"id\":1,\"token\":\"" + token
                + "\",\"captionLanguages\":[\"de\"]}"), "UNKNOWN_LANGUAGE");

        ApiClient.Reply vtt = api.get("/api/meetings/" + meetingId + "/captions.vtt?language=fr");
        assertEquals(200, vtt.status(), vtt.raw().body());
        assertTrue(vtt.header("content-type").startsWith("text/vtt"), vtt.header("content-type"));
        assertTrue(vtt.header("content-disposition").contains("-fr-captions.vtt"), vtt.header("content-disposition"));
        List<WebVttValidator.Cue> cues = WebVttValidator.validate(vtt.raw().body());
        assertEquals(List.of(new WebVttValidator.Cue(2_000, 5_000, "Il y a longtemps"),
                new WebVttValidator.Cue(47_000, 50_000, "Séance <ouverte> & publique")), cues);

        ApiClient.Reply srt = api.get("/api/meetings/" + meetingId + "/captions.srt?language=en");
        assertEquals(200, srt.status(), srt.raw().body());
        assertEquals("1\n00:01:07,000 --> 00:01:10,000\nThe floor is open\n\n", srt.raw().body());
        ApiClient.Reply transcript = api.get("/api/meetings/" + meetingId + "/transcript.txt?language=fr");
        assertEquals("[00:00:02] Il y a longtemps\n[00:00:47] Séance <ouverte> & publique\n", transcript.raw().body());
        assertTrue(transcript.header("content-type").startsWith("text/plain"));
        assertEquals("WEBVTT\n\n", api.get("/api/meetings/" + meetingId + "/captions.vtt?language=es").raw().body());

        api.get("/api/meetings/" + meetingId + "/captions.vtt?language=de").assertError(400, "BAD_REQUEST");
        api.get("/api/meetings/" + meetingId + "/captions.vtt").assertError(400, "BAD_REQUEST");
        api.get("/api/meetings/nope/captions.vtt?language=fr").assertError(404, "NOT_FOUND");
        api.post("/api/meetings/" + meetingId + "/captions.vtt?language=fr", "{}").assertError(405, "METHOD_NOT_ALLOWED");
        api.withKey(null).get("/api/meetings/" + meetingId + "/captions.vtt?language=fr").assertError(401, "UNAUTHORIZED");
    }
}
