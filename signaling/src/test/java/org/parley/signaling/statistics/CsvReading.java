package org.parley.signaling.statistics;

import java.io.IOException;
import java.io.StringReader;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.h2.tools.Csv;

/** Reads CSV with H2's RFC 4180 reader, independent of the code under test. */
public final class CsvReading {

    private CsvReading() {
    }

    /** The header row's column names, in order. */
    public static List<String> header(String csv) throws SQLException, IOException {
        try (ResultSet rows = reader().read(new StringReader(csv), null)) {
            ResultSetMetaData meta = rows.getMetaData();
            List<String> names = new ArrayList<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                names.add(meta.getColumnLabel(i));
            }
            return names;
        }
    }

    /** Every row after the header, by column name; an empty field reads as "". */
    public static List<Map<String, String>> read(String csv) throws SQLException, IOException {
        try (ResultSet rows = reader().read(new StringReader(csv), null)) {
            ResultSetMetaData meta = rows.getMetaData();
            List<Map<String, String>> read = new ArrayList<>();
            while (rows.next()) {
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    String value = rows.getString(i);
                    row.put(meta.getColumnLabel(i), value == null ? "" : value);
                }
                read.add(row);
            }
            return read;
        }
    }

    private static Csv reader() {
        Csv csv = new Csv();
        csv.setCaseSensitiveColumnNames(true);
        csv.setEscapeCharacter('"'); // RFC 4180 §2 (7): a quote inside a quoted field is doubled
        csv.setFieldDelimiter('"');
        csv.setFieldSeparatorRead(',');
        return csv;
    }
}
