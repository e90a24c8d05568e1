package org.parley.signaling.turn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.parley.signaling.config.TurnConfig;

class TurnCredentialsTest {

    private static final List<String> URLS = List.of("turn:turn.example.org:3478?transport=udp",
            "turns:turn.example.org:5349?transport=tcp");
    private static final String PARTICIPANT = "2f0d6a0e-8c5e-4b8e-9a53-6c1f4f0e2a11";

    @Test
    void theUsernameIsTheExpiryAndTheParticipantAndThePasswordItsHmacSha1() {
        Clock clock = Clock.fixed(Instant.ofEpochSecond(1_699_996_400L), ZoneOffset.UTC);
        TurnCredentials credentials = new TurnCredentials(
                new TurnConfig(URLS, "north-by-northwest-1959", Duration.ofHours(1)), clock);

        TurnCredentials.IceServer server = credentials.issue(PARTICIPANT);

        assertEquals(URLS, server.urls());
        assertEquals("1700000000:" + PARTICIPANT, server.username());
        assertEquals(1_700_000_000L, server.expiresAtEpochSecond());
        // From `printf %s '1700000000:2f0d…2a11' | openssl dgst -sha1 -hmac north-by-northwest-1959 -binary | base64`.
        assertEquals("baut64PEGxaIvYF3fcY5y6Yf8qU=", server.credential());
    }

    @Test
    void eachIssueCountsFromNowAndAnotherSecretGivesAnotherPassword() {
        Instant start = Instant.ofEpochSecond(1_800_000_000L);
        TurnConfig config = new TurnConfig(URLS, "north-by-northwest-1959", Duration.ofSeconds(600));
        TurnCredentials.IceServer first = new TurnCredentials(config, Clock.fixed(start, ZoneOffset.UTC)).issue(PARTICIPANT);
        TurnCredentials.IceServer later = new TurnCredentials(config,
                Clock.fixed(start.plusSeconds(90), ZoneOffset.UTC)).issue(PARTICIPANT);
        TurnCredentials.IceServer otherSecret = new TurnCredentials(
                new TurnConfig(URLS, "the-thirty-nine-steps-1935", Duration.ofSeconds(600)),
                Clock.fixed(start, ZoneOffset.UTC)).issue(PARTICIPANT);

        assertEquals(1_800_000_600L, first.expiresAtEpochSecond());
        assertEquals(1_800_000_690L, later.expiresAtEpochSecond());
        assertNotEquals(first.credential(), later.credential());
        assertEquals(first.username(), otherSecret.username());
        assertNotEquals(first.credential(), otherSecret.credential());
    }

    @Test
    void theSecretStaysOutOfTheConfigurationsText() {
        TurnConfig config = new TurnConfig(URLS, "north-by-northwest-1959", Duration.ofDays(1));

        assertEquals(-1, config.toString().indexOf("north-by-northwest"), config.toString());
    }
}
