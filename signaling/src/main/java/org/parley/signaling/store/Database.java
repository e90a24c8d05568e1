package org.parley.signaling.store;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * One JDBC connection to the embedded H2 database, used by one caller at a time. The store is touched
 * by API requests and by joins and leaves, never per packet, so a single connection is plenty and
 * keeps transactions trivially serial.
 */
final class Database implements AutoCloseable {

    /** A piece of work on the connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final Connection connection;

    Database(Connection connection) throws SQLException {
        this.connection = connection;
        connection.setAutoCommit(false);
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    synchronized <T> T transaction(String what, Work<T> work) throws StoreException {
        try {
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new StoreException("cannot " + what + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() throws StoreException {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new StoreException("cannot close the database: " + e.getMessage(), e);
        }
    }
}
