package org.parley.signaling.provisioning;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.parley.signaling.auth.TokenClaims;
import org.parley.signaling.auth.TokenSigner;
import org.parley.signaling.meeting.ListenerTiers;
import org.parley.signaling.meeting.Meeting;
import org.parley.signaling.meeting.RecordingState;
import org.parley.signaling.meeting.MeetingRegistry;
import org.parley.signaling.meeting.Participant;
import org.parley.signaling.store.Booth;
import org.parley.signaling.store.Invitation;
import org.parley.signaling.store.InvitationRecord;
import org.parley.signaling.store.MeetingSpec;
import org.parley.signaling.store.ParleyStore;
import org.parley.signaling.store.ParticipationRecord;
import org.parley.signaling.store.StoreException;
import org.parley.signaling.store.StoredMeeting;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the provisioning API does: every change is written to the store first and then applied to the
 * live {@link MeetingRegistry}, so a meeting that signaling admits to is always one the store has.
 * The API manages the meetings it created; configured meetings (e.g. {@code demo}) are not its own.
 * Every operation takes the {@link Caller} and checks its scope first: a meeting outside what the
 * caller sees is answered as if it did not exist ({@code 404}), one it sees but may not change with
 * {@code 403}.
 */
public final class MeetingProvisioning {

    private static final Logger LOG = LoggerFactory.getLogger(MeetingProvisioning.class);
    private static final Base64.Encoder ID_ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final ParleyStore store;
    private final MeetingRegistry registry;
    private final TokenSigner signer;
    private final InvitationHolders holders;
    private final Clock clock;
    private final SecureRandom random;
    /** The live meetings this API put into the registry, by id: never a configured meeting of the same id. */
    private final Map<String, Meeting> provisioned = new ConcurrentHashMap<>();

    public MeetingProvisioning(ParleyStore store, MeetingRegistry registry, TokenSigner signer, InvitationHolders holders,
                               Clock clock, SecureRandom random) {
        this.store = store;
        this.registry = registry;
        this.signer = signer;
        this.holders = holders;
        this.clock = clock;
        this.random = random;
    }

    /**
     * Puts the stored meetings into the registry, at start. A stored meeting whose id a configured
     * meeting took meanwhile stays in the store, unreachable, and is reported.
     */
    public void loadStoredMeetings() throws StoreException {
        for (StoredMeeting stored : store.meetings().all()) {
            Meeting meeting = live(stored);
            if (registry.add(meeting)) {
                provisioned.put(stored.id(), meeting);
            } else {
                LOG.warn("Stored meeting {} is hidden by a configured meeting with the same id", stored.id());
            }
        }
    }

    /**
     * Creates a meeting, with {@code requestedId} if not null, else a fresh random id; an organiser
     * account becomes its owner.
     */
    public StoredMeeting create(Caller caller, String requestedId, MeetingSpec spec) throws ApiException, StoreException {
        if (!caller.creates()) {
            throw ApiException.forbidden(caller.describe() + " cannot create meetings; organiser accounts and the admin key can");
        }
        String id = requestedId != null ? requestedId : freshId("m-");
        if (registry.meeting(id) != null) {
            throw ApiException.conflict("id: a meeting \"" + id + "\" exists already");
        }
        StoredMeeting meeting = new StoredMeeting(id, spec, now(), null, caller.ownerOfNew());
        Meeting live = live(meeting);
        if (!store.meetings().insert(meeting) || !registry.add(live)) {
            throw ApiException.conflict("id: a meeting \"" + id + "\" exists already");
        }
        provisioned.put(id, live);
        return meeting;
    }

    /** The listener tiers the mixer encodes: what a meeting's tier policy may name. */
    public ListenerTiers tiers() {
        return registry.tiers();
    }

    /** The meetings the caller sees: all of them for the admin key and operators, an organiser's own. */
    public List<StoredMeeting> list(Caller caller) throws StoreException {
        return caller.listsAll() ? store.meetings().all() : store.meetings().ownedBy(caller.account());
    }

