package org.parley.signaling.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TokenSignerTest {

    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final Instant NOW = Instant.parse("2026-11-24T12:00:00Z");
    private static final TokenClaims INTERPRETER = new TokenClaims("council", Role.INTERPRETER, "fr", "i-1",
            "Camille \"Cam\" Dupont", NOW.plusSeconds(3600));

    private final TokenSigner signer = new TokenSigner(KEY);

    @Test
    void aSignedTokenVerifiesToItsClaims() throws TokenException {
        String token = signer.sign(INTERPRETER);

        assertEquals(INTERPRETER, signer.verify(token, NOW));
        TokenClaims anonymous = new TokenClaims("m", Role.ROOM_SYSTEM, null, "i-2", null, NOW.plusSeconds(1));
        assertEquals(anonymous, signer.verify(signer.sign(anonymous), NOW));
    }

    @Test
    void itExpiresAtItsExpiryInstant() throws TokenException {
        String token = signer.sign(INTERPRETER);

        signer.verify(token, INTERPRETER.expiresAt().minusSeconds(1));
        assertEquals(TokenFailure.EXPIRED,
                assertThrows(TokenException.class, () -> signer.verify(token, INTERPRETER.expiresAt())).failure());
    }

    @Test
    void everySingleCharacterChangeIsInvalid() {
        String token = signer.sign(INTERPRETER);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ ";
        for (int i = 0; i < token.length(); i++) {
            char original = token.charAt(i);
            // One replacement per position: the next character of the alphabet.
            char replacement = alphabet.charAt((alphabet.indexOf(original) + 1) % alphabet.length());
            String tampered = token.substring(0, i) + replacement + token.substring(i + 1);
            TokenException refused = assertThrows(TokenException.class, () -> signer.verify(tampered, NOW), tampered);
            assertEquals(TokenFailure.INVALID, refused.failure(), tampered);
        }
    }

    @Test
    void garbageAndOtherKeysAreInvalid() {
        TokenSigner other = new TokenSigner("fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII));
        for (String garbage : new String[] {"", ".", "a.b.c", "no-dot", "%%%.%%%", "x".repeat(5000),
                other.sign(INTERPRETER), signer.sign(INTERPRETER) + "A"}) {
            assertEquals(TokenFailure.INVALID,
                    assertThrows(TokenException.class, () -> signer.verify(garbage, NOW)).failure(), garbage);
        }
    }

    @Test
    void aShortKeyIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new TokenSigner(new byte[31]));
    }
}
