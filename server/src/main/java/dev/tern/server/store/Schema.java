package dev.tern.server.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.OptionalInt;

/**
 * The server store's schema as an ordered list of migrations, as the client store keeps its own
 * (src/main/java/dev/tern/store/Schema.java). Migration {@code n} (1-based) takes a database from
 * version {@code n - 1} to {@code n}; the version is the one row of {@code schema_version}. Never
 * edit a released migration: add one.
 *
 * <p>Statements are valid on SQLite and PostgreSQL alike once the dialect fills in {@code $SYNC_ID}
 * (the log's key type) and {@code $KEYED} (how a table keyed by text is stored).
 */
final class Schema {
  private Schema() {}

  /** The version this code reads and writes. */
  static int latestVersion() {
    return MIGRATIONS.size();
  }

  /**
   * Brings the database to {@link #latestVersion()} inside the connection's open transaction and
   * returns whether that wrote anything (false when it was already there). A database of a newer
   * version is refused with ServerStoreException before anything is written.
   */
  static boolean migrate(Connection connection, Dialect dialect) throws SQLException {
    // Before reading the version: a node that waited here sees what the first one committed.
    if (dialect.lockSchema() != null) {
      try (Statement statement = connection.createStatement()) {
        statement.execute(dialect.lockSchema());
      }
    }
    dialect.claim(connection);
    OptionalInt row = versionRow(connection, dialect);
    // A database made before the version row existed holds version 1's tables.
    int version = row.orElse(hasTable(connection, dialect, "counter") ? 1 : 0);
    if (version > latestVersion()) {
      throw new ServerStoreException(
          "this database was written by a newer tern (server store version "
              + version
              + "; this tern knows up to "
              + latestVersion()
              + "): upgrade tern to use it");
    }
    if (row.isPresent() && version == latestVersion()) {
      return false;
    }
    try (Statement statement = connection.createStatement()) {
      for (int next = version + 1; next <= latestVersion(); next++) {
        for (String sql : MIGRATIONS.get(next - 1)) {
          statement.execute(
              sql.replace("$SYNC_ID", dialect.syncIdType())
                  .replace("$KEYED", dialect.textKeyedTableSuffix()));
        }
      }
      statement.execute(
          "CREATE TABLE IF NOT EXISTS schema_version ("
              + "id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL)");
    }
    Connections.update(
        connection,
        "INSERT INTO schema_version VALUES (1, ?)"
            + " ON CONFLICT (id) DO UPDATE SET version = excluded.version",
        latestVersion());
    return true;
  }

