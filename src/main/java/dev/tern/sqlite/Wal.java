package dev.tern.sqlite;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Puts a SQLite database in write-ahead-log mode.
 *
 * <p>On a new file, the switch reads the file under a shared lock and then asks for an exclusive
 * one. When several connections (processes, or threads of one) do this at the same moment, each
 * holds the shared lock the other waits for, and SQLite answers one of them SQLITE_BUSY at once
 * instead of calling its busy handler, since waiting could never end. The statement holds no lock
 * after failing, so trying again after a short, random pause is safe, and one of the connections
 * goes first. On a file already in WAL mode the switch is a read and succeeds the first time.
 */
public final class Wal {
  private Wal() {}

  /**
   * Switches the connection's database to WAL mode, trying again for up to {@code patience} while
   * other connections hold the lock the switch needs; then throws the last SQLITE_BUSY.
   */
  public static void enable(Connection connection, Duration patience) throws SQLException {
    long deadline = System.nanoTime() + patience.toNanos();
    try (Statement statement = connection.createStatement()) {
      while (true) {
        try {
          statement.execute("PRAGMA journal_mode = WAL");
          return;
        } catch (SQLiteException e) {
          if (!busy(e) || System.nanoTime() > deadline) {
            throw e;
          }
        }
        pause();
      }
    }
  }

  private static boolean busy(SQLiteException e) {
    return (e.getResultCode().code & 0xff) == SQLiteErrorCode.SQLITE_BUSY.code;
  }

  /** A pause of 1 to 20 ms, random so that connections that collided do not collide again. */
  private static void pause() throws SQLException {
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(1, 21));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("interrupted while waiting to switch the database to WAL mode", e);
    }
  }
}
