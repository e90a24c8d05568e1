package org.parley.signaling.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.parley.signaling.ParleyServer;
import org.parley.signaling.e2e.PromtoolRuleTests.Expected;
import org.parley.signaling.e2e.PromtoolRuleTests.Series;
import org.parley.signaling.meeting.Participant;
import org.parley.signaling.peer.SignalingClient;
import org.parley.signaling.sip.SipTestClient;
import org.parley.signaling.sip.Sipp;

/**
 * The monitoring configuration under {@code conf/} against a running Parley: a meeting with a floor
 * speaker, a French interpreter speaking, a Spanish one live but silent, a listener on French (all
 * libwebrtc peers), a SIP room system in the call and one refused by sipp. From its {@code /metrics}:
 * the listener, transport, silent-booth and call-setup series count what happens, one series per
 * channel, booth or kind and never per participant; every PromQL expression of
 * {@code conf/prometheus/parley-alerts.yml} and {@code conf/grafana/dashboards/parley.json} parses
 * ({@code promtool check rules}) and reads only series and labels the scrape has; every alert fires
 * and stays quiet as it should under {@code promtool test rules} on input series with the scrape's
 * label sets; the dashboard and its provisioning files are what Grafana needs; and the meeting's
 * series leave with it.
 */
@Timeout(300)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MonitoringConfigEndToEndTest {

    /** The quality score histogram: its series appear with a meeting's first scored participant (every 5 s). */
    static final String QUALITY_FAMILY = "parley_quality_mos";

    private static final Path CONF = Path.of("..", "conf");
    private static final Path RULES = CONF.resolve("prometheus/parley-alerts.yml");
    private static final Path PROMETHEUS_CONFIG = CONF.resolve("prometheus/prometheus.yml");
    private static final Path DASHBOARD = CONF.resolve("grafana/dashboards/parley.json");
    private static final Path DASHBOARD_PROVIDER = CONF.resolve("grafana/provisioning/dashboards/parley.yml");
    private static final Path DATASOURCE = CONF.resolve("grafana/provisioning/datasources/prometheus.yml");
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    /** Labels Prometheus adds to every scraped series (the job of conf/prometheus/prometheus.yml). */
    private static final Set<String> TARGET_LABELS = Set.of("job", "instance");
    private static final String JOB = "parley";
    /** The Spanish booth must have been silent this long before the scrape is taken. */
    private static final double SILENT_SECONDS = 3;
    private static final Pattern GRAFANA_VARIABLE = Pattern.compile("\\$\\{?(\\w+)}?");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.*),\\s*(\\w+)\\)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private ParleyServer server;
    private AdminApi api;
    private String meetingId;
    private final List<AutoCloseable> peers = new ArrayList<>();
    private HttpClient http;
    private MetricsScrape scrape;
    private Map<String, String> target;

    @BeforeAll
    void startALiveMeeting() throws Exception {
        server = MediaTestServer.start();
        api = new AdminApi(server);
        http = HttpClient.newHttpClient();
        target = Map.of("job", JOB, "instance", "127.0.0.1:" + server.httpPort());
        meetingId = api.createMeeting("""
                {"title": "Council", "languages": ["en", "fr", "es"], "floorLanguage": "en",
                 "booths": [{"language": "fr"}, {"language": "es"}], "floorControl": "open"}
                """);
        peers.add(TonePeer.publishing(join("{\"role\": \"delegate\", \"name\": \"Floor\"}"), 440));
        TonePeer french = peer(TonePeer.publishing(join("{\"role\": \"interpreter\", \"booth\": \"fr\", \"name\": \"Camille\"}"), 1000));
        // A 0 Hz tone is digital silence: the microphone is live and sends, but nothing is said.
        TonePeer spanish = peer(TonePeer.publishing(join("{\"role\": \"interpreter\", \"booth\": \"es\", \"name\": \"Lucía\"}"), 0));
        TonePeer listener = peer(TonePeer.listening(join("{\"role\": \"delegate\", \"name\": \"Listener\"}")));
        for (TonePeer interpreter : List.of(french, spanish)) {
            JsonNode mic = interpreter.signaling.request(SignalingClient.message("micOn"), TIMEOUT);
            assertEquals("granted", mic.get("status").asText(), mic.toString());
        }
        listener.subscribeChannel("fr", "mixed", "standard");
        listener.peer.awaitSamples(listener.slot.mid(), 48_000, TIMEOUT);

        SipTestClient room = peer(new SipTestClient(server.sipPort()));
        assertEquals(200, room.invite(token("{\"role\": \"delegate\", \"name\": \"Room 4\"}")).status());
        Sipp.Result refused = Sipp.run("refused_488.xml", server.sipPort(), token("{\"role\": \"delegate\", \"name\": \"Room 5\"}"));
        assertEquals(0, refused.exitCode(), refused.output());

        Map<String, String> spanishBooth = Map.of("booth", "es", "meeting", meetingId);
        scrape = awaitScrape(now -> now.value("parley_mixer_booth_silence_seconds", spanishBooth) >= SILENT_SECONDS
                && now.value("parley_transports", Map.of("kind", "udp")) == 4
                && now.value("parley_transports", Map.of("kind", "sip")) == 1
                && !now.series(QUALITY_FAMILY + "_bucket").isEmpty());
    }

    @AfterAll
    void stop() {
        for (AutoCloseable peer : peers.reversed()) {
            try {
                peer.close();
            } catch (Exception e) {
                // closing the rest matters more
            }
        }
        if (http != null) {
            http.close();
        }
        if (api != null) {
            api.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(1)
    void theScrapeCountsListenersTransportsSilentBoothsAndCallSetups() throws Exception {
        MetricsScrape.PromtoolResult check = scrape.promtoolCheck();
        assertEquals(0, check.exitCode(), "promtool check metrics: " + check.output());

        assertEquals(1, scrape.value("parley_channel_listeners",
                Map.of("meeting", meetingId, "language", "fr", "variant", "mixed", "tier", "standard")), "the listener");
        assertEquals(1, sum("parley_channel_listeners", Map.of("meeting", meetingId, "language", "en")), "the room system");
        assertEquals(2, sum("parley_channel_listeners", Map.of("meeting", meetingId)), "nobody else listens");
        Set<String> streams = new TreeSet<>();
        scrape.series("parley_channel_listeners").forEach(labels -> streams.add(labels.get("language")));
        assertEquals(Set.of("en", "fr", "es", "floor"), streams, "every channel, the floor too");

        assertTrue(scrape.value("parley_mixer_booth_silence_seconds", Map.of("meeting", meetingId, "booth", "es"))
                >= SILENT_SECONDS, "the silent live booth");
        // Any voiced frame resets the count: a steady tone keeps it at 0, a stall of the loaded test machine
        // at a few frames.
        assertTrue(scrape.value("parley_mixer_booth_silence_seconds", Map.of("meeting", meetingId, "booth", "fr")) < 0.5,
                "a speaking booth");
        assertEquals(0, scrape.value("parley_mixer_booth_silence_seconds", Map.of("meeting", meetingId, "booth", "en")),
                "a booth nobody is live in");
        assertEquals(2, scrape.value("parley_mixer_live_booths", Map.of("meeting", meetingId)));

        assertEquals(4, scrape.value("parley_transports", Map.of("kind", "udp")), "four libwebrtc peers");
        assertEquals(0, scrape.value("parley_transports", Map.of("kind", "tcp")));
        assertEquals(0, scrape.value("parley_transports", Map.of("kind", "turn")), "no TURN server configured");
        assertEquals(1, scrape.value("parley_transports", Map.of("kind", "sip")));

        assertEquals(1, scrape.value("parley_sip_call_setups_total", Map.of("outcome", "answered")));
        assertEquals(1, scrape.value("parley_sip_call_setups_total", Map.of("outcome", "refused")), "sipp's 488");
        assertEquals(0, scrape.value("parley_sip_call_setups_total", Map.of("outcome", "failed")));
        assertEquals(0, scrape.value("parley_store_operation_failures_total", Map.of()));

        // One series per channel, booth, kind: no label carries a participant's or a producer's id.
        Set<String> identities = new TreeSet<>();
        for (Participant participant : server.meetings().meeting(meetingId).participants()) {
            identities.add(participant.id());
            identities.addAll(participant.producerIds());
        }
        assertEquals(5, server.meetings().meeting(meetingId).participants().size());
        for (String name : scrape.names()) {
            for (Map<String, String> labels : scrape.series(name)) {
                for (String value : labels.values()) {
                    assertFalse(identities.stream().anyMatch(value::contains), name + labels + " names a participant");
                }
            }
        }
    }

    @Test
    @Order(2)
    void theRulesAndTheExamplePrometheusConfigurationPassPromtool() throws Exception {
        MetricsScrape.PromtoolResult rules = PromtoolRuleTests.promtool(List.of("check", "rules", RULES.toString()));
        assertEquals(0, rules.exitCode(), rules.output());
        MetricsScrape.PromtoolResult config = PromtoolRuleTests.promtool(List.of("check", "config", PROMETHEUS_CONFIG.toString()));
        assertEquals(0, config.exitCode(), config.output());
    }

    @Test
    @Order(2)
    void everyQueryOfTheRulesAndTheDashboardParsesAndReadsSeriesParleyExports(@TempDir Path work) throws Exception {
        Map<String, String> queries = new LinkedHashMap<>();
        for (JsonNode group : PromtoolRuleTests.yaml().readTree(RULES.toFile()).get("groups")) {
            for (JsonNode rule : group.get("rules")) {
                queries.put("rule " + rule.path("alert").asText(rule.path("record").asText()), rule.get("expr").asText());
            }
        }
        JsonNode dashboard = JSON.readTree(DASHBOARD.toFile());
        Set<String> variables = new TreeSet<>();
        dashboard.get("templating").get("list").forEach(variable -> variables.add(variable.get("name").asText()));
        Map<String, String> labelValues = new LinkedHashMap<>();
        for (JsonNode variable : dashboard.get("templating").get("list")) {
            if (variable.get("type").asText().equals("query")) {
                Matcher call = LABEL_VALUES.matcher(variable.get("query").get("query").asText());
                assertTrue(call.matches(), "variable " + variable.get("name") + ": label_values(selector, label)");
                String selector = grafanaToPromQl(call.group(1), variables);
                queries.put("variable " + variable.get("name").asText(), selector);
                labelValues.put(selector, call.group(2));
            }
        }
        for (JsonNode panel : panels(dashboard)) {
            for (JsonNode query : panel.path("targets")) {
                queries.put("panel \"" + panel.get("title").asText() + "\" " + query.get("refId").asText(),
                        grafanaToPromQl(query.get("expr").asText(), variables));
            }
        }
        assertTrue(queries.size() > 40, "the rules and the panels: " + queries.size());

        // promtool parses each one as the expression of a recording rule.
        List<Map<String, Object>> records = new ArrayList<>();
        int n = 0;
        for (String expression : queries.values()) {
            records.add(Map.of("record", "parley_query_" + n++, "expr", expression));
        }
        Path file = work.resolve("queries.yml");
        PromtoolRuleTests.yaml().writeValue(file.toFile(), Map.of("groups", List.of(Map.of("name", "queries", "rules", records))));
        MetricsScrape.PromtoolResult parsed = PromtoolRuleTests.promtool(List.of("check", "rules", file.toString()));
        assertEquals(0, parsed.exitCode(), parsed.output() + "\n" + Files.readString(file));

        List<String> problems = new ArrayList<>();
        Set<String> used = new TreeSet<>();
        for (Map.Entry<String, String> query : queries.entrySet()) {
            PromQlSelectors selectors = PromQlSelectors.of(query.getValue());
            if (selectors.metrics().isEmpty()) {
                problems.add(query.getKey() + " reads no metric: " + query.getValue());
            }
            Set<String> labelsOfAll = new TreeSet<>(TARGET_LABELS);
            for (Map.Entry<String, Set<String>> metric : selectors.metrics().entrySet()) {
                used.add(metric.getKey());
                Set<String> labels = labelsOf(metric.getKey());
                if (labels == null) {
                    problems.add(query.getKey() + " reads " + metric.getKey() + ", which Parley does not export");
                    continue;
                }
                labelsOfAll.addAll(labels);
                for (String label : metric.getValue()) {
                    if (!labels.contains(label)) {
                        problems.add(query.getKey() + " matches label " + label + " of " + metric.getKey()
                                + ", which has only " + labels);
                    }
                }
            }
            for (String label : selectors.groupingLabels()) {
                if (!labelsOfAll.contains(label)) {
                    problems.add(query.getKey() + " groups by " + label + ", a label none of its series has: " + query.getValue());
                }
            }
            String wanted = labelValues.get(query.getValue());
            if (wanted != null && !labelsOfAll.contains(wanted)) {
                problems.add(query.getKey() + " lists values of label " + wanted + ", which its series lack");
            }
        }
        assertEquals(List.of(), problems);
        // The families the issue asks for are among what the rules and panels read.
        assertTrue(used.containsAll(Set.of("parley_channel_listeners", "parley_transports", QUALITY_FAMILY + "_bucket",
                "parley_mixer_booth_silence_seconds", "parley_mixer_tick_seconds_bucket", "parley_mixer_tick_overruns_total",
                "parley_sip_call_setups_total", "parley_store_operation_failures_total", "parley_limit_refusals_total",
                "parley_meetings", "parley_participants")), used.toString());
    }

    @Test
    @Order(2)
    void everyAlertFiresOnItsConditionAndStaysQuietOtherwise(@TempDir Path work) throws Exception {
        PromtoolRuleTests tests = new PromtoolRuleTests(RULES);

        Map<String, String> srtp = live("parley_media_srtp_auth_failures_total", Map.of());
        tests.fires("ParleySrtpAuthFailures", "15m", List.of(in("parley_media_srtp_auth_failures_total", srtp, "0+120x20")),
                List.of(new Expected(srtp, 2)));
        tests.staysQuiet("ParleySrtpAuthFailures", "15m", List.of(in("parley_media_srtp_auth_failures_total", srtp, "0+30x20")));

        String dropped = "parley_media_packets_dropped_total";
        Map<String, String> malformed = live(dropped, Map.of("reason", "malformed"));
        Map<String, String> unknownSource = live(dropped, Map.of("reason", "unknown_source"));
        tests.fires("ParleyMalformedDatagrams", "20m",
                List.of(in(dropped, malformed, "0+6000x30"), in(dropped, unknownSource, "0+0x30")),
                List.of(new Expected(malformed, 100)));
        tests.staysQuiet("ParleyMalformedDatagrams", "20m",
                List.of(in(dropped, malformed, "0+600x30"), in(dropped, unknownSource, "0+60000x30")));

        Map<String, String> rttSum = live("parley_media_rtt_seconds_sum", Map.of());
        Map<String, String> rttCount = live("parley_media_rtt_seconds_count", Map.of());
        tests.fires("ParleyHighRoundTripTime", "15m",
                List.of(in("parley_media_rtt_seconds_sum", rttSum, "0+30x20"), in("parley_media_rtt_seconds_count", rttCount, "0+60x20")),
                List.of(new Expected(rttSum, 0.5)));
        tests.staysQuiet("ParleyHighRoundTripTime", "15m",
                List.of(in("parley_media_rtt_seconds_sum", rttSum, "0+6x20"), in("parley_media_rtt_seconds_count", rttCount, "0+60x20")));

        String silence = "parley_mixer_booth_silence_seconds";
        Map<String, String> spanish = live(silence, Map.of("meeting", meetingId, "booth", "es"));
        Map<String, String> french = live(silence, Map.of("meeting", meetingId, "booth", "fr"));
        tests.fires("ParleySilentLiveBooth", "2m", List.of(in(silence, spanish, "0+60x10"), in(silence, french, "0 5 0 3 0")),
                List.of(new Expected(spanish, 120)));
        tests.staysQuiet("ParleySilentLiveBooth", "2m", List.of(in(silence, spanish, "0+10x10"), in(silence, french, "0+0x10")));

        // The score histogram: 12 scores a minute, 2 in (1.5, 2.0] and 10 in (2.0, 2.5]: the median is 2.2.
        String bucket = QUALITY_FAMILY + "_bucket";
        Map<Double, Integer> poor = Map.of(2.0, 2, 2.5, 10);
        Map<Double, Integer> good = Map.of(4.5, 12);
        tests.fires("ParleyMeetingScoreLow", "15m", histogram(bucket, meetingId, poor),
                List.of(new Expected(withTarget(Map.of("meeting", meetingId)), 2.2)));
        tests.staysQuiet("ParleyMeetingScoreLow", "15m", histogram(bucket, meetingId, good));

        String overruns = "parley_mixer_tick_overruns_total";
        Map<String, String> meetingOverruns = live(overruns, Map.of("meeting", meetingId));
        tests.fires("ParleyMixerOverruns", "15m", List.of(in(overruns, meetingOverruns, "0+60x20")),
                List.of(new Expected(meetingOverruns, 1)));
        tests.staysQuiet("ParleyMixerOverruns", "15m", List.of(in(overruns, meetingOverruns, "0+6x20")));

        String concealed = "parley_mixer_source_frames_concealed_total";
        Map<String, String> meetingConcealed = live(concealed, Map.of("meeting", meetingId));
        tests.fires("ParleyMixerSourceConcealment", "20m", List.of(in(concealed, meetingConcealed, "0+600x30")),
                List.of(new Expected(meetingConcealed, 10)));
        tests.staysQuiet("ParleyMixerSourceConcealment", "20m", List.of(in(concealed, meetingConcealed, "0+60x30")));

        String setups = "parley_sip_call_setups_total";
        Map<String, String> answered = live(setups, Map.of("outcome", "answered"));
        Map<String, String> refused = live(setups, Map.of("outcome", "refused"));
        Map<String, String> failed = live(setups, Map.of("outcome", "failed"));
        tests.fires("ParleySipCallSetupsFailing", "5m",
                List.of(in(setups, failed, "0 0 0 1 1 1 1 1"), in(setups, answered, "0+1x7"), in(setups, refused, "0+0x7")),
                List.of(new Expected(target, 1)));
        tests.staysQuiet("ParleySipCallSetupsFailing", "5m",
                List.of(in(setups, failed, "0+0x7"), in(setups, answered, "0+1x7"), in(setups, refused, "0+5x7")));
        tests.fires("ParleySipCallsRefused", "16m",
                List.of(in(setups, refused, "0+1x20"), in(setups, answered, "0+0x20"), in(setups, failed, "0+0x20")),
                List.of(new Expected(target, 1)));
        tests.staysQuiet("ParleySipCallsRefused", "16m",
                List.of(in(setups, refused, "0+1x20"), in(setups, answered, "0+2x20"), in(setups, failed, "0+0x20")));

        Map<String, String> writeFailures = live("parley_store_write_failures_total", Map.of());
        Map<String, String> storeDropped = live("parley_store_dropped_total", Map.of());
        tests.fires("ParleyStoreWritesFailing", "4m", List.of(in("parley_store_write_failures_total", writeFailures, "0 0 1 1 1"),
                in("parley_store_dropped_total", storeDropped, "0+0x4")), List.of(new Expected(writeFailures, 1)));
        tests.fires("ParleyStoreWritesFailing", "4m", List.of(in("parley_store_write_failures_total", writeFailures, "0+0x4"),
                in("parley_store_dropped_total", storeDropped, "0 0 5 5 5")), List.of(new Expected(storeDropped, 5)));
        tests.staysQuiet("ParleyStoreWritesFailing", "4m", List.of(in("parley_store_write_failures_total", writeFailures, "3+0x4"),
                in("parley_store_dropped_total", storeDropped, "0+0x4")));

        Map<String, String> backupFailures = live("parley_store_backup_failures_total", Map.of());
        tests.fires("ParleyStoreBackupsFailing", "4m", List.of(in("parley_store_backup_failures_total", backupFailures, "0 0 1 1 1")),
                List.of(new Expected(backupFailures, 1)));
        tests.staysQuiet("ParleyStoreBackupsFailing", "4m", List.of(in("parley_store_backup_failures_total", backupFailures, "0+0x4")));

        Map<String, String> operationFailures = live("parley_store_operation_failures_total", Map.of());
        tests.fires("ParleyStoreOperationsFailing", "4m",
                List.of(in("parley_store_operation_failures_total", operationFailures, "0 0 2 2 2")),
                List.of(new Expected(operationFailures, 2)));
        tests.staysQuiet("ParleyStoreOperationsFailing", "4m",
                List.of(in("parley_store_operation_failures_total", operationFailures, "7+0x4")));

        Map<String, String> recordingDrops = live("parley_recording_dropped_frames_total", Map.of());
        tests.fires("ParleyRecordingFramesDropped", "4m",
                List.of(in("parley_recording_dropped_frames_total", recordingDrops, "0 0 25 25 25")),
                List.of(new Expected(recordingDrops, 25)));
        tests.staysQuiet("ParleyRecordingFramesDropped", "4m",
                List.of(in("parley_recording_dropped_frames_total", recordingDrops, "40+0x4")));

        assertEquals(tests.alerts(), tests.covered(), "every alert of the rules file has a firing and a quiet case here");
        MetricsScrape.PromtoolResult result = tests.run(work);
        assertEquals(0, result.exitCode(), "promtool test rules:\n" + result.output() + "\n"
                + Files.readString(work.resolve("parley-alerts.test.yml")));
    }

    @Test
    @Order(2)
    void theDashboardAndItsProvisioningAreWhatGrafanaNeeds() throws Exception {
        String text = Files.readString(DASHBOARD);
        JsonNode dashboard = JSON.readTree(text);
        assertEquals("parley-overview", dashboard.get("uid").asText(), "a stable uid: links and provisioning keep it");
        assertTrue(dashboard.has("id") && dashboard.get("id").isNull(), "\"id\": null, so Grafana assigns its own");
        assertFalse(dashboard.has("__inputs") || text.contains("${DS_"), "a datasource variable, not import-time inputs");

        JsonNode datasource = null;
        for (JsonNode variable : dashboard.get("templating").get("list")) {
            if (variable.get("name").asText().equals("datasource")) {
                datasource = variable;
            } else if (variable.has("datasource")) {
                assertReadsTheVariable(variable.get("datasource"), "variable " + variable.get("name"));
            }
        }
        assertNotNull(datasource, "a datasource variable");
        assertEquals("datasource", datasource.get("type").asText());
        assertEquals("prometheus", datasource.get("query").asText());

        Set<Integer> ids = new TreeSet<>();
        Set<String> titles = new TreeSet<>();
        for (JsonNode panel : panels(dashboard)) {
            assertTrue(ids.add(panel.get("id").asInt()), "panel ids are unique: " + panel.get("id"));
            assertTrue(panel.has("gridPos"), panel.get("title") + " has a place");
            if (panel.get("type").asText().equals("row")) {
                continue;
            }
            titles.add(panel.get("title").asText());
            assertReadsTheVariable(panel.get("datasource"), "panel " + panel.get("title"));
            assertFalse(panel.get("targets").isEmpty(), panel.get("title") + " has queries");
            for (JsonNode query : panel.get("targets")) {
                assertReadsTheVariable(query.get("datasource"), "a query of panel " + panel.get("title"));
            }
        }
        assertTrue(titles.containsAll(Set.of("Meetings", "Participants", "Median score per meeting", "Score distribution",
                "Listeners per channel", "Transport kinds", "Mixer tick time", "Mixer overruns", "Dial-in call setups",
                "Store failures", "Limit refusals", "Booth silence")), titles.toString());

        JsonNode provider = PromtoolRuleTests.yaml().readTree(DASHBOARD_PROVIDER.toFile());
        assertEquals(1, provider.get("apiVersion").asInt());
        JsonNode files = provider.get("providers").get(0);
        assertEquals("file", files.get("type").asText());
        assertTrue(files.get("options").get("path").asText().startsWith("/"), "an absolute path Grafana reads dashboards from");
        JsonNode sources = PromtoolRuleTests.yaml().readTree(DATASOURCE.toFile());
        assertEquals(1, sources.get("apiVersion").asInt());
        assertEquals("prometheus", sources.get("datasources").get(0).get("type").asText());
        assertTrue(sources.get("datasources").get(0).get("url").asText().startsWith("http"));
    }

    @Test
    @Order(3)
    void theMeetingsSeriesLeaveWithIt() throws Exception {
        assertTrue(scrape.text().contains("meeting=\"" + meetingId + "\""));
        api.deleteMeeting(meetingId);
        MetricsScrape after = awaitScrape(now -> !now.text().contains(meetingId));
        assertEquals(List.of(), after.series("parley_channel_listeners"), "no other meeting runs");
        assertEquals(List.of(), after.series("parley_mixer_booth_silence_seconds"));
    }

    // --- the live world

    private SignalingClient join(String invitation) throws Exception {
        return api.join(meetingId, invitation);
    }

    private String token(String invitation) throws Exception {
        return api.invite(meetingId, invitation).get("token").asText();
    }

    private <T extends AutoCloseable> T peer(T peer) {
        peers.add(peer);
        return peer;
    }

    /** Scrapes until {@code ready} holds (a missing series counts as not yet), for at most 30 s. */
    private MetricsScrape awaitScrape(Predicate<MetricsScrape> ready) throws Exception {
        return MetricsScrape.await(http, server.httpPort(), Duration.ofSeconds(30), ready);
    }

    private double sum(String name, Map<String, String> match) {
        double total = 0;
        for (Map<String, String> labels : scrape.series(name)) {
            if (labels.entrySet().containsAll(match.entrySet())) {
                total += scrape.value(name, labels);
            }
        }
        return total;
    }

    // --- the scrape's shapes

    /**
     * The label names of {@code name} as Prometheus stores it (the scrape's plus job and instance), or
     * null if Parley does not export it.
     */
    private Set<String> labelsOf(String name) {
        List<Map<String, String>> series = scrape.series(name);
        if (series.isEmpty()) {
            return null;
        }
        Set<String> labels = new TreeSet<>(TARGET_LABELS);
        series.forEach(one -> labels.addAll(one.keySet()));
        return labels;
    }

    /** The one series of {@code name} whose labels include {@code match}, with job and instance, as Prometheus stores it. */
    private Map<String, String> live(String name, Map<String, String> match) {
        List<Map<String, String>> found = scrape.series(name).stream()
                .filter(labels -> labels.entrySet().containsAll(match.entrySet())).toList();
        assertEquals(1, found.size(), name + match + " in the scrape: " + found);
        return withTarget(found.getFirst());
    }

    private Map<String, String> withTarget(Map<String, String> labels) {
        Map<String, String> stored = new TreeMap<>(labels);
        stored.putAll(target);
        return stored;
    }

    private static Series in(String name, Map<String, String> labels, String values) {
        return new Series(name, labels, values);
    }

    /**
     * Bucket series of {@code meeting} (the scrape's shapes) growing each
     * minute by {@code perMinute} scores in the bucket whose upper bound is the key.
     */
    private List<Series> histogram(String bucket, String meeting, Map<Double, Integer> perMinute) {
        List<Map<String, String>> shapes = scrape.series(bucket);
        List<Series> series = new ArrayList<>();
        for (Map<String, String> labels : shapes) {
            if (!meeting.equals(labels.get("meeting"))) {
                continue;
            }
            double le = labels.get("le").equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(labels.get("le"));
            int cumulative = perMinute.entrySet().stream().filter(entry -> entry.getKey() <= le)
                    .mapToInt(Map.Entry::getValue).sum();
            series.add(in(bucket, withTarget(labels), "0+" + cumulative + "x20"));
        }
        assertFalse(series.isEmpty(), "no buckets of " + meeting);
        return series;
    }

    // --- the dashboard

    /** Every panel, those inside rows too. */
    private static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> all = new ArrayList<>();
        for (JsonNode panel : dashboard.get("panels")) {
            all.add(panel);
            panel.path("panels").forEach(all::add);
        }
        return all;
    }

    /**
     * A Grafana query as Prometheus receives it: {@code $__rate_interval} and the other interval
     * variables become durations, the dashboard's own variables (all multi-valued, matched with
     * {@code =~}) the regular expression of "All".
     */
    private static String grafanaToPromQl(String query, Set<String> variables) {
        Matcher variable = GRAFANA_VARIABLE.matcher(query);
        StringBuilder out = new StringBuilder();
        while (variable.find()) {
            String name = variable.group(1);
            String value = switch (name) {
                case "__rate_interval", "__interval", "__range" -> "5m";
                default -> {
                    if (!variables.contains(name)) {
                        throw new AssertionError("the query uses $" + name + ", which the dashboard does not define: " + query);
                    }
                    yield ".*";
                }
            };
            variable.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        variable.appendTail(out);
        return out.toString();
    }

    private static void assertReadsTheVariable(JsonNode datasource, String what) {
        assertNotNull(datasource, what + " names its datasource");
        assertEquals("prometheus", datasource.path("type").asText(), what + ": " + datasource);
        assertEquals("${datasource}", datasource.path("uid").asText(), what + " reads the datasource variable: " + datasource);
    }
}