  /** The version in the database's {@code schema_version} row, if it has one. */
  static OptionalInt versionRow(Connection connection, Dialect dialect) throws SQLException {
    if (!hasTable(connection, dialect, "schema_version")) {
      return OptionalInt.empty();
    }
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery("SELECT version FROM schema_version WHERE id = 1")) {
      return rows.next() ? OptionalInt.of(rows.getInt(1)) : OptionalInt.empty();
    }
  }

  private static boolean hasTable(Connection connection, Dialect dialect, String table)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(dialect.findTable())) {
      statement.setString(1, table);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next();
      }
    }
  }

  /** The schema as it was before versions were recorded. */
  private static final List<String> VERSION_1 =
      List.of(
          // One row: the last sync id given out and the compaction horizon.
          """
          CREATE TABLE IF NOT EXISTS counter (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            last_sync_id BIGINT NOT NULL,
            horizon BIGINT NOT NULL)""",
          "INSERT INTO counter VALUES (1, 0, 0) ON CONFLICT (id) DO NOTHING",
          """
          CREATE TABLE IF NOT EXISTS teams (
            team_key TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            last_number BIGINT NOT NULL)$KEYED""",
          """
          CREATE TABLE IF NOT EXISTS users (
            name TEXT PRIMARY KEY,
            token_hash TEXT NOT NULL UNIQUE)$KEYED""",
          """
          CREATE TABLE IF NOT EXISTS members (
            user_name TEXT NOT NULL,
            team_key TEXT NOT NULL,
            PRIMARY KEY (user_name, team_key))$KEYED""",
          """
          CREATE TABLE IF NOT EXISTS clients (
            client_id TEXT PRIMARY KEY,
            user_name TEXT NOT NULL,
            last_seq BIGINT NOT NULL,
            compacted_seq BIGINT NOT NULL DEFAULT 0)$KEYED""",
          """
          CREATE TABLE IF NOT EXISTS ops (
            sync_id $SYNC_ID PRIMARY KEY,
            op_id TEXT NOT NULL UNIQUE,
            client_id TEXT NOT NULL,
            seq BIGINT NOT NULL,
            team TEXT NOT NULL,
            outcome TEXT NOT NULL,
            op_json TEXT NOT NULL,
            entity_json TEXT NOT NULL,
            UNIQUE (client_id, seq))""",
          "CREATE INDEX IF NOT EXISTS ops_team ON ops (team, sync_id)",
          """
          CREATE TABLE IF NOT EXISTS rejections (
            client_id TEXT NOT NULL,
            seq BIGINT NOT NULL,
            op_id TEXT NOT NULL,
            code TEXT NOT NULL,
            message TEXT NOT NULL,
            PRIMARY KEY (client_id, seq))$KEYED""",
          // issues and comments keep their rowid: rows land in insertion order, and only the small
          // index on the random UUID key takes random writes. As WITHOUT ROWID tables every
          // insert dirtied a random leaf holding a few large rows (pushes ran 25% slower).
          """
          CREATE TABLE IF NOT EXISTS issues (
            id TEXT PRIMARY KEY,
            team TEXT NOT NULL,
            state_json TEXT NOT NULL,
            writers_json TEXT NOT NULL)""",
          """
          CREATE TABLE IF NOT EXISTS comments (
            id TEXT PRIMARY KEY,
            team TEXT NOT NULL,
            state_json TEXT NOT NULL,
            writers_json TEXT NOT NULL)""",
          """
          CREATE TABLE IF NOT EXISTS conflicts (
            id TEXT PRIMARY KEY,
            sync_id BIGINT NOT NULL,
            user_name TEXT NOT NULL,
            record_json TEXT NOT NULL)$KEYED""",
          "CREATE INDEX IF NOT EXISTS conflicts_user ON conflicts (user_name, sync_id)");

  /**
   * Live administration (docs/reliability.md): a counter every change of users, tokens or
   * memberships moves, which a running server polls; and, per client, whether it must read a
   * snapshot before its next delta (its user joined a team whose older issues it never received).
   */
  private static final List<String> ACCOUNTS_VERSION =
      List.of(
          """
          CREATE TABLE IF NOT EXISTS accounts_version (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            version BIGINT NOT NULL)""",
          "INSERT INTO accounts_version VALUES (1, 0) ON CONFLICT (id) DO NOTHING",
          "CREATE TABLE IF NOT EXISTS snapshot_due (client_id TEXT PRIMARY KEY)$KEYED");

  /**
   * Conflict records by sync id, for a node fanning out other nodes' commits (it reads every user's
   * records of a range).
   */
  private static final List<String> CONFLICTS_BY_SYNC_ID =
      List.of("CREATE INDEX IF NOT EXISTS conflicts_sync ON conflicts (sync_id)");

  /**
   * A slimmer log row (docs/performance.md, "Push"): the operation in the compact text of {@link
   * StoredOp} ({@code op_text}; rows copied from version 1 keep their JSON, which the reader still
   * takes), and no resulting entity for creates, which the rule book rebuilds from the operation
   * ({@code entity_json} null; an issue create keeps only its {@code number}). The table is copied
   * because neither database drops a NOT NULL the same way.
   */
  private static final List<String> SLIM_LOG =
      List.of(
          """
          CREATE TABLE ops_v2 (
            sync_id $SYNC_ID PRIMARY KEY,
            op_id TEXT NOT NULL UNIQUE,
            client_id TEXT NOT NULL,
            seq BIGINT NOT NULL,
            team TEXT NOT NULL,
            outcome TEXT NOT NULL,
            op_text TEXT NOT NULL,
            number BIGINT,
            entity_json TEXT,
            UNIQUE (client_id, seq))""",
          """
          INSERT INTO ops_v2
            (sync_id, op_id, client_id, seq, team, outcome, op_text, number, entity_json)
          SELECT sync_id, op_id, client_id, seq, team, outcome, op_json, NULL, entity_json
          FROM ops""",
          "DROP TABLE ops",
          "ALTER TABLE ops_v2 RENAME TO ops",
          "CREATE INDEX ops_team ON ops (team, sync_id)");

  /**
   * Each issue's and comment's newest log entry ({@code last_sync_id}; null on rows written before
   * this version), so that an ack can tell its author which state an update took effect on
   * (docs/sync.md, "Confirming from the ack").
   */
  private static final List<String> LAST_ENTRY =
      List.of(
          "ALTER TABLE issues ADD COLUMN last_sync_id BIGINT",
          "ALTER TABLE comments ADD COLUMN last_sync_id BIGINT");

  /** Every migration, in order. Declared below them: static fields initialise top to bottom. */
  private static final List<List<String>> MIGRATIONS =
      List.of(VERSION_1, ACCOUNTS_VERSION, CONFLICTS_BY_SYNC_ID, SLIM_LOG, LAST_ENTRY);
}
