package org.parley.signaling.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JDBC connection to the embedded H2 database, used by one caller at a time. The store is touched
 * by API requests and by joins and leaves, never per packet, so a single connection is plenty and
 * keeps transactions trivially serial. A connection found closed, or one that failed with an error
 * meaning it is broken, is reopened by the next transaction (a few attempts, counted).
 */
final class Database implements AutoCloseable {

    /** Attempts to reopen a lost connection before a transaction gives up. */
    static final int OPEN_ATTEMPTS = 3;
    private static final long OPEN_BACKOFF_MILLIS = 100;

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);

    /** A piece of work on the connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Opens a new connection to the same database (never creating an empty one where the file vanished). */
    @FunctionalInterface
    interface Opener {
        Connection open() throws SQLException;
    }

    private final Opener opener;
    private final long simulatedDelayMillis;
    private final AtomicLong reopens = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    /** Null after a failure that broke it, until the next transaction reopens it. */
    private Connection connection;
    private boolean closed;

    /**
     * @param first          the connection opened at start
     * @param reopener       opens another when it is lost
     * @param simulatedDelay a pause before every commit, zero in production: tests use it to stand for
     *                       a slow disk
     */
    Database(Connection first, Opener reopener, Duration simulatedDelay) throws SQLException {
        this.opener = reopener;
        this.simulatedDelayMillis = simulatedDelay.toMillis();
        first.setAutoCommit(false);
        this.connection = first;
    }

    private Connection open() throws SQLException {
        Connection opened = opener.open();
        opened.setAutoCommit(false);
        return opened;
    }

    /**
     * Runs {@code work} in one transaction: committed when it returns, rolled back when it throws.
     * Every throw is counted in {@link #failures()}.
     */
    synchronized <T> T transaction(String what, Work<T> work) throws StoreException {
        try {
            return transactionOnce(what, work);
        } catch (StoreException | RuntimeException e) {
            failures.incrementAndGet();
            throw e;
        }
    }

    private <T> T transactionOnce(String what, Work<T> work) throws StoreException {
        Connection current = usableConnection(what);
        try {
            try {
                T result = work.run(current);
                simulateSlowDisk();
                current.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(current);
                throw e;
            }
        } catch (SQLException e) {
            if (broken(e)) {
                LOG.warn("The store connection broke ({}); the next operation reopens it", e.getMessage());
                closeQuietly(current);
                connection = null;
            }
            throw new StoreException("cannot " + what + ": " + e.getMessage(), e);
        }
    }

    /** The connection, reopened first if it was closed under us or broke. */
    private Connection usableConnection(String what) throws StoreException {
        if (closed) {
            throw new StoreException("cannot " + what + ": the store is closed", null);
        }
        if (connection != null) {
            try {
                if (!connection.isClosed()) {
                    return connection;
                }
            } catch (SQLException e) {
                // isClosed fails only on a broken connection: reopen below
            }
            connection = null;
        }
        SQLException last = null;
        for (int attempt = 1; attempt <= OPEN_ATTEMPTS; attempt++) {
            try {
                connection = open();
                reopens.incrementAndGet();
                LOG.warn("The store connection was lost; reopened it (attempt {})", attempt);
                return connection;
            } catch (SQLException e) {
                last = e;
                if (attempt < OPEN_ATTEMPTS) {
                    pause(OPEN_BACKOFF_MILLIS * attempt);
                }
            }
        }
        throw new StoreException("cannot " + what + ": the store connection was lost and reopening it failed "
                + OPEN_ATTEMPTS + " times: " + last.getMessage(), last);
    }

    /**
     * Whether {@code e} means the connection is unusable (rather than this statement wrong): SQL state
     * class 08 (connection exception), or H2's codes for a closed or broken database or an I/O failure.
     */
    static boolean broken(SQLException e) {
        String state = e.getSQLState();
        if (state != null && state.startsWith("08")) {
            return true;
        }
        return switch (e.getErrorCode()) {
            case org.h2.api.ErrorCode.DATABASE_IS_CLOSED,
                 org.h2.api.ErrorCode.CONNECTION_BROKEN_1,
                 org.h2.api.ErrorCode.OBJECT_CLOSED,
                 org.h2.api.ErrorCode.DATABASE_CALLED_AT_SHUTDOWN,
                 org.h2.api.ErrorCode.IO_EXCEPTION_1,
                 org.h2.api.ErrorCode.IO_EXCEPTION_2,
                 org.h2.api.ErrorCode.GENERAL_ERROR_1 -> true;
            default -> false;
        };
    }

    /** Transactions that failed: a statement or commit failed, or no connection could be (re)opened. */
    long failures() {
        return failures.get();
    }

    /** How many times a lost connection was reopened. */
    long reopens() {
        return reopens.get();
    }

    /** The current connection, for tests that break it. */
    synchronized Connection connectionForTests() {
        return connection;
    }

    private void simulateSlowDisk() {
        if (simulatedDelayMillis > 0) {
            pause(simulatedDelayMillis);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void rollbackQuietly(Connection current) {
        try {
            current.rollback();
        } catch (SQLException e) {
            // the connection is broken: the transaction's error says why
        }
    }

    private static void closeQuietly(Connection current) {
        try {
            current.close();
        } catch (SQLException e) {
            // already broken
        }
    }

    @Override
    public synchronized void close() throws StoreException {
        closed = true;
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            throw new StoreException("cannot close the database: " + e.getMessage(), e);
        } finally {
            connection = null;
        }
    }
}
