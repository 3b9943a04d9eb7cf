package dev.tern.store;

import java.util.List;

/**
 * The client store's schema, as an ordered list of migrations. Migration {@code n} (1-based) takes
 * a store from {@code user_version = n - 1} to {@code n}. Never edit a released migration: add one.
 *
 * <p>Two families of tables hold issues and comments. The view tables ({@code issues}, {@code
 * comments}) are what commands read: the server's state with this replica's pending operations
 * applied on top. The {@code synced_*} tables hold the server's state at the cursor alone, so that
 * the view can be rebuilt ("rebased") when newer server operations arrive.
 */
final class Schema {
  private Schema() {}

  /** "tern" in ASCII, stored as {@code PRAGMA application_id} to recognise our files. */
  static final int APPLICATION_ID = 0x7465726e;

  static final List<String> MIGRATIONS =
      List.of(
          """
          CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
          CREATE TABLE clock (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            next_seq INTEGER NOT NULL,
            hlc_millis INTEGER NOT NULL,
            hlc_counter INTEGER NOT NULL
          );
          INSERT INTO clock VALUES (1, 1, 0, 0);
          CREATE TABLE teams (key TEXT PRIMARY KEY, name TEXT NOT NULL) WITHOUT ROWID;

          CREATE TABLE issues (
            rowid INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            team TEXT NOT NULL,
            number INTEGER,
            title TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            state TEXT NOT NULL,
            priority INTEGER NOT NULL DEFAULT 0,
            assignee TEXT,
            labels TEXT NOT NULL DEFAULT '',
            estimate INTEGER,
            parent TEXT,
            creator TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            archived INTEGER NOT NULL DEFAULT 0
          );
          CREATE INDEX issues_team_number ON issues (team, number);
          CREATE TABLE synced_issues (
            id TEXT PRIMARY KEY,
            team TEXT NOT NULL,
            number INTEGER,
            title TEXT NOT NULL,
            description TEXT NOT NULL DEFAULT '',
            state TEXT NOT NULL,
            priority INTEGER NOT NULL DEFAULT 0,
            assignee TEXT,
            labels TEXT NOT NULL DEFAULT '',
            estimate INTEGER,
            parent TEXT,
            creator TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            archived INTEGER NOT NULL DEFAULT 0
          ) WITHOUT ROWID;

          CREATE TABLE comments (
            rowid INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            issue_id TEXT NOT NULL,
            author TEXT NOT NULL,
            body TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            deleted INTEGER NOT NULL DEFAULT 0
          );
          CREATE INDEX comments_issue ON comments (issue_id, created_at);
          CREATE TABLE synced_comments (
            id TEXT PRIMARY KEY,
            issue_id TEXT NOT NULL,
            author TEXT NOT NULL,
            body TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            deleted INTEGER NOT NULL DEFAULT 0
          ) WITHOUT ROWID;

          CREATE VIRTUAL TABLE issues_fts USING fts5 (
            title, description, content = 'issues', content_rowid = 'rowid',
            tokenize = 'unicode61 remove_diacritics 2');
          CREATE TRIGGER issues_fts_insert AFTER INSERT ON issues BEGIN
            INSERT INTO issues_fts (rowid, title, description)
              VALUES (new.rowid, new.title, new.description);
          END;
          CREATE TRIGGER issues_fts_delete AFTER DELETE ON issues BEGIN
            INSERT INTO issues_fts (issues_fts, rowid, title, description)
              VALUES ('delete', old.rowid, old.title, old.description);
          END;
          CREATE TRIGGER issues_fts_update AFTER UPDATE OF title, description ON issues
          WHEN old.title IS NOT new.title OR old.description IS NOT new.description BEGIN
            INSERT INTO issues_fts (issues_fts, rowid, title, description)
              VALUES ('delete', old.rowid, old.title, old.description);
            INSERT INTO issues_fts (rowid, title, description)
              VALUES (new.rowid, new.title, new.description);
          END;
          CREATE VIRTUAL TABLE comments_fts USING fts5 (
            body, content = 'comments', content_rowid = 'rowid',
            tokenize = 'unicode61 remove_diacritics 2');
          CREATE TRIGGER comments_fts_insert AFTER INSERT ON comments BEGIN
            INSERT INTO comments_fts (rowid, body) VALUES (new.rowid, new.body);
          END;
          CREATE TRIGGER comments_fts_delete AFTER DELETE ON comments BEGIN
            INSERT INTO comments_fts (comments_fts, rowid, body) VALUES ('delete', old.rowid, old.body);
          END;
          CREATE TRIGGER comments_fts_update AFTER UPDATE OF body ON comments
          WHEN old.body IS NOT new.body BEGIN
            INSERT INTO comments_fts (comments_fts, rowid, body) VALUES ('delete', old.rowid, old.body);
            INSERT INTO comments_fts (rowid, body) VALUES (new.rowid, new.body);
          END;

          CREATE TABLE ops (
            rowid INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            client_id TEXT NOT NULL,
            seq INTEGER NOT NULL,
            hlc TEXT NOT NULL,
            actor TEXT NOT NULL,
            kind TEXT NOT NULL,
            entity TEXT NOT NULL,
            issue TEXT NOT NULL,
            team TEXT NOT NULL,
            status TEXT NOT NULL,
            sync_id INTEGER,
            outcome TEXT,
            note TEXT,
            UNIQUE (client_id, seq)
          );
          CREATE INDEX ops_issue ON ops (issue);
          CREATE INDEX ops_unconfirmed ON ops (status) WHERE status IN ('pending', 'acked');
          CREATE TABLE op_changes (
            op INTEGER NOT NULL,
            field TEXT NOT NULL,
            value TEXT,
            base TEXT,
            PRIMARY KEY (op, field)
          ) WITHOUT ROWID;

          CREATE TABLE undo_stack (pos INTEGER PRIMARY KEY, op_id TEXT NOT NULL);
          CREATE TABLE redo_stack (pos INTEGER PRIMARY KEY, op_id TEXT NOT NULL);

          CREATE TABLE conflicts (
            rowid INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            issue_id TEXT NOT NULL,
            field TEXT NOT NULL,
            base TEXT,
            theirs TEXT,
            mine TEXT,
            their_actor TEXT,
            their_stamp TEXT,
            my_stamp TEXT,
            op_id TEXT,
            sync_id INTEGER,
            status TEXT NOT NULL DEFAULT 'open',
            resolution TEXT,
            created_at INTEGER NOT NULL
          );
          """,
          // 2: who wrote an imported comment, kept beside its author (docs/sync.md, "One rule
          // book").
          """
          ALTER TABLE comments ADD COLUMN written_by TEXT;
          ALTER TABLE synced_comments ADD COLUMN written_by TEXT;
          """,
          // 3: an edit writes fewer B-trees (docs/performance.md, "Engine edits"). An operation's
          // changes move into its row (ChangesText's JSON object); of the three indexes beside
          // the op id's, one partial index on the issue of open operations (those a rebase and
          // a push read) remains; the undo and redo stacks become a chain through the ops
          // rows (below) with their tops in the clock row, which every operation writes anyway;
          // ls gets an index in its default order that also answers its count of open issues
          // without reading the rows.
          """
          CREATE TABLE ops_v3 (
            rowid INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            client_id TEXT NOT NULL,
            seq INTEGER NOT NULL,
            hlc TEXT NOT NULL,
            actor TEXT NOT NULL,
            kind TEXT NOT NULL,
            entity TEXT NOT NULL,
            issue TEXT NOT NULL,
            team TEXT NOT NULL,
            status TEXT NOT NULL,
            sync_id INTEGER,
            outcome TEXT,
            note TEXT,
            changes TEXT NOT NULL DEFAULT '{}',
            below TEXT
          );
          INSERT INTO ops_v3 (rowid, id, client_id, seq, hlc, actor, kind, entity, issue, team,
              status, sync_id, outcome, note, changes)
            SELECT o.rowid, o.id, o.client_id, o.seq, o.hlc, o.actor, o.kind, o.entity, o.issue,
              o.team, o.status, o.sync_id, o.outcome, o.note,
              coalesce((SELECT json_group_object(c.field, json_array(c.value, c.base))
                FROM op_changes c WHERE c.op = o.rowid), '{}')
            FROM ops o ORDER BY o.rowid;
          UPDATE ops_v3 SET below = (SELECT b.op_id FROM undo_stack a, undo_stack b
              WHERE a.op_id = ops_v3.id
                AND b.pos = (SELECT max(pos) FROM undo_stack WHERE pos < a.pos))
            WHERE id IN (SELECT op_id FROM undo_stack);
          UPDATE ops_v3 SET below = (SELECT b.op_id FROM redo_stack a, redo_stack b
              WHERE a.op_id = ops_v3.id
                AND b.pos = (SELECT max(pos) FROM redo_stack WHERE pos < a.pos))
            WHERE id IN (SELECT op_id FROM redo_stack);
          ALTER TABLE clock ADD COLUMN undo_top TEXT;
          ALTER TABLE clock ADD COLUMN redo_top TEXT;
          UPDATE clock SET
            undo_top = (SELECT op_id FROM undo_stack ORDER BY pos DESC LIMIT 1),
            redo_top = (SELECT op_id FROM redo_stack ORDER BY pos DESC LIMIT 1);
          DROP TABLE op_changes;
          DROP TABLE ops;
          DROP TABLE undo_stack;
          DROP TABLE redo_stack;
          ALTER TABLE ops_v3 RENAME TO ops;
          CREATE INDEX ops_open ON ops (issue) WHERE status IN ('pending', 'acked', 'rejected');
          CREATE INDEX issues_listed ON issues (archived, updated_at, state);
          """,
          // 4: every operation asks whether any conflict is open (ClockTable.stamping), and an
          // edit asks which are open on its issue's fields: a partial index holds only the open
          // ones, so neither question reads the settled records, however many there are. And
          // ops_open carries the status too, so that tern status counts pending operations from
          // the index alone instead of reading every pending row (docs/performance.md, "Scale").
          """
          CREATE INDEX conflicts_open ON conflicts (issue_id, field) WHERE status = 'open';
          DROP INDEX ops_open;
          CREATE INDEX ops_open ON ops (issue, status)
            WHERE status IN ('pending', 'acked', 'rejected');
          """,
          // 5: ls flags every refused issue, and asked ops_open for the rejected operations by
          // reading all of its entries (one per pending operation: a million after an import of a
          // million issues). The refused ones alone get a partial index; an edit's pending
          // operation never enters it, so it costs an edit nothing.
          """
          CREATE INDEX ops_refused ON ops (issue) WHERE status = 'rejected';
          """);

  static int latestVersion() {
    return MIGRATIONS.size();
  }
}
