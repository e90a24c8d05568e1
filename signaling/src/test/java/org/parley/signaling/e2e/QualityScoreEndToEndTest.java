package org.parley.signaling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parley.media.quality.QualityScore;
import org.parley.signaling.meeting.Meeting;
import org.parley.signaling.meeting.Participant;
import org.parley.signaling.peer.ReceiveSlot;
import org.parley.signaling.peer.SignalingClient;
import org.parley.signaling.peer.WebRtcPeer;

/**
 * The quality score through the real UDP path, in a meeting of several libwebrtc peers: a speaker, a
 * listener on a clean link, and a listener whose downlink loses 15 % of the server's RTP packets
 * ({@link LossyUdpProxy}). Within 10 s of its audio flowing, the chair's roster shows that listener,
 * and only that one, degraded; {@code parley_quality_mos} holds the meeting's scores, and each stay's
 * statistics its mean and lowest MOS.
 */
@Timeout(120)
class QualityScoreEndToEndTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final Duration DEGRADED_WITHIN = Duration.ofSeconds(10);
    private static final double DOWNLINK_LOSS = 0.15;
    private static final long SEED = 20261207L;

    @RegisterExtension
    final TestMeeting meeting = new TestMeeting("""
            {"title": "Council", "languages": ["en", "fr"], "floorLanguage": "en", "floorControl": "open"}
            """);

    @Test
    void theListenerLosingFifteenPercentAndOnlyItIsDegradedWithinTenSeconds() throws Exception {
        try (LossyUdpProxy proxy = new LossyUdpProxy(LossyUdpProxy.DropPolicy.NONE,
                LossyUdpProxy.DropPolicy.random(DOWNLINK_LOSS, SEED));
             SignalingClient chair = meeting.join("{\"role\": \"chair\", \"name\": \"Chair\"}");
             TonePeer speaker = TonePeer.publishing(meeting.join("{\"role\": \"delegate\", \"name\": \"Speaker\"}"), 440);
             TonePeer clean = TonePeer.listening(meeting.join("{\"role\": \"delegate\", \"name\": \"Clean\"}"));
             SignalingClient lossySignaling = meeting.join("{\"role\": \"delegate\", \"name\": \"Lossy\"}");
             WebRtcPeer lossy = WebRtcPeer.subscriber();
             HttpClient http = HttpClient.newHttpClient()) {
            ReceiveSlot slot = lossy.addRecvOnlyAudio();
            lossy.setAnswer(proxy.rewriteAnswer(lossySignaling.offer(lossy.createOffer()).get("sdp").asText()));
            lossy.awaitConnected(TIMEOUT);
            clean.subscribeChannel("floor", "mixed", "standard");
            TonePeer.subscribeChannel(lossySignaling, slot.mid(), "floor", "mixed", "standard");
            lossy.awaitSamples(slot.mid(), 4800, TIMEOUT);
            long lossyAudioFlowing = System.nanoTime();

            JsonNode roster = awaitRoster(chair, lossyAudioFlowing + DEGRADED_WITHIN.toNanos());
            double seconds = (System.nanoTime() - lossyAudioFlowing) / 1e9;
            JsonNode lossyQuality = entryOf(roster, "Lossy").get("quality");
            System.out.printf("degraded after %.1f s: Lossy %s, Clean %s, Speaker %s, proxy dropped %d%n", seconds,
                    lossyQuality, entryOf(roster, "Clean").get("quality"), entryOf(roster, "Speaker").get("quality"),
                    proxy.dropped());
            assertTrue(lossyQuality.get("mos").asDouble() <= 3.6, lossyQuality.toString());
            assertTrue(lossyQuality.get("r").asInt() < 70, lossyQuality.toString());
            assertTrue(proxy.dropped() > 0, "the proxy dropped nothing");
            assertTrue(entryOf(roster, "Chair").get("quality").get("mos").isNull(), "no media, no score");

            // The accessor other code uses agrees.
            Meeting council = meeting.server().meetings().meeting(meeting.id());
            QualityScore lossyScore = participant(council, "Lossy").media().score();
            assertTrue(lossyScore.isKnown() && lossyScore.mos() <= 3.6, lossyScore.toString());
            assertTrue(participant(council, "Clean").media().score().mos() >= 4.0);

            // Within a sample or two, one observation per scored participant in the meeting's histogram.
            String meetingLabel = "{meeting=\"" + meeting.id() + "\"";
            MetricsScrape scrape = MetricsScrape.get(http, meeting.server().httpPort());
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (scrape.samples().getOrDefault("parley_quality_mos_count" + meetingLabel + "}", 0.0) < 6
                    && System.nanoTime() < deadline) {
                Thread.sleep(500);
                scrape = MetricsScrape.get(http, meeting.server().httpPort());
            }
            double count = scrape.samples().getOrDefault("parley_quality_mos_count" + meetingLabel + "}", 0.0);
            assertTrue(count >= 6, "two samples of three participants: " + count);
            double poor = scrape.samples().get("parley_quality_mos_bucket" + meetingLabel + ",le=\"3.5\"}");
            double good = scrape.samples().get("parley_quality_mos_bucket" + meetingLabel + ",le=\"4.5\"}")
                    - scrape.samples().get("parley_quality_mos_bucket" + meetingLabel + ",le=\"4.0\"}");
            assertTrue(poor >= count / 3 - 1 && poor <= count / 3 + 1, "the lossy one's: " + poor + " of " + count);
            assertTrue(good >= 2 * count / 3 - 2, "the clean ones': " + good + " of " + count);
            assertTrue(scrape.text().lines().filter(line -> line.startsWith("parley_quality_mos"))
                    .allMatch(line -> line.contains(meetingLabel)), "labelled by meeting only");
            MetricsScrape.PromtoolResult check = scrape.promtoolCheck();
            assertEquals(0, check.exitCode(), check.output());

            // The statistics sample the same scores (every 5 s): the lossy stay's mean and lowest MOS are the
            // poorer; the chair, without media, has none.
            String lossyId = participant(council, "Lossy").id();
            String cleanId = participant(council, "Clean").id();
            JsonNode stays = null;
            long statisticsDeadline = System.nanoTime() + TIMEOUT.toNanos();
            while (System.nanoTime() < statisticsDeadline) {
                stays = meeting.api().get("/api/statistics/meetings/" + meeting.id()).get("participations");
                JsonNode lossyMin = stayOf(stays, lossyId).get("quality").get("minMos");
                if (lossyMin.isNumber() && lossyMin.asDouble() <= 3.6
                        && stayOf(stays, cleanId).get("quality").get("meanMos").isNumber()) {
                    break;
                }
                Thread.sleep(500);
            }
            JsonNode lossyStay = stayOf(stays, lossyId).get("quality");
            JsonNode cleanStay = stayOf(stays, cleanId).get("quality");
            assertTrue(lossyStay.get("minMos").asDouble() <= 3.6, "the lossy stay: " + lossyStay);
            assertTrue(lossyStay.get("minMos").asDouble() <= lossyStay.get("meanMos").asDouble(), lossyStay.toString());
            assertTrue(cleanStay.get("meanMos").asDouble() > lossyStay.get("meanMos").asDouble(),
                    "clean " + cleanStay + ", lossy " + lossyStay);
            assertTrue(cleanStay.get("minMos").asDouble() <= cleanStay.get("meanMos").asDouble(), cleanStay.toString());
            assertTrue(stayOf(stays, participant(council, "Chair").id()).get("quality").get("meanMos").isNull(),
                    "no media, no MOS: " + stays);
        }
    }

    /**
     * The first roster, before {@code deadlineNanos}, where Lossy is scored and degraded (fair or poor)
     * while Speaker and Clean are scored and good.
     */
    private static JsonNode awaitRoster(SignalingClient chair, long deadlineNanos) throws Exception {
        JsonNode last = null;
        while (true) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("not degraded within " + DEGRADED_WITHIN + "; last roster: " + last);
            }
            JsonNode roster;
            try {
                roster = chair.awaitEvent("roster", Duration.ofNanos(left));
            } catch (TimeoutException e) {
                throw new AssertionError("not degraded within " + DEGRADED_WITHIN + "; last roster: " + last, e);
            }
            last = roster;
            JsonNode lossy = entryOf(roster, "Lossy");
            JsonNode speaker = entryOf(roster, "Speaker");
            JsonNode clean = entryOf(roster, "Clean");
            if (lossy != null && speaker != null && clean != null && degraded(lossy) && good(speaker) && good(clean)) {
                return roster;
            }
        }
    }

    private static boolean degraded(JsonNode entry) {
        JsonNode quality = entry.get("quality");
        return quality.get("mos").isNumber() && !quality.get("grade").asText().equals("good")
                && quality.get("mos").asDouble() <= 3.6;
    }

    private static boolean good(JsonNode entry) {
        JsonNode quality = entry.get("quality");
        return quality.get("mos").isNumber() && quality.get("grade").asText().equals("good")
                && quality.get("mos").asDouble() >= 4.0;
    }

    private static JsonNode entryOf(JsonNode roster, String name) {
        for (JsonNode entry : roster.get("participants")) {
            if (entry.get("name").asText().equals(name)) {
                return entry;
            }
        }
        return null;
    }

    private static JsonNode stayOf(JsonNode participations, String participantId) {
        for (JsonNode stay : participations) {
            if (stay.get("participationId").asText().equals(participantId)) {
                return stay;
            }
        }
        throw new AssertionError("no stay of " + participantId + " in " + participations);
    }

    private static Participant participant(Meeting meeting, String name) {
        Participant found = meeting.participants().stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
        assertNotNull(found, name);
        return found;
    }
}
