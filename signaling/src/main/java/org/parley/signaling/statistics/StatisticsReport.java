package org.parley.signaling.statistics;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.parley.signaling.interpretation.ChannelKey;
import org.parley.signaling.store.QualitySummary;
import org.parley.signaling.store.StatisticsRecord;
import org.parley.signaling.store.StatisticsRows;

/**
 * The statistics of a set of participations as the API answers them in JSON (API.md, "Statistics"):
 * totals, per-day trends, per-meeting summaries and the participations themselves. Participants are
 * people: the joins of one invitation count once (an anonymous join is a person of its own). Days are
 * UTC dates; a stay counts on the day it began.
 */
public final class StatisticsReport {

    /** Language channels in the order the report lists them: the floor first, then by code. */
    public static final Comparator<String> CHANNEL_ORDER = Comparator
            .comparing((String channel) -> !channel.equals(ChannelKey.FLOOR))
            .thenComparing(Comparator.naturalOrder());

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** The key of participants whose invitation named no country or organisation. */
    private static final String UNKNOWN = "unknown";

    private StatisticsReport() {
    }

    /**
     * The report of {@code rows} over the days {@code from} to {@code to} (inclusive; the days of
     * {@code days} run over them, empty days included).
     */
    public static ObjectNode json(LocalDate from, LocalDate to, StatisticsRows rows) {
        List<StatisticsRecord> participations = rows.participations();
        ObjectNode report = NODES.objectNode().put("from", from.toString()).put("to", to.toString());
        ArrayNode languages = report.putArray("languages");
        channels(participations).forEach(languages::add);
        report.set("totals", totals(participations));
        report.set("days", days(from, to, participations));
        report.set("meetings", meetings(participations, rows.webcastListeners()));
        ArrayNode entries = report.putArray("participations");
        participations.forEach(participation -> entries.add(participation(participation)));
        return report;
    }

    /** The language channels listened to in {@code participations}, in {@link #CHANNEL_ORDER}. */
    public static List<String> channels(List<StatisticsRecord> participations) {
        Set<String> channels = new TreeSet<>(CHANNEL_ORDER);
        participations.forEach(participation -> channels.addAll(participation.channelMillis().keySet()));
        return new ArrayList<>(channels);
    }

    /** The UTC day a participation counts on. */
    public static LocalDate day(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }

    /** {@code channelMillis} in {@link #CHANNEL_ORDER}. */
    public static Map<String, Long> ordered(Map<String, Long> channelMillis) {
        Map<String, Long> ordered = new TreeMap<>(CHANNEL_ORDER);
        ordered.putAll(channelMillis);
        return ordered;
    }

    /** Milliseconds as minutes, to the hundredth. */
    public static double minutes(long millis) {
        return Math.round(millis / 600.0) / 100.0;
    }

    /** The person behind a participation: its invitation, or itself when it joined anonymously. */
    private static String person(StatisticsRecord participation) {
        return participation.invitationId() != null ? "invitation " + participation.invitationId()
                : "participation " + participation.participationId();
    }

    private static ObjectNode totals(List<StatisticsRecord> participations) {
        Map<String, Set<String>> byRole = new TreeMap<>();
        Map<String, Set<String>> byAccess = new TreeMap<>();
        Map<String, Set<String>> byCountry = new TreeMap<>();
        Map<String, Set<String>> byOrganisation = new TreeMap<>();
        Map<String, Integer> byLeaveReason = new TreeMap<>();
        Set<String> people = new HashSet<>();
        int present = 0;
        for (StatisticsRecord participation : participations) {
            String person = person(participation);
            people.add(person);
            byRole.computeIfAbsent(participation.role(), key -> new HashSet<>()).add(person);
            byAccess.computeIfAbsent(participation.access(), key -> new HashSet<>()).add(person);
            byCountry.computeIfAbsent(orUnknown(participation.country()), key -> new HashSet<>()).add(person);
            byOrganisation.computeIfAbsent(orUnknown(participation.organisation()), key -> new HashSet<>()).add(person);
            if (participation.leaveReason() == null) {
                present++;
            } else {
                byLeaveReason.merge(participation.leaveReason(), 1, Integer::sum);
            }
        }
        ObjectNode totals = NODES.objectNode()
                .put("participations", participations.size())
                .put("participants", people.size())
                .put("present", present);
        totals.set("minutesByLanguage", minutesByLanguage(participations));
        counts(totals.putObject("byRole"), byRole);
        counts(totals.putObject("byAccess"), byAccess);
        counts(totals.putObject("byCountry"), byCountry);
        counts(totals.putObject("byOrganisation"), byOrganisation);
        ObjectNode reasons = totals.putObject("byLeaveReason");
        byLeaveReason.forEach(reasons::put);
        return totals;
    }

