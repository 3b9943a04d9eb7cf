package dev.tern.server.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The store's connections to its database: one writer at a time, behind a lock (the server has a
 * single writer), and readers.
 *
 * <p>SQLite: one writer connection for the store's life and a small pool of idle readers. Between
 * transactions the writer stays in auto-commit mode: with auto-commit off, sqlite-jdbc would open
 * the next BEGIN IMMEDIATE at once and hold the file's write lock while idle, locking out {@code
 * tern server user add} and any other process.
 *
 * <p>PostgreSQL: a bounded HikariCP pool ({@link #POOL_SIZE} connections, see docs/architecture.md)
 * lends the writer for each transaction and a connection for each read. A connection the database
 * dropped (a restart, a fail-over, an idle timeout) is found dead on borrowing and replaced, so the
 * server outlives a database restart instead of failing every later push.
 */
final class Connections implements AutoCloseable {
  private static final int IDLE_READERS = 8;

  /**
   * Most PostgreSQL connections one server process opens: the writer, and readers for pulls and
   * snapshots (which the worker pool runs a few at a time). Ten per node leaves room for nine nodes
   * under PostgreSQL's default max_connections of 100.
   */
  static final int POOL_SIZE = 10;

  /** How long a borrower waits for a free or new PostgreSQL connection before failing. */
  static final Duration POOL_WAIT = Duration.ofSeconds(10);

  private final DatabaseLocation location;
  private final HikariDataSource pool;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final BlockingQueue<Connection> idleReaders = new ArrayBlockingQueue<>(IDLE_READERS);

  /**
   * The writer while a transaction holds it. SQLite: the same connection for the store's life.
   * PostgreSQL: borrowed from the pool at each transaction's start, returned at its end.
   */
  private Connection writer;

  /** Work on a connection. */
  @FunctionalInterface
  interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
  }

  /**
   * Connects and runs {@code setUp} in one transaction before anything else can (the schema's
   * migrations). Releases what it opened when that fails.
   */
  Connections(DatabaseLocation location, SqlWork<?> setUp) {
    this.location = location;
    this.pool = location.dialect() == Dialect.POSTGRESQL ? openPool(location) : null;
    Connection connection = null;
    try {
      connection = pool != null ? pool.getConnection() : connect();
      connection.setAutoCommit(false);
      setUp.run(connection);
      connection.commit();
      connection.setAutoCommit(true);
    } catch (SQLException e) {
      closeAfter(connection, e);
      closePool();
      throw new ServerStoreException("cannot open the server store at " + location.jdbcUrl(), e);
    } catch (RuntimeException e) {
      closeAfter(connection, e);
      closePool();
      throw e;
    }
    if (pool != null) {
      closeAfter(connection, null);
    } else {
      this.writer = connection;
    }
  }

  private static HikariDataSource openPool(DatabaseLocation location) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("tern-postgresql");
    config.setJdbcUrl(location.jdbcUrl());
    Properties credentials = location.credentials();
    config.setUsername(credentials.getProperty("user"));
    config.setPassword(credentials.getProperty("password"));
    config.setMaximumPoolSize(POOL_SIZE);
    config.setMinimumIdle(2);
    config.setConnectionTimeout(POOL_WAIT.toMillis());
    // Fail at start when the database cannot be reached, with the driver's reason.
    config.setInitializationFailTimeout(POOL_WAIT.toMillis());
    config.setIdleTimeout(Duration.ofMinutes(10).toMillis());
    // Below the usual firewall and load-balancer idle cut-offs; connections are renewed before.
    config.setMaxLifetime(Duration.ofMinutes(30).toMillis());
    config.setKeepaliveTime(Duration.ofMinutes(5).toMillis());
    try {
      return new HikariDataSource(config);
    } catch (RuntimeException e) {
      Throwable cause = e.getCause() instanceof SQLException ? e.getCause() : e;
      throw new ServerStoreException(
          "cannot connect to the server store at " + location.jdbcUrl(), cause);
    }
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
    if (pool != null) {
      try (Connection connection = pool.getConnection()) {
        return work.run(connection);
      } catch (SQLException e) {
        throw new ServerStoreException("server store read failed", e);
      }
    }
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
      T result = work.run(takeWriter());
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
      return begin.run(takeWriter());
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
      if (writer != null) {
        writer.close();
      }
      Connection reader;
      while ((reader = idleReaders.poll()) != null) {
        reader.close();
      }
    } catch (SQLException e) {
      throw new ServerStoreException("cannot close the server store", e);
    } finally {
      closePool();
      writeLock.unlock();
    }
  }

  private void closePool() {
    if (pool != null) {
      pool.close();
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

  /** The writer, in a transaction; the caller holds the write lock. */
  private Connection takeWriter() throws SQLException {
    if (pool != null) {
      writer = pool.getConnection();
    }
    writer.setAutoCommit(false);
    return writer;
  }

  /**
   * Ends the writer's transaction: a pooled writer goes back to the pool (which rolls back what was
   * left open and restores auto-commit); the SQLite writer returns to auto-commit.
   */
  private void endWrite() {
    if (pool != null) {
      Connection borrowed = writer;
      writer = null;
      closeAfter(borrowed, null);
      return;
    }
    try {
      writer.setAutoCommit(true);
    } catch (SQLException e) {
      throw new ServerStoreException("cannot end a write transaction", e);
    }
  }

  /** Rolls the writer back after {@code cause}; a failed rollback is attached to the cause. */
  private void rollbackAfter(Exception cause) {
    try {
      if (writer != null && !writer.isClosed() && !writer.getAutoCommit()) {
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
        if (cause != null) {
          cause.addSuppressed(e);
        }
      }
    }
  }
}
