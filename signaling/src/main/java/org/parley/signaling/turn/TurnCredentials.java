package org.parley.signaling.turn;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.parley.signaling.config.TurnConfig;

/**
 * Issues TURN credentials in the scheme of coturn's {@code use-auth-secret} (the "TURN REST API",
 * draft-uberti-behave-turn-rest-00 §2.2): the username is {@code <expiry>:<participantId>}, the
 * expiry in Unix seconds, and the password is {@code base64(HMAC-SHA1(secret, username))}. The TURN
 * server recomputes the password from the secret it shares with Parley and refuses a username whose
 * expiry has passed, so Parley keeps no list of credentials and nothing needs revoking: a credential
 * simply runs out. Issued once per {@code join}, never per packet.
 */
public final class TurnCredentials {

    private static final String HMAC_SHA1 = "HmacSHA1";

    private final List<String> urls;
    private final SecretKeySpec key;
    private final long ttlSeconds;
    private final Clock clock;

    public TurnCredentials(TurnConfig config, Clock clock) {
        this.urls = config.urls();
        this.key = new SecretKeySpec(config.secret().getBytes(UTF_8), HMAC_SHA1);
        this.ttlSeconds = config.ttl().toSeconds();
        this.clock = clock;
    }

    /** The ICE server entry (WebRTC's {@code RTCIceServer}) for {@code participantId}, valid for the configured time from now. */
    public IceServer issue(String participantId) {
        long expiry = clock.instant().getEpochSecond() + ttlSeconds;
        String username = expiry + ":" + participantId;
        return new IceServer(urls, username, password(username));
    }

    /** base64(HMAC-SHA1(secret, username)): what coturn expects as the password of {@code username}. */
    String password(String username) {
        try {
            Mac mac = Mac.getInstance(HMAC_SHA1); // not thread-safe, and one per join costs nothing
            mac.init(key);
            return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA1 is unavailable in this JDK", e);
        }
    }

    /**
     * One entry of {@code joined.iceServers}: what a browser passes to {@code new RTCPeerConnection({iceServers})}.
     *
     * @param username   {@code <expiry>:<participantId>}
     * @param credential the password for {@code username}
     */
    public record IceServer(List<String> urls, String username, String credential) {

        public IceServer {
            urls = List.copyOf(urls);
        }

        /** When the credential stops working, in Unix seconds. */
        public long expiresAtEpochSecond() {
            return Long.parseLong(username.substring(0, username.indexOf(':')));
        }
    }
}
