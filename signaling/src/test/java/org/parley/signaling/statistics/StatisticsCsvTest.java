package org.parley.signaling.statistics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.parley.signaling.store.QualitySummary;
import org.parley.signaling.store.StatisticsRecord;

/** The CSV export, read back by an independent RFC 4180 reader (H2's {@code Csv}). */
class StatisticsCsvTest {

    private static final Instant T0 = Instant.parse("2026-11-24T09:00:00Z");

    @Test
    void quotesWhatNeedsItAndReadsBackCellForCell() throws Exception {
        StatisticsRecord hard = new StatisticsRecord("p-1", "m-1", "Conseil, \"session\"\nrésumée", "i-1", "delegate",
                "browser", "CH", "=HYPERLINK(\"x\")", T0, T0.plusSeconds(90), "left",
                Map.of("fr", 60_000L, "floor", 30_000L), new QualitySummary(3, 1.25, 4.0, 2.5, 9.0, 21.0, 40.0, null, null));
        StatisticsRecord live = new StatisticsRecord("p-2", "m-1", "Conseil", null, "observer", "observer", null, null,
                T0.plusSeconds(5), null, null, Map.of(), QualitySummary.NONE);
        String csv = StatisticsCsv.csv(List.of(hard, live));

        assertTrue(csv.endsWith("\r\n"), "CRLF line ends");
        List<Map<String, String>> rows = CsvReading.read(csv);
        assertEquals(2, rows.size());
        Map<String, String> first = rows.getFirst();
        List<String> header = CsvReading.header(csv);
        assertEquals(StatisticsCsv.COLUMNS, header.subList(0, StatisticsCsv.COLUMNS.size()));
        assertEquals(List.of("minutes_floor", "minutes_fr"), header.subList(StatisticsCsv.COLUMNS.size(), header.size()),
                "the floor first, then the languages");
        assertEquals("Conseil, \"session\"\nrésumée", first.get("meeting_title"));
        assertEquals("'=HYPERLINK(\"x\")", first.get("organisation"), "no formula for spreadsheets");
        assertEquals("2026-11-24T09:01:30Z", first.get("left_at"));
        assertEquals("1.25", first.get("mean_loss_percent"));
        assertEquals("", first.get("mean_mos"));
        assertEquals("0.5", first.get("minutes_floor"));
        assertEquals("1", first.get("minutes_fr"));
        Map<String, String> second = rows.get(1);
        assertEquals("", second.get("left_at"));
        assertEquals("", second.get("country"));
        assertEquals("0", second.get("minutes_fr"));
        assertFalse(csv.contains("\n\r"));
    }

    @Test
    void plainFieldsStayUnquoted() {
        assertEquals("abc", StatisticsCsv.quoted("abc"));
        assertEquals("\"a,b\"", StatisticsCsv.quoted("a,b"));
        assertEquals("\"a\"\"b\"", StatisticsCsv.quoted("a\"b"));
        assertEquals("'-1+2", StatisticsCsv.text("-1+2"));
        assertEquals("", StatisticsCsv.text(null));
    }
}
