package org.parley.signaling.provisioning;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.parley.signaling.auth.Role;
import org.parley.signaling.meeting.FloorMode;
import org.parley.signaling.meeting.ListenerTiers;
import org.parley.signaling.store.Booth;
import org.parley.signaling.store.MeetingSpec;
import org.parley.signaling.store.Schedule;

/** Reads and validates the bodies of the meeting and invitation requests (see API.md). */
final class MeetingRequests {

    static final Pattern MEETING_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    static final int MAX_TITLE_LENGTH = 200;
    static final int MAX_NAME_LENGTH = 64;
    static final int MAX_ORGANISATION_LENGTH = 200;
    static final int MAX_EMAIL_LENGTH = 254; // RFC 5321 §4.5.3.1.3, a path of 256 less its angle brackets
    /**
     * An e-mail address as people type them: one {@code @}, a dot in the domain, nothing that would end or
     * split it in a {@code mailto:} link or a header (blanks, brackets, commas, quotes; RFC 6068 §2).
     */
    static final Pattern EMAIL = Pattern.compile("[^\\s@<>()\\[\\],;:\"\\\\]+@[^\\s@<>()\\[\\],;:\"\\\\]+\\.[^\\s@<>()\\[\\],;:\"\\\\.]+");
    static final long DEFAULT_INVITATION_SECONDS = 24 * 3600;
    static final long MAX_INVITATION_SECONDS = 366L * 24 * 3600;
    private static final int MAX_LANGUAGES = 64;

    private MeetingRequests() {
    }

    /** The optional client-chosen {@code id} of a new meeting, or null. */
    static String meetingId(RequestFields body) throws ApiException {
        String id = body.optionalString("id", 64);
        if (id != null && !MEETING_ID.matcher(id).matches()) {
            throw ApiException.badRequest("id: expected 1 to 64 of [A-Za-z0-9_-], got \"" + id + "\"");
        }
        return id;
    }

    /** @param tiers the listener tiers the mixer encodes: what {@code tierPolicy} may name, and its default */
    static MeetingSpec meeting(RequestFields body, ListenerTiers tiers) throws ApiException {
        body.allowOnly("id", "title", "schedule", "languages", "floorLanguage", "booths", "tierPolicy", "open",
                "floorControl", "anonymousObservers", "webcast");
        String title = body.string("title", MAX_TITLE_LENGTH);
        Schedule schedule = schedule(body.optionalObject("schedule"));

        List<String> languages = body.strings("languages", 2);
        if (languages.isEmpty() || languages.size() > MAX_LANGUAGES) {
            throw ApiException.badRequest("languages: expected 1 to " + MAX_LANGUAGES + " language codes");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < languages.size(); i++) {
            String code = languages.get(i);
            if (!LanguageCodes.isIso639_1(code)) {
                throw ApiException.badRequest("languages[" + i + "]: \"" + code + "\" is not an ISO 639-1 language code");
            }
            if (!seen.add(code)) {
                throw ApiException.badRequest("languages[" + i + "]: \"" + code + "\" is listed twice");
            }
        }
        String floor = body.string("floorLanguage", 8);
        if (!languages.contains(floor)) {
            throw ApiException.badRequest("floorLanguage: \"" + floor + "\" is not one of the meeting's languages " + languages);
        }
        List<Booth> booths = booths(body.optionalObjects("booths"), languages, floor);
        List<String> tierPolicy = body.has("tierPolicy") ? body.strings("tierPolicy", 64) : tiers.names();
        String problem = tiers.problemWith(tierPolicy, "tierPolicy");
        if (problem != null) {
            throw ApiException.badRequest(problem);
        }
        return new MeetingSpec(title, schedule, languages, floor, booths, tierPolicy, body.optionalBoolean("open", false),
                floorControl(body), body.optionalBoolean("anonymousObservers", false),
                body.optionalBoolean("webcast", false));
    }

    private static FloorMode floorControl(RequestFields body) throws ApiException {
        if (!body.has("floorControl")) {
            return FloorMode.CHAIRED;
        }
        String name = body.string("floorControl", 16);
        FloorMode mode = FloorMode.fromWireName(name);
        if (mode == null) {
            throw ApiException.badRequest("floorControl: expected \"open\" or \"chaired\", got \"" + name + "\"");
        }
        return mode;
    }

