package org.parley.signaling.provisioning;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads and validates the query parameters of the statistics requests (see API.md, "Statistics"). */
final class StatisticsRequests {

    /** The longest date range one request may cover, in days: a year, leap day included. */
    static final int MAX_DAYS = 366;
    /** The range without {@code from}: the 30 days up to {@code to}. */
    static final int DEFAULT_DAYS = 30;
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    /** How the statistics are answered. */
    enum Format { JSON, CSV }

    /** A validated date range (UTC days, both included) and format. */
    record RangeQuery(LocalDate from, LocalDate to, Format format) {
    }

    private StatisticsRequests() {
    }

    /** {@code from}, {@code to} and {@code format} of {@code GET /api/statistics}; {@code today} is the default {@code to}. */
    static RangeQuery range(Map<String, List<String>> parameters, LocalDate today) throws ApiException {
        allowOnly(parameters, "from", "to", "format");
        String toText = single(parameters, "to");
        LocalDate to = toText == null ? today : date("to", toText);
        String fromText = single(parameters, "from");
        LocalDate from = fromText == null ? to.minusDays(DEFAULT_DAYS - 1) : date("from", fromText);
        if (to.isBefore(from)) {
            throw ApiException.badRequest("to: " + to + " is before from " + from);
        }
        long days = to.toEpochDay() - from.toEpochDay() + 1;
        if (days > MAX_DAYS) {
            throw ApiException.badRequest("from, to: at most " + MAX_DAYS + " days in one request, got " + days);
        }
        return new RangeQuery(from, to, format(parameters));
    }

    /** The only parameter of {@code GET /api/statistics/meetings/{id}}: {@code format}. */
    static Format meetingFormat(Map<String, List<String>> parameters) throws ApiException {
        allowOnly(parameters, "format");
        return format(parameters);
    }

    private static Format format(Map<String, List<String>> parameters) throws ApiException {
        String format = single(parameters, "format");
        if (format == null || format.equals("json")) {
            return Format.JSON;
        }
        if (format.equals("csv")) {
            return Format.CSV;
        }
        throw ApiException.badRequest("format: expected \"json\" or \"csv\", got \"" + format + "\"");
    }

    private static void allowOnly(Map<String, List<String>> parameters, String... names) throws ApiException {
        Set<String> allowed = Set.of(names);
        for (String name : parameters.keySet()) {
            if (!allowed.contains(name)) {
                throw ApiException.badRequest(name + ": unknown query parameter (expected one of "
                        + String.join(", ", names) + ")");
            }
        }
    }

    private static String single(Map<String, List<String>> parameters, String name) throws ApiException {
        List<String> values = parameters.get(name);
        if (values == null) {
            return null;
        }
        if (values.size() > 1) {
            throw ApiException.badRequest(name + ": given " + values.size() + " times");
        }
        return values.getFirst();
    }

    /** A calendar date, ISO 8601 extended ({@code 2026-11-24}), checked for existence (no 2026-02-30). */
    private static LocalDate date(String name, String text) throws ApiException {
        try {
            if (DATE.matcher(text).matches()) {
                return LocalDate.parse(text);
            }
        } catch (DateTimeParseException e) {
            // reported below
        }
        throw ApiException.badRequest(name + ": expected a date YYYY-MM-DD, got \"" + text + "\"");
    }
}
