package org.parley.signaling.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.parley.media.MediaConfig;
import org.parley.mixer.opus.RateMode;
import org.parley.mixer.tier.TierSet;
import org.parley.signaling.meeting.FloorMode;
import org.parley.signaling.meeting.ListenerTiers;
import org.parley.signaling.tls.SelfSignedCertificate;
import org.parley.signaling.tls.TestCertificates;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private Path file(String json) throws IOException {
        return Files.writeString(dir.resolve("parley.json"), json);
    }

    @Test
    void defaultsComeFromTheEmbeddedFile() throws Exception {
        ParleyConfig config = ConfigLoader.load(new String[0], Map.of());

        assertEquals(new HttpConfig("0.0.0.0", 8080), config.http());
        assertEquals(new MediaConfig("0.0.0.0", "127.0.0.1", 10000, 10000), config.media(),
                "ICE-TCP on by default, on the UDP port's number");
        assertEquals(new SignalingLimits(50, 100), config.limits());
        assertEquals(new SipConfig(true, "0.0.0.0", 5060), config.sip());
        assertEquals(List.of(new MeetingConfig("demo", "Parley demo", List.of("ar", "zh", "en", "fr", "ru", "es"), true,
                FloorMode.OPEN, TierSet.defaults().names(), false, true)), config.meetings(),
                "the demo keeps an open floor, and is webcast");
        assertEquals(WebcastConfig.DEFAULTS, config.webcast());
    }

    @Test
    void limitsAreReadFromTheLimitsObjectAndTheOldSignalingObjectStillSetsTheMessageRate() throws Exception {
        ParleyConfig defaults = ConfigLoader.load(new String[0], Map.of());
        assertEquals(new SignalingLimits(50, 100, 64, 4, 64, 1000), defaults.limits());

        Path path = file("""
                {"limits": {"mlinesPerTransport": 8, "producersPerParticipant": 1, "consumersPerParticipant": 6,
                            "participantsPerMeeting": 300, "messageBurst": 20},
                 "signaling": {"messagesPerSecond": 7}}
                """);
        ParleyConfig config = ConfigLoader.load(new String[] {"--config", path.toString()}, Map.of());
        assertEquals(new SignalingLimits(7, 20, 8, 1, 6, 300), config.limits());
    }

    @Test
    void connectionLimitsAreReadFromTheLimitsObject() throws Exception {
        ParleyConfig defaults = ConfigLoader.load(new String[0], Map.of());
        assertEquals(new SignalingLimits.ConnectionLimits(30, 30, 200, 5, 200), defaults.limits().connections());
        assertEquals(SignalingLimits.ConnectionLimits.DEFAULTS, defaults.limits().connections(),
                "the embedded file and the code agree");

        Path path = file("""
                {"limits": {"idleSeconds": 5, "joinSeconds": 7, "connectionsPerAddress": 3,
                            "joinsPerSecondPerAddress": 0.5, "joinBurstPerAddress": 9}}
                """);
        ParleyConfig config = ConfigLoader.load(new String[] {"--config", path.toString()}, Map.of());
        assertEquals(new SignalingLimits.ConnectionLimits(5, 7, 3, 0.5, 9), config.limits().connections());

        Path zero = file("""
                {"limits": {"idleSeconds": 0}}
                """);
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(new String[] {"--config", zero.toString()}, Map.of()));
        assertEquals("limits.idleSeconds: expected an integer 1..86400, got 0", e.getMessage());
    }

    @Test
    void aLimitOutOfRangeNamesItsKey() throws Exception {
        Path path = file("""
                {"limits": {"mlinesPerTransport": 65}}
                """);
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(new String[] {"--config", path.toString()}, Map.of()));
        assertEquals("limits.mlinesPerTransport: expected an integer 1..64, got 65", e.getMessage());
    }

    @Test
    void aFileOverridesKeyByKeyAndReplacesArrays() throws Exception {
        Path path = file("""
                {"http": {"port": 9090},
                 "meetings": [{"id": "un-ga", "title": "General Assembly", "languages": ["en", "fr"]}]}
                """);

        ParleyConfig config = ConfigLoader.load(new String[] {"--config", path.toString()}, Map.of());

        assertEquals(new HttpConfig("0.0.0.0", 9090), config.http());
        assertEquals(10000, config.media().udpPort());
        assertEquals(List.of(new MeetingConfig("un-ga", "General Assembly", List.of("en", "fr"), false, FloorMode.OPEN,
                TierSet.defaults().names())), config.meetings());
    }

    @Test
    void aConfiguredMeetingMayAdmitAnonymousObserversAndTheirNumberIsLimited() throws Exception {
        Path path = file("""
                {"limits": {"observersPerMeeting": 2000},
                 "meetings": [{"id": "plenary", "title": "Plenary", "languages": ["en", "fr"], "anonymousObservers": true}]}
                """);

        ParleyConfig config = ConfigLoader.load(new String[] {"--config", path.toString()}, Map.of());

        assertEquals(List.of(new MeetingConfig("plenary", "Plenary", List.of("en", "fr"), false, FloorMode.OPEN,
                TierSet.defaults().names(), true, false)), config.meetings());
        assertEquals(2000, config.limits().observersPerMeeting());
        assertEquals(SignalingLimits.DEFAULT_OBSERVERS_PER_MEETING, ConfigLoader.load(new String[0], Map.of())
                .limits().observersPerMeeting());
    }

    @Test
    void theEnvironmentNamesAFileWhenTheCommandLineDoesNot() throws Exception {
        Path path = file("{\"media\": {\"announcedAddress\": \"192.0.2.7\"}}");

        ParleyConfig config = ConfigLoader.load(new String[0], Map.of(ConfigLoader.CONFIG_ENV, path.toString()));

        assertEquals("192.0.2.7", config.media().announcedAddress());
    }

    @Test
    void commandLineOverridesWin() throws Exception {
        Path path = file("{\"http\": {\"port\": 9090}, \"media\": {\"udpPort\": 20000}}");

        ParleyConfig config = ConfigLoader.load(new String[] {"--config", path.toString(), "--http-port", "8181",
                "--udp-port=0", "--tcp-port", "4443", "--announced-address", "198.51.100.1", "--bind-address", "127.0.0.1"},
                Map.of());

        assertEquals(new HttpConfig("127.0.0.1", 8181), config.http());
        assertEquals(new MediaConfig("127.0.0.1", "198.51.100.1", 0, 4443), config.media());
        assertEquals(new SipConfig(true, "127.0.0.1", 5060), config.sip(), "--bind-address binds SIP too");
    }

    @Test
    void theIceTcpPortIsConfiguredOrTurnedOff() throws Exception {
        ParleyConfig moved = ConfigLoader.load(new String[] {"--config",
                file("{\"media\": {\"tcpPort\": 4443}}").toString()}, Map.of());
        assertEquals(4443, moved.media().tcpPort());

        ParleyConfig off = ConfigLoader.load(new String[] {"--config",
                file("{\"media\": {\"tcpPort\": null}}").toString()}, Map.of());
        assertEquals(MediaConfig.TCP_DISABLED, off.media().tcpPort());
        assertFalse(off.media().tcpEnabled());

        ConfigException bad = assertThrows(ConfigException.class, () -> ConfigLoader.load(new String[] {"--config",
                file("{\"media\": {\"tcpPort\": 70000}}").toString()}, Map.of()));
        assertEquals("media.tcpPort: expected an integer 0..65535, got 70000", bad.getMessage());
    }

    @Test
    void theSipPortHasAnOptionOfItsOwn() throws Exception {
        ParleyConfig config = ConfigLoader.load(new String[] {"--sip-port", "5080"}, Map.of());

        assertEquals(5080, config.sip().port());
    }

    @Test
    void sipCanBeMovedOrTurnedOff() throws Exception {
        Path path = file("{\"sip\": {\"port\": 5080, \"enabled\": false}}");

        ParleyConfig config = ConfigLoader.load(new String[] {"--config", path.toString()}, Map.of());

        assertEquals(new SipConfig(false, "0.0.0.0", 5080), config.sip());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"http\": {\"port\": \"x\"}}|http.port",
            "{\"http\": {\"port\": 70000}}|http.port",
            "{\"media\": {\"udpPort\": -1}}|media.udpPort",
            "{\"media\": {\"announcedAddress\": \"\"}}|media.announcedAddress",
            "{\"media\": {\"bindAddress\": null}}|media.bindAddress",
            "{\"signaling\": {\"messagesPerSecond\": 0}}|signaling.messagesPerSecond",
            "{\"htp\": {\"port\": 1}}|htp",
            "{\"http\": []}|http",
            "{\"sip\": {\"port\": 65536}}|sip.port",
            "{\"sip\": {\"enabled\": \"yes\"}}|sip.enabled",
            "{\"sip\": {\"transport\": \"tcp\"}}|sip.transport",
            "{\"meetings\": {}}|meetings",
            "{\"meetings\": [{\"id\": \"a b\", \"title\": \"t\", \"languages\": []}]}|meetings[0].id",
            "{\"meetings\": [{\"id\": \"a\", \"title\": \"t\", \"languages\": [1]}]}|meetings[0].languages[0]",
            "{\"meetings\": [{\"id\": \"a\", \"title\": \"t\", \"languages\": []}, {\"id\": \"a\", \"title\": \"u\", \"languages\": []}]}|meetings[1].id",
            "{\"meetings\": [{\"id\": \"a\", \"title\": \"t\", \"languages\": [], \"open\": \"yes\"}]}|meetings[0].open",
            "{\"meetings\": [{\"id\": \"a\", \"title\": \"t\", \"languages\": [\"en\"], \"floorControl\": \"chair\"}]}|meetings[0].floorControl: expected \"open\" or \"chaired\", got \"chair\"",
            "{\"meetings\": [{\"id\": \"a\", \"title\": \"t\", \"languages\": [\"en\"], \"tierPolicy\": [\"hifi\"]}]}|meetings[0].tierPolicy[0]: \"hifi\" is not one of the tiers [studio, standard, low, minimal]",
            "{\"meetings\": [{\"id\": \"a\", \"title\": \"t\", \"languages\": [\"en\"], \"tierPolicy\": []}]}|meetings[0].tierPolicy: allow at least one of the tiers",
            "{\"meetings\": [{\"id\": \"a\", \"title\": \"t\", \"languages\": [\"en\"], \"tierPolicy\": [\"low\", \"low\"]}]}|meetings[0].tierPolicy[1]: \"low\" is listed twice",
            "{\"store\": {\"dataDirectory\": \"\"}}|store.dataDirectory",
            "{\"store\": {\"path\": \"/tmp\"}}|store.path",
            "{\"admin\": {\"apiKey\": \"short\"}}|admin.apiKey",
            "{\"auth\": {\"tokenKey\": \"not base64!\"}}|auth.tokenKey",
            "{\"auth\": {\"tokenKey\": \"c2hvcnQ=\"}}|auth.tokenKey",
            "{\"mixer\": {\"frameMs\": 15}}|mixer.frameMs: expected 10 or 20 (milliseconds per mixer tick), got 15",
            "{\"mixer\": {\"frameMs\": \"10\"}}|mixer.frameMs",
            "{\"mixer\": {\"tick\": 10}}|mixer.tick",
            "{\"webcast\": {\"tier\": \"hifi\"}}|webcast.tier: no tier \"hifi\" in mixer.tiers",
            "{\"webcast\": {\"tier\": \"low\"}}|webcast.segmentSeconds: 2 s does not hold whole 120 ms packets of tier low",
            "{\"webcast\": {\"segmentSeconds\": 0}}|webcast.segmentSeconds",
            "{\"webcast\": {\"windowSegments\": 2}}|webcast.windowSegments",
            "{\"webcast\": {\"format\": \"ts\"}}|webcast.format",
            "{\"meetings\": [{\"id\": \"a\", \"title\": \"t\", \"languages\": [\"en\"], \"webcast\": \"yes\"}]}|meetings[0].webcast",
            "{\"turn\": {\"urls\": [], \"secret\": \"0123456789abcdef\", \"ttlSeconds\": 3600}}|turn.urls: expected at least one",
            "{\"turn\": {\"urls\": [\"stun:t.example.org\"], \"secret\": \"0123456789abcdef\", \"ttlSeconds\": 3600}}|turn.urls[0]: expected a TURN URL",
            "{\"turn\": {\"urls\": [\"turn:t.example.org:99999\"], \"secret\": \"0123456789abcdef\", \"ttlSeconds\": 3600}}|turn.urls[0]: port 99999",
            "{\"turn\": {\"urls\": [\"turn:t.example.org?transport=sctp\"], \"secret\": \"0123456789abcdef\", \"ttlSeconds\": 3600}}|turn.urls[0]",
            "{\"turn\": {\"urls\": [\"turns:t.example.org:5349?transport=udp\"], \"secret\": \"0123456789abcdef\", \"ttlSeconds\": 3600}}|turn.urls[0]: browsers reach a turns: server over TLS",
            "{\"turn\": {\"urls\": [\"turn:t.example.org\"], \"ttlSeconds\": 3600}}|turn.secret: missing",
            "{\"turn\": {\"urls\": [\"turn:t.example.org\"], \"secret\": \"short\", \"ttlSeconds\": 3600}}|turn.secret: the TURN secret must have at least 16",
            "{\"turn\": {\"urls\": [\"turn:t.example.org\"], \"secret\": \"0123456789abcdef\", \"secretFile\": \"/x\", \"ttlSeconds\": 3600}}|turn.secretFile: give either",
            "{\"turn\": {\"urls\": [\"turn:t.example.org\"], \"secretFile\": \"/nonexistent/turn-secret\", \"ttlSeconds\": 3600}}|turn.secretFile: cannot read",
            "{\"turn\": {\"urls\": [\"turn:t.example.org\"], \"secret\": \"0123456789abcdef\", \"ttlSeconds\": 10}}|turn.ttlSeconds: expected an integer 60..604800",
            "{\"turn\": {\"urls\": [\"turn:t.example.org\"], \"secret\": \"0123456789abcdef\"}}|turn.ttlSeconds: missing",
            "{\"turn\": {\"url\": \"turn:t.example.org\"}}|turn.url: unknown key",
            "{\"turn\": \"turn:t.example.org\"}|turn: expected an object",
            "[1]|top level",
            "{\"http\": |invalid JSON",
    })
    void badFilesNameTheKey(String json, String key) throws Exception {
        Path path = file(json);

        ConfigException error = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(new String[] {"--config", path.toString()}, Map.of()));

        assertTrue(error.getMessage().contains(key), error.getMessage());
    }

    @Test
    void theRemovedIoThreadsKeyIsRefusedWithTheReason() throws Exception {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(new String[] {"--config",
                file("{\"media\": {\"ioThreads\": 0}}").toString()}, Map.of()));
        assertTrue(e.getMessage().startsWith("media.ioThreads: removed"), e.getMessage());
        assertTrue(e.getMessage().contains("one event loop thread"), e.getMessage());
    }

    @Test
    void storeBackupKeys() throws Exception {
        Path path = file("{\"store\": {\"backupEveryHours\": 0.5, \"backupsKept\": 3}}");
        StoreConfig store = ConfigLoader.load(new String[] {"--config", path.toString()}, Map.of()).store();
        assertEquals(java.time.Duration.ofMinutes(30), store.backupEvery());
        assertEquals(3, store.backupsKept());
        assertEquals(java.time.Duration.ZERO, store.simulatedWriteDelay(), "not settable from a file");
        StoreConfig off = ConfigLoader.load(new String[] {"--config",
                file("{\"store\": {\"backupEveryHours\": 0}}").toString()}, Map.of()).store();
        assertTrue(off.backupEvery().isZero());
        assertEquals(java.time.Duration.ofHours(24), ParleyConfig.defaults().store().backupEvery());
        assertEquals(7, ParleyConfig.defaults().store().backupsKept());
        for (String bad : List.of("{\"backupEveryHours\": -1}", "{\"backupEveryHours\": \"daily\"}",
                "{\"backupEveryHours\": 0.0000001}", "{\"backupsKept\": 0}", "{\"writeDelay\": 5}")) {
            ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(new String[] {"--config",
                    file("{\"store\": " + bad + "}").toString()}, Map.of()), bad);
            assertTrue(e.getMessage().startsWith("store."), e.getMessage());
        }
    }

    @Test
    void securityAndStoreKeys() throws Exception {
        String tokenKey = Base64.getEncoder().encodeToString(new byte[32]);
        Path path = file("{\"store\": {\"dataDirectory\": \"/var/lib/parley\"}, \"admin\": {\"apiKey\": \"0123456789abcdef\"},"
                + " \"auth\": {\"tokenKey\": \"" + tokenKey + "\"}}");

        ParleyConfig config = ConfigLoader.load(new String[] {"--config", path.toString()}, Map.of());

        assertEquals(new StoreConfig(Path.of("/var/lib/parley")), config.store());
        assertEquals(new AdminConfig(Optional.of("0123456789abcdef")), config.admin());
        assertEquals(new AuthConfig(Optional.of(tokenKey)), config.auth());
        ParleyConfig defaults = ParleyConfig.defaults();
        assertEquals(new StoreConfig(Path.of("./data")), defaults.store());
        assertEquals(new AdminConfig(Optional.empty()), defaults.admin(), "generated at start");
        assertEquals(new AuthConfig(Optional.empty()), defaults.auth(), "generated once, kept in the store");
    }

    @Test
    void turnServersAreOptionalAndTheirSecretComesFromTheFileTheSecretFileOrTheEnvironment() throws Exception {
        assertEquals(Optional.empty(), ParleyConfig.defaults().turn(), "no TURN unless configured");
        List<String> urls = List.of("turn:turn.example.org:3478?transport=udp", "turn:turn.example.org:3478?transport=tcp",
                "turns:turn.example.org:5349?transport=tcp", "turn:[2001:db8::1]", "turn:192.0.2.1:3478");
        String urlsJson = "[\"" + String.join("\", \"", urls) + "\"]";

        Path inline = file("{\"turn\": {\"urls\": " + urlsJson + ", \"secret\": \"0123456789abcdef\", \"ttlSeconds\": 86400}}");
        TurnConfig turn = ConfigLoader.load(new String[] {"--config", inline.toString()}, Map.of()).turn().orElseThrow();
        assertEquals(urls, turn.urls());
        assertEquals("0123456789abcdef", turn.secret());
        assertEquals(Duration.ofDays(1), turn.ttl());

        Path secret = Files.writeString(dir.resolve("turn-secret"), "from-a-file-0123456789\n");
        Path fromFile = Files.writeString(dir.resolve("file.json"), "{\"turn\": {\"urls\": [\"turn:t.example.org\"],"
                + " \"secretFile\": \"" + secret + "\", \"ttlSeconds\": 600}}");
        assertEquals("from-a-file-0123456789",
                ConfigLoader.load(new String[] {"--config", fromFile.toString()}, Map.of()).turn().orElseThrow().secret());

        Path fromEnvironment = Files.writeString(dir.resolve("env.json"),
                "{\"turn\": {\"urls\": [\"turn:t.example.org\"], \"ttlSeconds\": 600}}");
        assertEquals("from-the-environment-42", ConfigLoader.load(new String[] {"--config", fromEnvironment.toString()},
                Map.of(ConfigLoader.TURN_SECRET_ENV, "from-the-environment-42")).turn().orElseThrow().secret());

        Path off = Files.writeString(dir.resolve("off.json"), "{\"turn\": null}");
        assertEquals(Optional.empty(), ConfigLoader.load(new String[] {"--config", off.toString()}, Map.of()).turn());
    }

    @Test
    void theTokenKeyComesFromTheFileTheKeyFileOrTheEnvironment() throws Exception {
        String fileKey = Base64.getEncoder().encodeToString(new byte[32]);
        Path keyFile = Files.writeString(dir.resolve("token-key"), fileKey + "\n");
        Path fromFile = Files.writeString(dir.resolve("key-file.json"), "{\"auth\": {\"tokenKeyFile\": \"" + keyFile + "\"}}");
        assertEquals(Optional.of(fileKey),
                ConfigLoader.load(new String[] {"--config", fromFile.toString()}, Map.of()).auth().tokenKey());

        byte[] other = new byte[48];
        other[0] = 7;
        String envKey = Base64.getEncoder().encodeToString(other);
        Path none = Files.writeString(dir.resolve("no-key.json"), "{}");
        assertEquals(Optional.of(envKey), ConfigLoader.load(new String[] {"--config", none.toString()},
                Map.of(ConfigLoader.TOKEN_KEY_ENV, envKey)).auth().tokenKey());
        assertEquals(Optional.of(fileKey), ConfigLoader.load(new String[] {"--config", fromFile.toString()},
                Map.of(ConfigLoader.TOKEN_KEY_ENV, envKey)).auth().tokenKey(), "the configuration wins over the environment");
        assertEquals(Optional.empty(), ConfigLoader.load(new String[] {"--config", none.toString()}, Map.of()).auth().tokenKey());

        ConfigException both = assertThrows(ConfigException.class, () -> ConfigLoader.load(new String[] {"--config",
                Files.writeString(dir.resolve("both.json"), "{\"auth\": {\"tokenKey\": \"" + fileKey
                        + "\", \"tokenKeyFile\": \"" + keyFile + "\"}}").toString()}, Map.of()));
        assertTrue(both.getMessage().contains("auth.tokenKeyFile: give either"), both.getMessage());
        ConfigException shortEnv = assertThrows(ConfigException.class, () -> ConfigLoader.load(
                new String[] {"--config", none.toString()}, Map.of(ConfigLoader.TOKEN_KEY_ENV, "c2hvcnQ=")));
        assertTrue(shortEnv.getMessage().contains(ConfigLoader.TOKEN_KEY_ENV), shortEnv.getMessage());
        assertTrue(!shortEnv.getMessage().contains("c2hvcnQ="), "the key itself is never in a message");
    }

    @Test
    void theMixerTicksEvery20MsUnlessConfiguredTo10() throws Exception {
        assertEquals(new MixerConfig(20), ParleyConfig.defaults().mixer());
        Path path = file("{\"mixer\": {\"frameMs\": 10}}");

        ParleyConfig config = ConfigLoader.load(new String[] {"--config", path.toString()}, Map.of());

        assertEquals(new MixerConfig(10), config.mixer());
    }

    @Test
    void theEmbeddedTiersAreTheMixersDefaultsAndEachSettingCanBeOverridden() throws Exception {
        assertEquals(TierSet.defaults(), ParleyConfig.defaults().mixer().tiers(), "conf/parley.json spells out the defaults");
        // A confidential meeting room: speech packet lengths hidden (RFC 6562 §3).
        Path path = file("{\"mixer\": {\"tiers\": {\"standard\": {\"rateMode\": \"cbr\"}}}}");

        TierSet tiers = ConfigLoader.load(new String[] {"--config", path.toString()}, Map.of()).mixer().tiers();

        assertEquals(RateMode.CBR, tiers.get("standard").rateMode());
        assertEquals(TierSet.STANDARD.bitrate(), tiers.get("standard").bitrate(), "the rest stays");
        assertEquals(TierSet.LOW, tiers.get("low"));
    }

    @Test
    void aConfiguredMeetingMayChairItsFloorAndLimitItsTiers() throws Exception {
        Path path = file("""
                {"meetings": [{"id": "council", "title": "Council", "languages": ["en", "fr"],
                               "floorControl": "chaired", "tierPolicy": ["standard", "low"]}]}
                """);

        ParleyConfig config = ConfigLoader.load(new String[] {"--config", path.toString()}, Map.of());

        assertEquals(List.of(new MeetingConfig("council", "Council", List.of("en", "fr"), false, FloorMode.CHAIRED,
                List.of("standard", "low"))), config.meetings());
    }

    @Test
    void tiersMayBeRenamedAndAddedAndMeetingsNameTheConfiguredOnes() throws Exception {
        // "studio" dropped (null) and "hifi" in its place; "ultra" added.
        Path path = file("""
                {"mixer": {"tiers": {"studio": null,
                                     "hifi": {"bandwidth": "fb", "bitrate": 48000, "application": "audio"},
                                     "ultra": {"bandwidth": "fb", "bitrate": 96000}}},
                 "meetings": [{"id": "gala", "title": "Gala", "languages": ["en"], "tierPolicy": ["hifi", "ultra"]}]}
                """);

        ParleyConfig config = ConfigLoader.load(new String[] {"--config", path.toString()}, Map.of());

        assertEquals(List.of("standard", "low", "minimal", "hifi", "ultra"), config.mixer().tiers().names());
        assertEquals(List.of("ultra", "hifi", "standard", "low", "minimal"),
                ListenerTiers.of(config.mixer().tiers()).names(), "best first, wherever the file put them");
        assertEquals(List.of("hifi", "ultra"), config.meetings().getFirst().tierPolicy());
        Path studioGone = file("""
                {"mixer": {"tiers": {"studio": null}},
                 "meetings": [{"id": "gala", "title": "Gala", "languages": ["en"], "tierPolicy": ["studio"]}]}
                """);
        ConfigException refused = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(new String[] {"--config", studioGone.toString()}, Map.of()));
        assertEquals("meetings[0].tierPolicy[0]: \"studio\" is not one of the tiers [standard, low, minimal] (mixer.tiers)",
                refused.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"mixer\": {\"tiers\": {\"standard\": {\"rateMode\": \"sometimes\"}}}}|mixer.tiers: tier 'standard'",
            "{\"mixer\": {\"tiers\": {\"standard\": {\"bitrate\": 1}}}}|mixer.tiers: tier 'standard': bitrate",
            "{\"mixer\": {\"tiers\": []}}|mixer.tiers: expected an object",
    })
    void badTiersAreRefusedNamingTheSetting(String json, String expected) throws Exception {
        Path path = file(json);

        ConfigException refused = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(new String[] {"--config", path.toString()}, Map.of()));

        assertTrue(refused.getMessage().startsWith(expected), refused.getMessage());
    }

    @Test
    void atA10MsTickThe20MsTiersSend10MsFramesAndTheLongOnesKeepTheirs() {
        TierSet atTick = new MixerConfig(10).tiersAtTick();

        assertEquals(10, atTick.get("studio").frameMillis());
        assertEquals(10, atTick.get("standard").frameMillis());
        assertEquals(120, atTick.get("low").frameMillis());
        assertEquals(120, atTick.get("minimal").frameMillis());
        assertEquals(TierSet.defaults(), new MixerConfig(20).tiersAtTick());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "--http-port abc|--http-port",
            "--udp-port 65536|--udp-port",
            "--tcp-port x|--tcp-port",
            "--sip-port -1|--sip-port",
            "--http-port|--http-port",
            "--verbose|--verbose",
            "--config /nonexistent/parley.json|/nonexistent/parley.json",
    })
    void badCommandLinesNameTheOption(String commandLine, String option) {
        ConfigException error = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(commandLine.split(" "), Map.of()));

        assertTrue(error.getMessage().contains(option), error.getMessage());
    }
    @Test
    void aConfigFileDefinesTheOnlyMeetings() throws Exception {
        Path path = file("{\"http\": {\"port\": 9090}}");

        assertEquals(List.of(), ConfigLoader.load(new String[] {"--config", path.toString()}, Map.of()).meetings(),
                "no demo in a deployment that names none");
        assertEquals(List.of(), ConfigLoader.load(new String[0], Map.of(ConfigLoader.CONFIG_ENV, path.toString())).meetings());
        assertEquals(List.of("demo"), ConfigLoader.load(new String[0], Map.of()).meetings().stream()
                .map(MeetingConfig::id).toList(), "the run without a file keeps the demo");
        assertEquals(9090, ConfigLoader.load(new String[] {"--config", path.toString()}, Map.of()).http().port());
    }

    @Test
    void httpTlsReadsPemFilesOfEcAndRsaKeysInEveryCommonFormat() throws Exception {
        TestCertificates.PemPair ec = TestCertificates.write(dir, "ec", SelfSignedCertificate.KeyType.EC, "parley.test");
        TestCertificates.PemPair rsa = TestCertificates.write(dir, "rsa", SelfSignedCertificate.KeyType.RSA, "parley.test");
        Path ecSec1 = TestCertificates.writeTraditionalKey(ec.pair(), dir.resolve("ec-sec1.pem"));
        Path rsaPkcs1 = TestCertificates.writeTraditionalKey(rsa.pair(), dir.resolve("rsa-pkcs1.pem"));
        assertTrue(Files.readString(ecSec1).startsWith("-----BEGIN EC PRIVATE KEY-----"));
        assertTrue(Files.readString(rsaPkcs1).startsWith("-----BEGIN RSA PRIVATE KEY-----"));

        for (Path[] files : List.of(new Path[] {ec.certificate(), ec.privateKey()}, new Path[] {ec.certificate(), ecSec1},
                new Path[] {rsa.certificate(), rsa.privateKey()}, new Path[] {rsa.certificate(), rsaPkcs1})) {
            Path path = file(tlsJson(files[0], files[1]));

            HttpConfig http = ConfigLoader.load(new String[] {"--config", path.toString()}, Map.of()).http();

            assertEquals(Optional.of(new TlsConfig.PemFiles(files[0], files[1])), http.tls(), files[1].toString());
        }
        assertEquals(Optional.empty(), ParleyConfig.defaults().http().tls(), "plain HTTP by default");
    }

    @Test
    void publicUrlAndRedirectPort() throws Exception {
        TestCertificates.PemPair pair = TestCertificates.write(dir, "ec", SelfSignedCertificate.KeyType.EC, "parley.test");
        Path path = file("""
                {"http": {"port": 443, "redirectPort": 80, "publicUrl": "https://parley.example.org/",
                          "tls": {"certificate": "%s", "privateKey": "%s"}}}
                """.formatted(pair.certificate(), pair.privateKey()));

        HttpConfig http = ConfigLoader.load(new String[] {"--config", path.toString()}, Map.of()).http();

        assertEquals(OptionalInt.of(80), http.redirectPort());
        assertEquals(Optional.of(URI.create("https://parley.example.org/")), http.publicUrl());
        // Behind a TLS proxy: a redirect port without http.tls, to the proxy's https address.
        Path proxied = file("{\"http\": {\"redirectPort\": 8081, \"publicUrl\": \"https://parley.example.org:8443\"}}");
        assertEquals(OptionalInt.of(8081),
                ConfigLoader.load(new String[] {"--config", proxied.toString()}, Map.of()).http().redirectPort());
    }

    @Test
    void selfSignedComesFromTheCommandLineOrTheFile() throws Exception {
        assertEquals(Optional.of(new TlsConfig.SelfSigned("parley.test")),
                ConfigLoader.load(new String[] {"--self-signed", "parley.test"}, Map.of()).http().tls());
        Path path = file("{\"http\": {\"tls\": {\"selfSigned\": \"192.0.2.7\"}}}");
        assertEquals(Optional.of(new TlsConfig.SelfSigned("192.0.2.7")),
                ConfigLoader.load(new String[] {"--config", path.toString()}, Map.of()).http().tls());
    }

    @Test
    void badCertificateFilesNameTheSettingAndTheFile() throws Exception {
        TestCertificates.PemPair ec = TestCertificates.write(dir, "ec", SelfSignedCertificate.KeyType.EC, "parley.test");
        TestCertificates.PemPair other = TestCertificates.write(dir, "other", SelfSignedCertificate.KeyType.EC, "parley.test");
        TestCertificates.PemPair rsa = TestCertificates.write(dir, "rsa", SelfSignedCertificate.KeyType.RSA, "parley.test");
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n");
        Path empty = Files.writeString(dir.resolve("empty.pem"), "");
        Path encrypted = TestCertificates.writeEncryptedKey(ec.pair(), dir.resolve("encrypted.pem"));
        Object[][] cases = {
                {dir.resolve("missing.pem"), ec.privateKey(), "http.tls.certificate: " + dir.resolve("missing.pem")},
                {garbage, ec.privateKey(), "http.tls.certificate: " + garbage + ": not a PEM certificate file"},
                {empty, ec.privateKey(), "http.tls.certificate: " + empty + ": no \"BEGIN CERTIFICATE\" block"},
                {ec.certificate(), dir.resolve("missing-key.pem"), "http.tls.privateKey: " + dir.resolve("missing-key.pem")},
                {ec.certificate(), ec.certificate(), "http.tls.privateKey: " + ec.certificate() + ": no \"BEGIN PRIVATE KEY\" block"},
                {ec.certificate(), encrypted, "http.tls.privateKey: " + encrypted + ": the private key is encrypted"},
                {ec.certificate(), other.privateKey(), "http.tls.privateKey: " + other.privateKey()
                        + ": this private key does not belong to the certificate in " + ec.certificate()},
                {ec.certificate(), rsa.privateKey(), "http.tls.privateKey: " + rsa.privateKey() + ": a RSA key, but the certificate"},
        };
        for (Object[] bad : cases) {
            Path path = file(tlsJson((Path) bad[0], (Path) bad[1]));

            ConfigException error = assertThrows(ConfigException.class,
                    () -> ConfigLoader.load(new String[] {"--config", path.toString()}, Map.of()));

            assertTrue(error.getMessage().startsWith((String) bad[2]), error.getMessage() + " ≠ " + bad[2]);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"http\": {\"tls\": {\"certificate\": \"/c.pem\"}}}|http.tls.privateKey: missing",
            "{\"http\": {\"tls\": {\"privateKey\": \"/k.pem\"}}}|http.tls.certificate: missing",
            "{\"http\": {\"tls\": {\"cert\": \"/c.pem\"}}}|http.tls.cert: unknown key",
            "{\"http\": {\"tls\": \"on\"}}|http.tls: expected an object",
            "{\"http\": {\"tls\": {\"selfSigned\": \"not a host\"}}}|http.tls.selfSigned: expected a host name",
            "{\"http\": {\"tls\": {\"selfSigned\": \"a.test\", \"certificate\": \"/c.pem\"}}}|http.tls: either",
            "{\"http\": {\"publicUrl\": \"parley.example.org\"}}|http.publicUrl: expected https://HOST[:PORT]",
            "{\"http\": {\"publicUrl\": \"ftp://parley.example.org\"}}|http.publicUrl: expected https://HOST[:PORT]",
            "{\"http\": {\"publicUrl\": \"https://parley.example.org/meet\"}}|http.publicUrl: expected the site root",
            "{\"http\": {\"publicUrl\": \"https://parley.example.org/?a=b\"}}|http.publicUrl: expected the site root",
            "{\"http\": {\"publicUrl\": \"https://exa mple.org\"}}|http.publicUrl: not a URL",
            "{\"http\": {\"redirectPort\": 80}}|http.redirectPort: redirects to HTTPS, so it needs http.tls",
            "{\"http\": {\"redirectPort\": 80, \"publicUrl\": \"http://parley.example.org\"}}|http.redirectPort: redirects to HTTPS",
            "{\"http\": {\"redirectPort\": 70000}}|http.redirectPort: expected an integer 0..65535",
            "{\"http\": {\"port\": 8443, \"redirectPort\": 8443, \"publicUrl\": \"https://a.test\"}}|http.redirectPort: must differ",
    })
    void badHttpSettingsNameTheKey(String json, String expected) throws Exception {
        Path path = file(json);

        ConfigException error = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(new String[] {"--config", path.toString()}, Map.of()));

        assertTrue(error.getMessage().startsWith(expected), error.getMessage());
    }

    private static String tlsJson(Path certificate, Path privateKey) {
        return "{\"http\": {\"tls\": {\"certificate\": \"" + certificate + "\", \"privateKey\": \"" + privateKey + "\"}}}";
    }
}
