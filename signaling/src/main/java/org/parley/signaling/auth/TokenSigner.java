package org.parley.signaling.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies join tokens: {@code base64url(payload) "." base64url(HMAC-SHA256(key, base64url(payload)))},
 * without padding. The payload is a compact JSON array
 * {@code [1, meetingId, role, booth|null, invitationId, name|null, expiresAtEpochSeconds]}; the leading
 * 1 is the format version. Thread-safe.
 */
public final class TokenSigner {

    /** Longer input is refused before any work: no real token comes near it. */
    public static final int MAX_TOKEN_LENGTH = 2048;
    private static final String ALGORITHM = "HmacSHA256";
    private static final int FORMAT_VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SecretKeySpec key;

    /** @param key the HMAC key; RFC 2104 §3 recommends at least the hash length, 32 bytes */
    public TokenSigner(byte[] key) {
        if (key.length < 32) {
            throw new IllegalArgumentException("an HMAC-SHA256 key needs at least 32 bytes, got " + key.length);
        }
        this.key = new SecretKeySpec(key.clone(), ALGORITHM);
    }

    public String sign(TokenClaims claims) {
        ArrayNode payload = JSON.createArrayNode()
                .add(FORMAT_VERSION)
                .add(claims.meetingId())
                .add(claims.role().wireName())
                .add(claims.booth())
                .add(claims.invitationId())
                .add(claims.name())
                .add(claims.expiresAt().getEpochSecond());
        String encodedPayload;
        try {
            encodedPayload = ENCODER.encodeToString(JSON.writeValueAsBytes(payload));
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize a token payload", e); // plain nodes always serialize
        }
        return encodedPayload + "." + ENCODER.encodeToString(mac(encodedPayload));
    }

    /**
     * The claims of a token this server signed that has not expired at {@code now}.
     *
     * @throws TokenException {@link TokenFailure#INVALID} or {@link TokenFailure#EXPIRED}
     */
    public TokenClaims verify(String token, Instant now) throws TokenException {
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw invalid("too long");
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.')) {
            throw invalid("expected <payload>.<signature>");
        }
        String encodedPayload = token.substring(0, dot);
        // Compared as text, not as decoded bytes: base64 has several spellings of the same bytes (the unused
        // low bits of the last character), and a token must have exactly one. Constant time, so that response
        // timing does not reveal how much of a forged signature is right.
        byte[] expected = ENCODER.encodeToString(mac(encodedPayload)).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII))) {
            throw invalid("bad signature");
        }
        byte[] payload;
        try {
            payload = DECODER.decode(encodedPayload);
        } catch (IllegalArgumentException e) {
            throw invalid("not base64url"); // only a signer bug gets here: we never sign such a payload
        }
        TokenClaims claims = parse(payload);
        if (!now.isBefore(claims.expiresAt())) {
            throw new TokenException(TokenFailure.EXPIRED, "the token expired at " + claims.expiresAt());
        }
        return claims;
    }

    /** Only reached with a valid signature, so a malformed payload means a signer bug or another format version. */
    private static TokenClaims parse(byte[] payload) throws TokenException {
        JsonNode fields;
        try {
            fields = JSON.readTree(payload);
        } catch (IOException e) {
            throw invalid("unreadable payload");
        }
        if (fields == null || !fields.isArray() || fields.size() != 7 || fields.get(0).asInt() != FORMAT_VERSION) {
            throw invalid("unknown payload format");
        }
        Role role = Role.fromWireName(fields.get(2).asText());
        if (!fields.get(1).isTextual() || role == null || !fields.get(4).isTextual() || !fields.get(6).canConvertToLong()) {
            throw invalid("unknown payload format");
        }
        return new TokenClaims(fields.get(1).textValue(), role, textOrNull(fields.get(3)), fields.get(4).textValue(),
                textOrNull(fields.get(5)), Instant.ofEpochSecond(fields.get(6).longValue()));
    }

    private static String textOrNull(JsonNode node) {
        return node.isTextual() ? node.textValue() : null;
    }

    private byte[] mac(String encodedPayload) {
        try {
            // Mac instances are not thread-safe; one per call is cheap next to a join.
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(encodedPayload.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e); // every JDK must have it
        }
    }

    private static TokenException invalid(String why) {
        return new TokenException(TokenFailure.INVALID, "invalid token: " + why);
    }
}
