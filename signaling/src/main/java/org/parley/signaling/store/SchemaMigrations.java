package org.parley.signaling.store;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Brings the schema up to date. The scripts are the classpath resources listed, in order, in
 * {@code migrations/index.txt} next to this class; script number {@code n} (1-based) is schema version
 * {@code n}. The {@code schema_version} table records each applied version, so a script runs exactly
 * once per database, in its own transaction. Scripts are never edited once released: changes are new
 * scripts appended to the index.
 */
final class SchemaMigrations {

    private static final String DIRECTORY = "migrations/";
    private static final String INDEX = DIRECTORY + "index.txt";

    private SchemaMigrations() {
    }

    /** Applies the missing migrations; returns the schema version now in place. */
    static int apply(Database database) throws StoreException {
        List<String> scripts = readIndex();
        int current = database.transaction("read the schema version", connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE IF NOT EXISTS schema_version ("
                        + "version INT PRIMARY KEY, script VARCHAR(200) NOT NULL, applied_at TIMESTAMP WITH TIME ZONE NOT NULL)");
                try (ResultSet rows = statement.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
                    rows.next();
                    return rows.getInt(1);
                }
            }
        });
        if (current > scripts.size()) {
            throw new StoreException("the database has schema version " + current + " but this server only knows "
                    + scripts.size() + "; it was written by a newer Parley", null);
        }
        for (int version = current + 1; version <= scripts.size(); version++) {
            String script = scripts.get(version - 1);
            List<String> statements = statements(readResource(DIRECTORY + script));
            int applying = version;
            database.transaction("apply migration " + script, connection -> {
                run(connection, statements);
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO schema_version (version, script, applied_at) VALUES (?, ?, ?)")) {
                    insert.setInt(1, applying);
                    insert.setString(2, script);
                    insert.setObject(3, OffsetDateTime.now(ZoneOffset.UTC));
                    insert.executeUpdate();
                }
                return null;
            });
        }
        return scripts.size();
    }

    private static void run(Connection connection, List<String> statements) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static List<String> readIndex() throws StoreException {
        List<String> scripts = new ArrayList<>();
        for (String line : readResource(INDEX).split("\n")) {
            String name = line.strip();
            if (!name.isEmpty() && !name.startsWith("#")) {
                scripts.add(name);
            }
        }
        return scripts;
    }

    /** Splits a script on the semicolons that end statements; {@code --} comments are dropped. */
    static List<String> statements(String script) {
        StringBuilder withoutComments = new StringBuilder();
        for (String line : script.split("\n")) {
            int comment = line.indexOf("--");
            withoutComments.append(comment >= 0 ? line.substring(0, comment) : line).append('\n');
        }
        List<String> statements = new ArrayList<>();
        for (String statement : withoutComments.toString().split(";")) {
            if (!statement.isBlank()) {
                statements.add(statement.strip());
            }
        }
        return statements;
    }

    private static String readResource(String name) throws StoreException {
        try (InputStream in = SchemaMigrations.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new StoreException("migration resource " + name + " is missing from the classpath", null);
            }
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                StringBuilder text = new StringBuilder();
                reader.lines().forEach(line -> text.append(line).append('\n'));
                return text.toString();
            }
        } catch (IOException e) {
            throw new StoreException("cannot read migration resource " + name + ": " + e.getMessage(), e);
        }
    }
}