    /** The meeting, if the caller sees it. */
    public StoredMeeting get(Caller caller, String id) throws ApiException, StoreException {
        StoredMeeting meeting = store.meetings().find(id).orElse(null);
        if (meeting == null || !caller.sees(meeting)) {
            // Another organiser's meeting is answered as an unknown one: its existence is not the caller's business.
            throw ApiException.notFound("no meeting \"" + id + "\"");
        }
        return meeting;
    }

    /** The recording the meeting {@code id} runs now, or null (none, or no such meeting live). */
    RecordingState recording(String id) {
        Meeting meeting = registry.meeting(id);
        return meeting == null ? null : meeting.recording();
    }

    /** The meeting, if the caller may run it (invite, revoke, reset media, end). */
    StoredMeeting run(Caller caller, String id) throws ApiException, StoreException {
        StoredMeeting meeting = get(caller, id);
        if (!caller.runs(meeting)) {
            throw ApiException.forbidden(caller.describe() + " cannot run meeting \"" + id + "\"");
        }
        return meeting;
    }

    /** The meeting, if the caller may edit or delete it. */
    private StoredMeeting change(Caller caller, String id) throws ApiException, StoreException {
        StoredMeeting meeting = get(caller, id);
        if (!caller.changes(meeting)) {
            throw ApiException.forbidden(caller.describe() + " cannot edit or delete meeting \"" + id
                    + "\"; its organiser and the admin key can");
        }
        return meeting;
    }

    /** Replaces the meeting's description; participants already in keep what they were told. */
    public StoredMeeting update(Caller caller, String id, MeetingSpec spec) throws ApiException, StoreException {
        StoredMeeting current = change(caller, id);
        if (current.ended()) {
            throw ApiException.conflict("meeting \"" + id + "\" has ended at " + current.endedAt());
        }
        if (!store.meetings().update(id, spec)) {
            throw ApiException.notFound("no meeting \"" + id + "\"");
        }
        Meeting meeting = provisioned.get(id);
        if (meeting != null) {
            meeting.update(spec.title(), spec.languages(), spec.open(), spec.floorControl(), spec.floorLanguage(),
                    spec.tierPolicy());
            meeting.setAnonymousObservers(spec.anonymousObservers());
            meeting.setBoothRelaySources(relaySources(spec));
            meeting.setWebcast(spec.webcast());
        }
        return new StoredMeeting(id, spec, current.createdAt(), null, current.owner());
    }

    /**
     * Ends the meeting for everyone in it (they get {@code meetingEnded}), as an operator's {@code endMeeting}
     * does; the meeting stays, with its invitations and participation log, and admits no one any more.
     */
    public StoredMeeting end(Caller caller, String id) throws ApiException, StoreException {
        StoredMeeting current = run(caller, id);
        if (current.ended()) {
            throw ApiException.conflict("meeting \"" + id + "\" has ended at " + current.endedAt());
        }
        Instant endedAt = now();
        if (!store.meetings().markEnded(id, endedAt)) {
            throw ApiException.notFound("no meeting \"" + id + "\"");
        }
        Meeting meeting = provisioned.get(id);
        if (meeting != null) {
            meeting.end(null);
        }
        return new StoredMeeting(id, current.spec(), current.createdAt(), endedAt, current.owner());
    }

    /** Ends the meeting for whoever is in it, then forgets it with its invitations and participation log. */
    public void delete(Caller caller, String id) throws ApiException, StoreException {
        change(caller, id);
        if (!store.meetings().delete(id)) {
            throw ApiException.notFound("no meeting \"" + id + "\"");
        }
        Meeting meeting = provisioned.remove(id);
        if (meeting != null) {
            registry.remove(id);
            meeting.end(null);
        }
    }

    /** Issues an invitation and its token. */
    public IssuedInvitation invite(Caller caller, String meetingId, MeetingRequests.InvitationRequest request)
            throws ApiException, StoreException {
        StoredMeeting meeting = run(caller, meetingId);
        if (meeting.ended()) {
            throw ApiException.conflict("meeting \"" + meetingId + "\" has ended at " + meeting.endedAt());
        }
        Instant now = now();
        Invitation invitation = new Invitation(freshId("i-"), meetingId, request.role(), request.booth(), request.name(),
                now.plusSeconds(request.expiresInSeconds()), now, request.email(), request.language(), request.country(),
                request.organisation());
        store.invitations().insert(invitation);
        return new IssuedInvitation(invitation, token(invitation));
    }

