package dev.tern.server.store;

import dev.tern.sqlite.Wal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * What differs between the databases the server store runs on. The schema and every statement are
 * shared (both speak {@code INSERT ... ON CONFLICT}); only connection set-up, how the writer takes
 * the log counter and where the catalogue lists tables differ.
 */
public enum Dialect {
  SQLITE {
    @Override
    void configure(Connection connection) throws SQLException {
      refuseForeign(connection);
      try (Statement statement = connection.createStatement()) {
        // First: several processes opening a new file at once wait for each other's set-up
        // (switching to WAL, creating the schema) instead of failing with SQLITE_BUSY.
        statement.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT.toMillis());
        Wal.enable(connection, BUSY_TIMEOUT);
        // FULL: an ack promises the batch is durable, power loss included. In WAL mode this costs
        // one fsync per committed batch, which at up to 1000 ops per batch is cheap.
        statement.execute("PRAGMA synchronous = FULL");
        // A push batch writes a few MB: keep it in the page cache until commit, and checkpoint
        // the WAL into the database every ~80 MB rather than every 4 MB.
        statement.execute("PRAGMA cache_size = -65536");
        statement.execute("PRAGMA wal_autocheckpoint = 20000");
      }
    }

    @Override
    void claim(Connection connection) throws SQLException {
      try (Statement statement = connection.createStatement()) {
        statement.execute("PRAGMA application_id = " + SERVER_APPLICATION_ID);
      }
    }

    /**
     * Refuses, before anything is written (configure switches the journal to WAL), a file that is
     * not SQLite, another program's database, or a tern profile: a server database carries {@link
     * #SERVER_APPLICATION_ID}, or is empty, or holds the server's tables from before the mark
     * existed.
     */
    private void refuseForeign(Connection connection) throws SQLException {
      int applicationId;
      try (Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("PRAGMA application_id")) {
        applicationId = rows.next() ? rows.getInt(1) : 0;
      } catch (SQLException e) {
        throw new ServerStoreException("not a SQLite database; refusing to touch it", e);
      }
      if (applicationId == SERVER_APPLICATION_ID) {
        return;
      }
      if (applicationId == CLIENT_APPLICATION_ID) {
        throw new ServerStoreException("this is a tern profile, not a server database");
      }
      if (applicationId != 0) {
        throw new ServerStoreException(
            "another program's SQLite database (application_id 0x"
                + Integer.toHexString(applicationId)
                + "); refusing to touch it");
      }
      try (Statement statement = connection.createStatement();
          ResultSet rows =
              statement.executeQuery(
                  "SELECT count(*), sum(name IN ('counter', 'schema_version')) FROM sqlite_master"
                      + " WHERE type = 'table'")) {
        rows.next();
        if (rows.getInt(1) > 0 && rows.getInt(2) == 0) {
          throw new ServerStoreException(
              "another program's SQLite database (it has tables, none of them tern's);"
                  + " refusing to touch it");
        }
      }
    }

    @Override
    String syncIdType() {
      // INTEGER PRIMARY KEY is the rowid itself: one B-tree for the log instead of two.
      return "INTEGER";
    }

    @Override
    String textKeyedTableSuffix() {
      return " WITHOUT ROWID";
    }

    @Override
    String lockCounter() {
      // The writer's connection opens its transactions with BEGIN IMMEDIATE (see
      // Connections), which already excludes every other writer of the file.
      return "SELECT last_sync_id, horizon FROM counter WHERE id = 1";
    }

    @Override
    String findTable() {
      return "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?";
    }

    @Override
    String lockSchema() {
      // The set-up transaction is a BEGIN IMMEDIATE (see Connections): it already holds the
      // file's write lock, so a second process migrates only after the first committed.
      return null;
    }
  },

  POSTGRESQL {
    @Override
    void configure(Connection connection) {}

    @Override
    void claim(Connection connection) {}

    @Override
    String syncIdType() {
      return "BIGINT";
    }

    @Override
    String textKeyedTableSuffix() {
      return "";
    }

    @Override
    String lockCounter() {
      // The row lock makes push transactions (of this node or any other) run one after another,
      // so sync ids become visible in the order they were given out. A sequence would not do:
      // nextval() order is not commit order, and a reader could see id 7 before id 6 commits.
      return "SELECT last_sync_id, horizon FROM counter WHERE id = 1 FOR UPDATE";
    }

    @Override
    String findTable() {
      // Unqualified names, as the schema uses them, resolve to the current schema.
      return "SELECT 1 FROM information_schema.tables"
          + " WHERE table_schema = current_schema() AND table_name = ?";
    }

    @Override
    String lockSchema() {
      // Nodes starting together on an empty database would otherwise race in CREATE TABLE IF
      // NOT EXISTS, which is not safe against itself in PostgreSQL (a duplicate key in the
      // catalogue). The lock ends with the set-up transaction; the key is "tern" in ASCII.
      return "SELECT pg_advisory_xact_lock(1952805486)";
    }
  };

  /**
   * {@code PRAGMA application_id} of a server database ("tsrv"); a tern profile carries "tern"
   * (src/main/java/dev/tern/store/Schema.java).
   */
  static final int SERVER_APPLICATION_ID = 0x74737276;

  /**
   * How long a SQLite connection waits for a lock another process holds (its set-up, a push) before
   * failing with SQLITE_BUSY.
   */
  static final Duration BUSY_TIMEOUT = Duration.ofSeconds(10);

  private static final int CLIENT_APPLICATION_ID = 0x7465726e;

  /** Marks the database as the server's, inside the migration's transaction. */
  abstract void claim(Connection connection) throws SQLException;

  /**
   * Applies per-connection settings right after connecting. Throws ServerStoreException, without
   * writing, for a file that is not a server database.
   */
  abstract void configure(Connection connection) throws SQLException;

  /** Column type of the log's sync id. */
  abstract String syncIdType();

  /** Appended to CREATE TABLE of tables whose primary key is text. */
  abstract String textKeyedTableSuffix();

  /**
   * Reads the log counter inside the write transaction and keeps other writers out until commit.
   */
  abstract String lockCounter();

  /** A query that returns a row when the table named by its one parameter exists. */
  abstract String findTable();

  /**
   * A statement that makes the schema set-up of concurrent starts run one at a time, held until the
   * set-up transaction ends; null when the transaction itself already does.
   */
  abstract String lockSchema();
}
