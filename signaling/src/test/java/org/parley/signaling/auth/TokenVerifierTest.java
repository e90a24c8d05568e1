package org.parley.signaling.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TokenVerifierTest {

    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    private final TokenSigner signer = new TokenSigner("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
    private final TokenVerifier verifier = new TokenVerifier(signer, TokenVerifierTest::state,
            Clock.fixed(NOW, ZoneOffset.UTC));

    private static InvitationStatus.State state(String invitationId) {
        return switch (invitationId) {
            case "i-1" -> InvitationStatus.State.LIVE;
            case "i-revoked" -> InvitationStatus.State.REVOKED;
            default -> InvitationStatus.State.UNKNOWN;
        };
    }

    private String token(String invitationId, Instant expiresAt) {
        return signer.sign(new TokenClaims("council", Role.DELEGATE, null, invitationId, "Ada", expiresAt));
    }

    private TokenFailure failure(String token, String meeting) {
        return assertThrows(TokenException.class, () -> verifier.verify(token, meeting)).failure();
    }

    @Test
    void checksSignatureThenExpiryThenRevocationThenMeeting() throws TokenException {
        String good = token("i-1", NOW.plusSeconds(60));
        assertEquals("council", verifier.verify(good, null).meetingId());
        assertEquals("council", verifier.verify(good, "council").meetingId());

        assertEquals(TokenFailure.WRONG_MEETING, failure(good, "other"));
        assertEquals(TokenFailure.REVOKED, failure(token("i-revoked", NOW.plusSeconds(60)), "other"));
        assertEquals(TokenFailure.EXPIRED, failure(token("i-revoked", NOW), "other"));
        assertEquals(TokenFailure.INVALID, failure(token("i-revoked", NOW) + "x", "other"));
    }

    @Test
    void aWellSignedTokenOfAnInvitationThatIsGoneIsInvalid() {
        TokenException gone = assertThrows(TokenException.class,
                () -> verifier.verify(token("i-deleted-with-its-meeting", NOW.plusSeconds(60)), "council"));
        assertEquals(TokenFailure.INVALID, gone.failure());
        assertEquals("invalid token: invitation i-deleted-with-its-meeting no longer exists", gone.getMessage());
    }
}
