package io.spool.storage.sqlite;

import io.spool.storage.StorageUnavailableException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteException;

/**
 * Whether the database file can be written. A full disk, a read-only file or an I/O error is an outage of the
 * storage, not a bug: it is answered as {@link StorageUnavailableException} (503 to clients) with a message in the
 * operator's terms naming the file. While an outage lasts, writes fail fast and a probe (see
 * {@link SqliteStorage}) retries a tiny write until one succeeds; the log says so when it starts, at intervals while
 * it lasts, and when it ends.
 */
final class WriteHealth {

    private static final Logger LOG = LoggerFactory.getLogger(WriteHealth.class);
    private static final long LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final Path file;
    private volatile StorageUnavailableException outage;
    private long outageSince;
    private long loggedAt;
    private boolean told;

    WriteHealth(Path file) {
        this.file = file;
    }

    /** Throws the current outage, so writes fail fast instead of failing the disk again. */
    void check() {
        StorageUnavailableException o = outage;
        if (o != null) throw new StorageUnavailableException(o.getMessage(), o);
    }

    boolean failing() {
        return outage != null;
    }

    /** A write succeeded: ends the outage if there was one (said in the log if its start was). */
    void writable() {
        if (outage == null) return;
        synchronized (this) {
            if (outage == null) return;
            if (told) {
                LOG.warn("the database {} can be written again after {} s", file,
                        TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - outageSince));
            }
            outage = null;
        }
    }

    /** The exception to throw for {@code e}: an outage (recorded when it came from a write) or a plain failure. */
    RuntimeException failed(SQLException e, boolean write) {
        String cause = cause(e);
        if (cause == null) return new StorageException(e);
        StorageUnavailableException o = new StorageUnavailableException(cause, e);
        if (write) record(o);
        return o;
    }

    /** Logs the outage when it starts and then at intervals, also across outages that come and go quickly. */
    private synchronized void record(StorageUnavailableException o) {
        long now = System.nanoTime();
        boolean first = outage == null;
        if (first) {
            outageSince = now;
            told = false;
        }
        outage = o;
        if (loggedAt == 0 || now - loggedAt > LOG_EVERY_NANOS) {
            loggedAt = now | 1; // never 0 once logged
            told = true;
            if (first) LOG.error("{}; writes are refused until it can be written again", o.getMessage());
            else LOG.error("{} (for {} s now); writes are still refused", o.getMessage(),
                    TimeUnit.NANOSECONDS.toSeconds(now - outageSince));
        }
    }

    /** What an operator must fix, naming the file; null when the failure is not the storage's condition. */
    String cause(SQLException e) {
        if (!(e instanceof SQLiteException s)) return null;
        int code = s.getResultCode().code & 0xff;
        if ((code == 8 || code == 14) && !java.nio.file.Files.isWritable(file.getParent())) {
            return "the database " + file + " is read-only: its data directory cannot be written (check its "
                    + "permissions and mount)";
        }
        return switch (code) {
            case 13 -> "the disk holding the database " + file + " is full";
            case 8 -> "the database " + file + " is read-only (check its permissions and mount)";
            case 10 -> "the database " + file + " cannot be written (I/O error: " + ioDetail(s) + ")";
            case 14 -> "the database " + file + " cannot be opened (check that the data directory exists and is "
                    + "writable)";
            default -> null;
        };
    }

    private static String ioDetail(SQLiteException s) {
        String name = s.getResultCode().name(); // e.g. SQLITE_IOERR_WRITE: SQLite's own code, not a class name
        return name.startsWith("SQLITE_IOERR_") ? name.substring(13).toLowerCase().replace('_', ' ') : "read or write";
    }
}
