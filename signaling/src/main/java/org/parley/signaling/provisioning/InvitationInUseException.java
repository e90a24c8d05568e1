package org.parley.signaling.provisioning;

/**
 * A join refused because its invitation already has as many participants in as its role's
 * {@code limits.joinsPerInvitation} (or {@code joinsPerObserverInvitation}) allows. Unchecked
 * because it leaves {@link InvitationHolders#admitted} from inside {@code Meeting.join}'s welcome,
 * before the newcomer is added: the join is undone by not having happened.
 */
public final class InvitationInUseException extends RuntimeException {

    private final String limit;

    InvitationInUseException(String invitationId, int inUse, String limit) {
        super("invitation " + invitationId + " is in use by " + inUse + (inUse == 1 ? " participant" : " participants"));
        this.limit = limit;
    }

    /** The key of the limit that refused the join, for the error text and the refusal metric. */
    public String limit() {
        return limit;
    }
}
