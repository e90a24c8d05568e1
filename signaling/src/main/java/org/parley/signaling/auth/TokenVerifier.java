package org.parley.signaling.auth;

import java.time.Clock;

/**
 * Decides whether a join token admits its bearer: a valid signature, not expired, not revoked, and for
 * the meeting the client asked for (if it named one). The checks run in that order, so a tampered
 * token is always {@link TokenFailure#INVALID}, whatever else is wrong with it.
 */
public final class TokenVerifier {

    private final TokenSigner signer;
    private final RevocationList revocations;
    private final Clock clock;

    public TokenVerifier(TokenSigner signer, RevocationList revocations, Clock clock) {
        this.signer = signer;
        this.revocations = revocations;
        this.clock = clock;
    }

    /**
     * @param token            the token the client sent
     * @param requestedMeeting the meeting the client named, or null
     */
    public TokenClaims verify(String token, String requestedMeeting) throws TokenException {
        TokenClaims claims = signer.verify(token, clock.instant());
        if (revocations.isRevoked(claims.invitationId())) {
            throw new TokenException(TokenFailure.REVOKED, "invitation " + claims.invitationId() + " has been revoked");
        }
        if (requestedMeeting != null && !requestedMeeting.equals(claims.meetingId())) {
            throw new TokenException(TokenFailure.WRONG_MEETING,
                    "the token is for another meeting than \"" + requestedMeeting + "\"");
        }
        return claims;
    }
}
