package dev.tern.server.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The store's connections to its database: one writer, behind a lock (the server has a single
 * writer), and a small pool of idle readers. Between transactions the writer stays in auto-commit
 * mode: with auto-commit off, sqlite-jdbc would open the next BEGIN IMMEDIATE at once and hold the
 * file's write lock while idle, locking out {@code tern server user add} and any other process.
 */
final class Connections implements AutoCloseable {
  private static final int IDLE_READERS = 8;

  private final DatabaseLocation location;
  private final Connection writer;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final BlockingQueue<Connection> idleReaders = new ArrayBlockingQueue<>(IDLE_READERS);

  /** Work on a connection. */
  @FunctionalInterface
  interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
  }

  /**
   * Connects the writer and runs {@code setUp} on it in one transaction before anything else can
   * (the schema's migrations). Closes the writer again when that fails.
   */
  Connections(DatabaseLocation location, SqlWork<?> setUp) {
    this.location = location;
    Connection connection = null;
    try {
      connection = connect();
      connection.setAutoCommit(false);
      setUp.run(connection);
      connection.commit();
      connection.setAutoCommit(true);
    } catch (SQLException e) {
      closeAfter(connection, e);
      throw new ServerStoreException("cannot open the server store at " + location.jdbcUrl(), e);
    } catch (RuntimeException e) {
      closeAfter(connection, e);
      throw e;
    }
    this.writer = connection;
  }

  private Connection connect() throws SQLException {
    Properties properties = location.credentials();
    if (location.dialect() == Dialect.SQLITE) {
      // The writer's transactions must take the write lock at BEGIN: a deferred transaction that
      // reads first and writes later could fail half-way with SQLITE_BUSY.
      properties.setProperty("transaction_mode", "IMMEDIATE");
    }
    Connection connection = DriverManager.getConnection(location.jdbcUrl(), properties);
    location.dialect().configure(connection);
    return connection;
  }

  /** Runs {@code work} on an idle reader (a new one when none is idle) outside any transaction. */
  <T> T read(SqlWork<T> work) {
    Connection connection = idleReaders.poll();
    try {
      if (connection == null) {
        connection = connect();
      }
      T result = work.run(connection);
      if (!idleReaders.offer(connection)) {
        connection.close();
      }
      return result;
    } catch (SQLException e) {
      closeAfter(connection, e);
      throw new ServerStoreException("server store read failed", e);
    }
  }

  /** Runs {@code work} on the writer in one transaction, committed when it returns. */
  <T> T write(SqlWork<T> work) {
    writeLock.lock();
    try {
      writer.setAutoCommit(false);
      T result = work.run(writer);
      writer.commit();
      return result;
    } catch (SQLException e) {
      rollbackAfter(e);
      throw new ServerStoreException("server store write failed", e);
    } catch (RuntimeException e) {
      rollbackAfter(e);
      throw e;
    } finally {
      endWrite();
      writeLock.unlock();
    }
  }

  /**
   * Takes the writer for a transaction that outlives this call: {@code begin} starts it on the
   * writer, and whatever it returns must call {@link #releaseWriter()} when the transaction ends.
   * When {@code begin} fails, the writer is rolled back and released at once.
   */
  <T> T holdWriter(SqlWork<T> begin) {
    writeLock.lock();
    try {
      writer.setAutoCommit(false);
      return begin.run(writer);
    } catch (SQLException e) {
      rollbackAfter(e);
      releaseWriter();
      throw new ServerStoreException("cannot begin a push transaction", e);
    } catch (RuntimeException e) {
      rollbackAfter(e);
      releaseWriter();
      throw e;
    }
  }

  /**
   * Ends a transaction begun by {@link #holdWriter}: the writer goes back to auto-commit and is
   * free.
   */
  void releaseWriter() {
    try {
      endWrite();
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public void close() {
    writeLock.lock();
    try {
      writer.close();
      Connection reader;
      while ((reader = idleReaders.poll()) != null) {
        reader.close();
      }
    } catch (SQLException e) {
      throw new ServerStoreException("cannot close the server store", e);
    } finally {
      writeLock.unlock();
    }
  }

  /** Runs one statement with these values bound in order. */
  static void update(Connection connection, String sql, Object... values) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int index = 0; index < values.length; index++) {
        statement.setObject(index + 1, values[index]);
      }
      statement.executeUpdate();
    }
  }

  private void endWrite() {
    try {
      writer.setAutoCommit(true);
    } catch (SQLException e) {
      throw new ServerStoreException("cannot end a write transaction", e);
    }
  }

  /** Rolls the writer back after {@code cause}; a failed rollback is attached to the cause. */
  private void rollbackAfter(Exception cause) {
    try {
      if (!writer.getAutoCommit()) {
        writer.rollback();
      }
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  private static void closeAfter(Connection connection, Exception cause) {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        cause.addSuppressed(e);
      }
    }
  }
}
