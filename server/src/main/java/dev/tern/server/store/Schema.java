package dev.tern.server.store;

import java.util.List;

/**
 * The server store's tables, valid on SQLite and PostgreSQL alike once the dialect fills in {@code
 * $SYNC_ID} (the log's key type) and {@code $KEYED} (how a table keyed by text is stored).
 */
final class Schema {
  private Schema() {}

  static List<String> statements(Dialect dialect) {
    return STATEMENTS.stream()
        .map(
            sql ->
                sql.replace("$SYNC_ID", dialect.syncIdType())
                    .replace("$KEYED", dialect.textKeyedTableSuffix()))
        .toList();
  }

  private static final List<String> STATEMENTS =
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
}