    /**
     * The meeting's invitations, oldest first, each with its token: signing is deterministic, so it is the
     * token that was handed out when it was issued (the organiser page shows each join link again).
     */
    public List<ListedInvitation> invitations(Caller caller, String meetingId) throws ApiException, StoreException {
        run(caller, meetingId);
        return store.invitations().forMeeting(meetingId).stream()
                .map(record -> new ListedInvitation(record, token(record.invitation())))
                .toList();
    }

    /** An invitation with its token, as listed. */
    public record ListedInvitation(InvitationRecord record, String token) {
    }

    private String token(Invitation invitation) {
        return signer.sign(new TokenClaims(invitation.meetingId(), invitation.role(), invitation.booth(), invitation.id(),
                invitation.name(), invitation.expiresAt()));
    }

    /**
     * Revokes an invitation: its tokens no longer admit anyone, and those who came in with it are
     * disconnected (WebSocket sessions get {@code TOKEN_REVOKED}, SIP calls a BYE).
     */
    public void revoke(Caller caller, String meetingId, String invitationId) throws ApiException, StoreException {
        run(caller, meetingId);
        if (!store.invitations().revoke(meetingId, invitationId, now())) {
            throw ApiException.notFound("meeting \"" + meetingId + "\" has no invitation \"" + invitationId + "\"");
        }
        holders.revoked(invitationId);
    }

    public List<ParticipationRecord> participation(Caller caller, String meetingId) throws ApiException, StoreException {
        get(caller, meetingId);
        return store.participation().forMeeting(meetingId);
    }

    /**
     * Closes the media transport of a participant in the meeting (its client should offer again, PROTOCOL.md
     * {@code transportClosed}): what an operator does when someone's audio is stuck.
     */
    public void closeTransport(Caller caller, String meetingId, String participantId) throws ApiException, StoreException {
        run(caller, meetingId);
        Meeting meeting = provisioned.get(meetingId);
        Participant participant = meeting == null ? null : meeting.participant(participantId);
        if (participant == null) {
            throw ApiException.notFound("meeting \"" + meetingId + "\" has no participant \"" + participantId + "\"");
        }
        if (!participant.media().closeTransport("closed by the operator")) {
            throw ApiException.conflict("participant \"" + participantId + "\" has no media connection");
        }
    }

    /** How many participants the meeting's roster has right now. */
    public int participantCount(String meetingId) {
        Meeting meeting = provisioned.get(meetingId);
        return meeting == null ? 0 : meeting.size();
    }

    /** How many observers listen to the meeting right now. */
    public int observerCount(String meetingId) {
        Meeting meeting = provisioned.get(meetingId);
        return meeting == null ? 0 : meeting.observerCount();
    }

    private Meeting live(StoredMeeting stored) {
        MeetingSpec spec = stored.spec();
        String problem = tiers().problemWith(spec.tierPolicy(), "tierPolicy");
        if (problem != null) {
            // Stored before mixer.tiers changed: the tiers the mixer no longer encodes are not offered.
            LOG.warn("Meeting {}: {}; update its tier policy", stored.id(), problem);
        }
        Meeting meeting = new Meeting(stored.id(), spec.title(), spec.languages(), spec.open(), spec.floorControl(),
                spec.floorLanguage(), tiers(), spec.tierPolicy());
        meeting.setAnonymousObservers(spec.anonymousObservers());
        meeting.setBoothRelaySources(relaySources(spec));
        meeting.setWebcast(spec.webcast());
        if (stored.ended()) {
            meeting.end(null);
        }
        return meeting;
    }

    private static Map<String, String> relaySources(MeetingSpec spec) {
        Map<String, String> sources = new LinkedHashMap<>();
        for (Booth booth : spec.booths()) {
            sources.put(booth.language(), booth.relaySource());
        }
        return sources;
    }

    /** The provisioning clock's time, to the second: what tokens carry. */
    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    /** 96 random bits, base64url: unguessable, and valid as a meeting id. */
    private String freshId(String prefix) {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        return prefix + ID_ENCODER.encodeToString(bytes);
    }
}
