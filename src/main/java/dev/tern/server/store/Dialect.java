package dev.tern.server.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What differs between the databases the server store runs on. The schema and every statement are
 * shared (both speak {@code INSERT ... ON CONFLICT}); only connection set-up and how the writer
 * takes the log counter differ.
 */
public enum Dialect {
  SQLITE {
    @Override
    void configure(Connection connection) throws SQLException {
      try (Statement statement = connection.createStatement()) {
        statement.execute("PRAGMA journal_mode = WAL");
        // FULL: an ack promises the batch is durable, power loss included. In WAL mode this costs
        // one fsync per committed batch, which at up to 1000 ops per batch is cheap.
        statement.execute("PRAGMA synchronous = FULL");
        statement.execute("PRAGMA busy_timeout = 10000");
      }
    }

    @Override
    String lockCounter() {
      // The writer's connection opens its transactions with BEGIN IMMEDIATE (see
      // JdbcServerStore), which already excludes every other writer of the file.
      return "SELECT last_sync_id, horizon FROM counter WHERE id = 1";
    }
  },

  POSTGRESQL {
    @Override
    void configure(Connection connection) {}

    @Override
    String lockCounter() {
      // The row lock makes push transactions (of this node or any other) run one after another,
      // so sync ids become visible in the order they were given out. A sequence would not do:
      // nextval() order is not commit order, and a reader could see id 7 before id 6 commits.
      return "SELECT last_sync_id, horizon FROM counter WHERE id = 1 FOR UPDATE";
    }
  };

  /** Applies per-connection settings right after connecting. */
  abstract void configure(Connection connection) throws SQLException;

  /**
   * Reads the log counter inside the write transaction and keeps other writers out until commit.
   */
  abstract String lockCounter();
}
