package org.parley.signaling.store;

import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Base64;

/** Server-wide values that must survive restarts: the {@code settings} table. */
public final class SettingsStore {

    private static final String TOKEN_KEY = "auth.tokenKey";
    private static final int TOKEN_KEY_BYTES = 32;

    private final Database database;

    SettingsStore(Database database) {
        this.database = database;
    }

    /**
     * The HMAC key of join tokens, generated from {@code random} and stored the first time, so that
     * tokens stay valid across restarts.
     */
    public byte[] tokenKey(SecureRandom random) throws StoreException {
        String base64 = database.transaction("read or create the token key", connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT setting_value FROM settings WHERE name = ?")) {
                select.setString(1, TOKEN_KEY);
                try (ResultSet rows = select.executeQuery()) {
                    if (rows.next()) {
                        return rows.getString(1);
                    }
                }
            }
            byte[] key = new byte[TOKEN_KEY_BYTES];
            random.nextBytes(key);
            String created = Base64.getEncoder().encodeToString(key);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO settings (name, setting_value) VALUES (?, ?)")) {
                insert.setString(1, TOKEN_KEY);
                insert.setString(2, created);
                insert.executeUpdate();
            }
            return created;
        });
        return Base64.getDecoder().decode(base64);
    }
}
