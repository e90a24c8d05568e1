package org.parley.signaling.auth;

import java.time.Clock;

/**
 * Decides whether a join token admits its bearer: a valid signature, not expired, its invitation still
 * there and not revoked, and for the meeting the client asked for (if it named one). The checks run in
 * that order, so a tampered token is always {@link TokenFailure#INVALID}, whatever else is wrong with it.
 */
public final class TokenVerifier {

    private final TokenSigner signer;
    private final InvitationStatus invitations;
    private final Clock clock;

    public TokenVerifier(TokenSigner signer, InvitationStatus invitations, Clock clock) {
        this.signer = signer;
        this.invitations = invitations;
        this.clock = clock;
    }

    /**
     * @param token            the token the client sent
     * @param requestedMeeting the meeting the client named, or null
     */
    public TokenClaims verify(String token, String requestedMeeting) throws TokenException {
        TokenClaims claims = signer.verify(token, clock.instant());
        switch (invitations.state(claims.invitationId())) {
            case REVOKED -> throw new TokenException(TokenFailure.REVOKED,
                    "invitation " + claims.invitationId() + " has been revoked");
            case UNKNOWN -> throw new TokenException(TokenFailure.INVALID,
                    "invalid token: invitation " + claims.invitationId() + " no longer exists");
            case LIVE -> { }
        }
        if (requestedMeeting != null && !requestedMeeting.equals(claims.meetingId())) {
            throw new TokenException(TokenFailure.WRONG_MEETING,
                    "the token is for another meeting than \"" + requestedMeeting + "\"");
        }
        return claims;
    }
}
