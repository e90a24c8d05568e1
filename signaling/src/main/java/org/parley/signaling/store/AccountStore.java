package org.parley.signaling.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.parley.signaling.accounts.AccountRole;

/** The {@code accounts} table. */
public final class AccountStore {

    private static final String SELECT = "SELECT name, role, password_hash, created_at FROM accounts";

    private final Database database;

    AccountStore(Database database) {
        this.database = database;
    }

    /** Stores a new account; false if the name is taken. */
    public boolean insert(Account account) throws StoreException {
        return database.transaction("create account " + account.name(), connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM accounts WHERE name = ?")) {
                select.setString(1, account.name());
                try (ResultSet rows = select.executeQuery()) {
                    if (rows.next()) {
                        return false;
                    }
                }
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO accounts (name, role, password_hash, created_at) VALUES (?, ?, ?, ?)")) {
                insert.setString(1, account.name());
                insert.setString(2, account.role().wireName());
                insert.setString(3, account.passwordHash());
                SqlTime.set(insert, 4, account.createdAt());
                insert.executeUpdate();
            }
            return true;
        });
    }

    public Optional<Account> find(String name) throws StoreException {
        return database.transaction("read account " + name, connection -> {
            try (PreparedStatement select = connection.prepareStatement(SELECT + " WHERE name = ?")) {
                select.setString(1, name);
                List<Account> found = read(select);
                return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
            }
        });
    }

    /** Every account, by name. */
    public List<Account> all() throws StoreException {
        return database.transaction("list accounts", connection -> {
            try (PreparedStatement select = connection.prepareStatement(SELECT + " ORDER BY name")) {
                return read(select);
            }
        });
    }

    /** Replaces the password hash; false if there is no such account. */
    public boolean setPasswordHash(String name, String passwordHash) throws StoreException {
        return database.transaction("change the password of " + name, connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE accounts SET password_hash = ? WHERE name = ?")) {
                update.setString(1, passwordHash);
                update.setString(2, name);
                return update.executeUpdate() > 0;
            }
        });
    }

    /** Deletes the account; its meetings stay, without an owner. False if unknown. */
    public boolean delete(String name) throws StoreException {
        return database.transaction("delete account " + name, connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM accounts WHERE name = ?")) {
                delete.setString(1, name);
                return delete.executeUpdate() > 0;
            }
        });
    }

    private static List<Account> read(PreparedStatement select) throws SQLException {
        List<Account> accounts = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                AccountRole role = AccountRole.fromWireName(rows.getString("role"));
                if (role == null) {
                    continue; // edited by hand into something this version does not know: no access
                }
                accounts.add(new Account(rows.getString("name"), role, rows.getString("password_hash"),
                        SqlTime.get(rows, "created_at")));
            }
        }
        return accounts;
    }
}