    private static String orUnknown(String value) {
        return value == null ? UNKNOWN : value;
    }

    private static void counts(ObjectNode json, Map<String, Set<String>> people) {
        people.forEach((key, set) -> json.put(key, set.size()));
    }

    private static ObjectNode minutesByLanguage(List<StatisticsRecord> participations) {
        Map<String, Long> millis = new TreeMap<>(CHANNEL_ORDER);
        for (StatisticsRecord participation : participations) {
            participation.channelMillis().forEach((channel, value) -> millis.merge(channel, value, Long::sum));
        }
        ObjectNode json = NODES.objectNode();
        millis.forEach((channel, value) -> json.put(channel, minutes(value)));
        return json;
    }

    private static ArrayNode days(LocalDate from, LocalDate to, List<StatisticsRecord> participations) {
        Map<LocalDate, List<StatisticsRecord>> byDay = new TreeMap<>();
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            byDay.put(day, new ArrayList<>());
        }
        for (StatisticsRecord participation : participations) {
            List<StatisticsRecord> ofDay = byDay.get(day(participation.joinedAt()));
            if (ofDay != null) {
                ofDay.add(participation);
            }
        }
        ArrayNode days = NODES.arrayNode();
        byDay.forEach((day, ofDay) -> {
            ObjectNode json = days.addObject().put("day", day.toString()).put("participations", ofDay.size())
                    .put("participants", ofDay.stream().map(StatisticsReport::person).distinct().count());
            json.set("minutesByLanguage", minutesByLanguage(ofDay));
        });
        return days;
    }

    private static ArrayNode meetings(List<StatisticsRecord> participations, Map<String, Integer> webcastListeners) {
        Map<String, List<StatisticsRecord>> byMeeting = new LinkedHashMap<>();
        for (StatisticsRecord participation : participations) {
            byMeeting.computeIfAbsent(participation.meetingId(), id -> new ArrayList<>()).add(participation);
        }
        ArrayNode meetings = NODES.arrayNode();
        byMeeting.forEach((meetingId, ofMeeting) -> {
            ObjectNode json = meetings.addObject().put("id", meetingId).put("title", ofMeeting.getFirst().meetingTitle())
                    .put("participations", ofMeeting.size())
                    .put("participants", ofMeeting.stream().map(StatisticsReport::person).distinct().count())
                    .put("firstJoinedAt", ofMeeting.getFirst().joinedAt().toString());
            Instant lastLeft = ofMeeting.stream().anyMatch(participation -> participation.leftAt() == null) ? null
                    : ofMeeting.stream().map(StatisticsRecord::leftAt).max(Comparator.naturalOrder()).orElseThrow();
            time(json, "lastLeftAt", lastLeft);
            json.set("minutesByLanguage", minutesByLanguage(ofMeeting));
            // Filled by the webcast once it exists; null until then.
            Integer listeners = webcastListeners.get(meetingId);
            if (listeners == null) {
                json.putNull("webcastListeners");
            } else {
                json.put("webcastListeners", listeners);
            }
        });
        return meetings;
    }

    private static ObjectNode participation(StatisticsRecord participation) {
        ObjectNode json = NODES.objectNode()
                .put("participationId", participation.participationId())
                .put("meetingId", participation.meetingId())
                .put("meetingTitle", participation.meetingTitle())
                .put("invitationId", participation.invitationId())
                .put("role", participation.role())
                .put("access", participation.access())
                .put("country", participation.country())
                .put("organisation", participation.organisation())
                .put("joinedAt", participation.joinedAt().toString());
        time(json, "leftAt", participation.leftAt());
        json.put("leaveReason", participation.leaveReason());
        ObjectNode channels = json.putObject("millisByLanguage");
        ordered(participation.channelMillis()).forEach(channels::put);
        QualitySummary quality = participation.quality();
        json.putObject("quality")
                .put("samples", quality.samples())
                .put("meanLossPercent", quality.meanLossPercent())
                .put("worstLossPercent", quality.worstLossPercent())
                .put("meanJitterMillis", quality.meanJitterMillis())
                .put("worstJitterMillis", quality.worstJitterMillis())
                .put("meanRttMillis", quality.meanRttMillis())
                .put("worstRttMillis", quality.worstRttMillis())
                .put("meanMos", quality.meanMos())
                .put("minMos", quality.minMos());
        return json;
    }

    private static void time(ObjectNode json, String field, Instant instant) {
        if (instant == null) {
            json.putNull(field);
        } else {
            json.put(field, instant.toString());
        }
    }
}
