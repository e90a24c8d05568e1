package org.parley.signaling.statistics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.parley.signaling.store.QualitySummary;
import org.parley.signaling.store.StatisticsRecord;

/**
 * The participations as CSV (RFC 4180): a header row, then one row per participation; CRLF line ends;
 * fields with a comma, a double quote or a line break quoted, their quotes doubled; UTF-8 (RFC 7111 §5.1
 * names the media type {@code text/csv; charset=utf-8; header=present}). After the fixed columns comes
 * one {@code minutes_<channel>} column per language channel listened to in the rows ({@code floor}
 * first). Text that a spreadsheet would run as a formula (starting with {@code = + - @}, a tab or a
 * carriage return) gets a leading apostrophe (OWASP, "CSV injection"): titles and organisations come
 * from users.
 */
public final class StatisticsCsv {

    /** The media type of the export. */
    public static final String MEDIA_TYPE = "text/csv; charset=utf-8; header=present";
    /** The fixed columns, in order. */
    public static final List<String> COLUMNS = List.of("participation_id", "meeting_id", "meeting_title", "invitation_id",
            "role", "access", "country", "organisation", "joined_at", "left_at", "leave_reason", "quality_samples",
            "mean_loss_percent", "worst_loss_percent", "mean_jitter_ms", "worst_jitter_ms", "mean_rtt_ms", "worst_rtt_ms",
            "mean_mos", "min_mos");
    /** The prefix of the per-channel minute columns. */
    public static final String MINUTES_PREFIX = "minutes_";

    private static final String LINE_END = "\r\n";

    private StatisticsCsv() {
    }

    /** The CSV text of {@code participations}. */
    public static String csv(List<StatisticsRecord> participations) {
        List<String> channels = StatisticsReport.channels(participations);
        StringBuilder csv = new StringBuilder();
        List<String> header = new ArrayList<>(COLUMNS);
        channels.forEach(channel -> header.add(MINUTES_PREFIX + channel));
        row(csv, header);
        for (StatisticsRecord participation : participations) {
            QualitySummary quality = participation.quality();
            List<String> fields = new ArrayList<>(List.of(text(participation.participationId()),
                    text(participation.meetingId()), text(participation.meetingTitle()), text(participation.invitationId()),
                    text(participation.role()), text(participation.access()), text(participation.country()),
                    text(participation.organisation()), time(participation.joinedAt()), time(participation.leftAt()),
                    text(participation.leaveReason()), Integer.toString(quality.samples()),
                    number(quality.meanLossPercent()), number(quality.worstLossPercent()),
                    number(quality.meanJitterMillis()), number(quality.worstJitterMillis()),
                    number(quality.meanRttMillis()), number(quality.worstRttMillis()),
                    number(quality.meanMos()), number(quality.minMos())));
            for (String channel : channels) {
                Long millis = participation.channelMillis().get(channel);
                fields.add(millis == null ? "0" : number(StatisticsReport.minutes(millis)));
            }
            row(csv, fields);
        }
        return csv.toString();
    }

    private static void row(StringBuilder csv, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                csv.append(',');
            }
            csv.append(quoted(fields.get(i)));
        }
        csv.append(LINE_END);
    }

    /** RFC 4180 §2 (5)-(7): quote a field with a comma, a quote or a line break; double its quotes. */
    static String quoted(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\r') < 0 && field.indexOf('\n') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }

    /** A text field: empty for null; a leading apostrophe where a spreadsheet would see a formula. */
    static String text(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        char first = value.charAt(0);
        boolean formula = first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
        return formula ? "'" + value : value;
    }

    private static String time(Instant instant) {
        return instant == null ? "" : instant.toString();
    }

    /** A number with at most two decimals, a point, no grouping; empty for null. */
    private static String number(Double value) {
        if (value == null) {
            return "";
        }
        return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }
}