    private static Schedule schedule(RequestFields schedule) throws ApiException {
        if (schedule == null) {
            return null;
        }
        schedule.allowOnly("start", "end");
        OffsetDateTime start = schedule.dateTime("start");
        OffsetDateTime end = schedule.dateTime("end");
        if (!end.isAfter(start)) {
            throw ApiException.badRequest(schedule.path("end") + ": must be after " + schedule.path("start"));
        }
        return new Schedule(start, end);
    }

    private static List<Booth> booths(List<RequestFields> entries, List<String> languages, String floor) throws ApiException {
        List<Booth> booths = new ArrayList<>();
        Set<String> boothLanguages = new HashSet<>();
        for (RequestFields entry : entries) {
            entry.allowOnly("language", "relaySource");
            String language = entry.string("language", 2);
            if (!languages.contains(language)) {
                throw ApiException.badRequest(entry.path("language") + ": \"" + language
                        + "\" is not one of the meeting's languages " + languages);
            }
            if (language.equals(floor)) {
                throw ApiException.badRequest(entry.path("language") + ": \"" + language
                        + "\" is the floor language, which needs no booth");
            }
            if (!boothLanguages.add(language)) {
                throw ApiException.badRequest(entry.path("language") + ": a second booth for \"" + language + "\"");
            }
            String source = entry.has("relaySource") ? entry.string("relaySource", 8) : Booth.FLOOR;
            booths.add(new Booth(language, source));
        }
        for (int i = 0; i < booths.size(); i++) {
            String source = booths.get(i).relaySource();
            if (!source.equals(Booth.FLOOR) && !boothLanguages.contains(source)) {
                throw ApiException.badRequest("booths[" + i + "].relaySource: expected \"floor\" or the language of "
                        + "another booth, got \"" + source + "\"");
            }
        }
        Optional<List<String>> cycle = RelayGraph.findCycle(booths);
        if (cycle.isPresent()) {
            throw ApiException.badRequest("booths: relay cycle " + String.join(" -> ", cycle.get())
                    + " (a booth must reach the floor through its relay sources)");
        }
        return booths;
    }

    /** The body of {@code POST /api/meetings/{id}/invitations}, checked against the meeting's booths. */
    static InvitationRequest invitation(RequestFields body, MeetingSpec meeting) throws ApiException {
        body.allowOnly("role", "booth", "name", "expiresInSeconds", "email", "language", "country", "organisation");
        String roleName = body.string("role", 16);
        Role role = Role.fromWireName(roleName);
        if (role == null) {
            throw ApiException.badRequest("role: \"" + roleName + "\" is not one of " + Role.wireNames());
        }
        String booth = body.optionalString("booth", 2);
        if (role.needsBooth() && booth == null) {
            throw ApiException.badRequest("booth: missing; an interpreter is bound to one booth");
        }
        if (!role.needsBooth() && booth != null) {
            throw ApiException.badRequest("booth: only an interpreter has a booth, not a " + role.wireName());
        }
        if (booth != null && meeting.booths().stream().noneMatch(b -> b.language().equals(booth))) {
            throw ApiException.badRequest("booth: the meeting has no booth \"" + booth + "\"");
        }
        String email = body.optionalString("email", MAX_EMAIL_LENGTH);
        if (email != null && !EMAIL.matcher(email).matches()) {
            throw ApiException.badRequest("email: \"" + email + "\" is not an e-mail address");
        }
        String language = body.optionalString("language", 2);
        if (language != null && !LanguageCodes.isIso639_1(language)) {
            throw ApiException.badRequest("language: \"" + language + "\" is not an ISO 639-1 language code");
        }
        String country = body.optionalString("country", 2);
        if (country != null && !CountryCodes.isIso3166Alpha2(country)) {
            throw ApiException.badRequest("country: expected an ISO 3166-1 alpha-2 country code in capitals, such as"
                    + " \"CH\", got \"" + country + "\"");
        }
        return new InvitationRequest(role, booth, body.optionalString("name", MAX_NAME_LENGTH),
                body.optionalInteger("expiresInSeconds", 1, MAX_INVITATION_SECONDS, DEFAULT_INVITATION_SECONDS),
                email, language, country, body.optionalString("organisation", MAX_ORGANISATION_LENGTH));
    }

    /**
     * A validated invitation request.
     *
     * @param email        the invitee's e-mail address, or null
     * @param language     the invitee's ISO 639-1 language, or null
     * @param country      the invitee's ISO 3166-1 alpha-2 country, or null (for the statistics)
     * @param organisation the invitee's organisation, or null (for the statistics)
     */
    record InvitationRequest(Role role, String booth, String name, long expiresInSeconds, String email,
                             String language, String country, String organisation) {
    }
}
