package dev.tern.store;

import dev.tern.model.Comment;
import dev.tern.model.Conflict;
import dev.tern.model.Issue;
import dev.tern.model.Labels;
import dev.tern.model.Priority;
import dev.tern.model.State;
import dev.tern.model.StoreException;
import dev.tern.op.Change;
import dev.tern.op.Fields;
import dev.tern.op.Hlc;
import dev.tern.op.Kind;
import dev.tern.op.Op;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A transaction on the client store and everything that reads or writes it. Rolls back on {@link
 * #close()} unless {@link #commit()} was called, so an operation and its effect are written
 * together or not at all.
 */
public final class StoreTxn implements AutoCloseable {
  private static final String ISSUE_COLUMNS =
      "id, team, number, title, description, state, priority, assignee, labels, estimate, parent,"
          + " creator, created_at, updated_at, archived";

  private static final String COMMENT_COLUMNS = "id, issue_id, author, body, created_at, deleted";
  private static final String EXCLUDED_ISSUE = excluded(ISSUE_COLUMNS);
  private static final String EXCLUDED_COMMENT = excluded(COMMENT_COLUMNS);

  /** {@code a = excluded.a, b = excluded.b, ...} for every column but the id. */
  private static String excluded(String columns) {
    List<String> sets = new ArrayList<>();
    for (String column : columns.split(",\\s*")) {
      if (!column.equals("id")) {
        sets.add(column + " = excluded." + column);
      }
    }
    return String.join(", ", sets);
  }

  private final LocalStore store;
  private final StoreTxn outer;
  private boolean finished;
  private boolean rollbackOnly;

  /** A transaction of its own when {@code outer} is null, else one that joins {@code outer}. */
  StoreTxn(LocalStore store, StoreTxn outer) {
    this.store = store;
    this.outer = outer;
  }

  boolean isOpen() {
    return !finished;
  }

  public void commit() {
    if (outer != null) {
      finished = true;
      return;
    }
    if (rollbackOnly) {
      close();
      throw new StoreException("transaction rolled back: a step inside it failed", null);
    }
    finish("COMMIT");
  }

  @Override
  public void close() {
    if (finished) {
      return;
    }
    if (outer != null) {
      finished = true;
      outer.rollbackOnly = true;
      return;
    }
    finish("ROLLBACK");
  }

  private void finish(String sql) {
    finished = true;
    try {
      store.execute(sql);
    } catch (SQLException e) {
      throw failure(sql.toLowerCase(Locale.ROOT), e);
    }
  }

  // ---- meta and clock ----------------------------------------------------------------------

  public Optional<String> meta(String key) {
    return queryOne("SELECT value FROM meta WHERE key = ?", rows -> rows.getString(1), key);
  }

  public void putMeta(String key, String value) {
    update(
        "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = ?",
        key,
        value,
        value);
  }

  /** The persisted clock: next sequence number and last HLC stamp issued. */
  public record ClockState(long nextSeq, long hlcMillis, int hlcCounter) {}

  public ClockState clock() {
    return queryOne(
            "SELECT next_seq, hlc_millis, hlc_counter FROM clock WHERE id = 1",
            rows -> new ClockState(rows.getLong(1), rows.getLong(2), rows.getInt(3)))
        .orElseThrow();
  }

  public void saveClock(ClockState clock) {
    update(
        "UPDATE clock SET next_seq = ?, hlc_millis = ?, hlc_counter = ? WHERE id = 1",
        clock.nextSeq(),
        clock.hlcMillis(),
        clock.hlcCounter());
  }

  // ---- teams -------------------------------------------------------------------------------

  public void putTeam(String key, String name) {
    update(
        "INSERT INTO teams (key, name) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET name = ?",
        key,
        name,
        name);
  }

  public Map<String, String> teams() {
    Map<String, String> teams = new LinkedHashMap<>();
    query(
        "SELECT key, name FROM teams ORDER BY key",
        rows -> teams.put(rows.getString(1), rows.getString(2)));
    return teams;
  }

  // ---- issues ------------------------------------------------------------------------------

  public Optional<IssueRecord> issueRecord(IssueTable table, String id) {
    return queryOne(
        "SELECT " + ISSUE_COLUMNS + " FROM " + table.issues + " WHERE id = ?",
        StoreTxn::toRecord,
        id);
  }

  public Optional<Issue> issue(String id) {
    return queryOne(
        "SELECT " + ISSUE_COLUMNS + " FROM issues WHERE id = ?",
        rows -> toIssue(rows, comments(rows.getString(1))),
        id);
  }

  public void insertIssue(IssueTable table, IssueRecord record) {
    update(
        "INSERT INTO " + table.issues + " (" + ISSUE_COLUMNS + ") VALUES " + ISSUE_VALUES,
        issueArguments(record));
  }

  private static final String ISSUE_VALUES = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  /** The values of {@link #ISSUE_COLUMNS} for a record, in column form. */
  private static Object[] issueArguments(IssueRecord record) {
    Map<String, String> fields = record.fields();
    return new Object[] {
      record.id(),
      record.team(),
      record.number(),
      fields.get(Fields.TITLE),
      nonNull(fields.get(Fields.DESCRIPTION)),
      fields.get(Fields.STATE),
      column(Fields.PRIORITY, nonNull(fields.get(Fields.PRIORITY), "0")),
      fields.get(Fields.ASSIGNEE),
      nonNull(fields.get(Fields.LABELS)),
      column(Fields.ESTIMATE, fields.get(Fields.ESTIMATE)),
      fields.get(Fields.PARENT),
      record.creator(),
      record.createdAt(),
      record.updatedAt(),
      column(Fields.ARCHIVED, nonNull(fields.get(Fields.ARCHIVED), "false"))
    };
  }

  /** Sets the given fields (text form) of an issue and its update time. */
  public void updateIssue(IssueTable table, String id, Map<String, String> values, long updatedAt) {
    StringBuilder sql = new StringBuilder("UPDATE ").append(table.issues).append(" SET ");
    List<Object> arguments = new ArrayList<>();
    for (Map.Entry<String, String> entry : values.entrySet()) {
      sql.append(entry.getKey()).append(" = ?, ");
      arguments.add(column(entry.getKey(), entry.getValue()));
    }
    sql.append("updated_at = max(updated_at, ?) WHERE id = ?");
    arguments.add(updatedAt);
    arguments.add(id);
    update(sql.toString(), arguments.toArray());
  }

  /** Puts back, after an import's create, what the file said about number, creator and time. */
  public void restoreImported(String id, Long number, String creator, long updatedAt) {
    update(
        "UPDATE issues SET number = ?, creator = ?, updated_at = ? WHERE id = ?",
        number,
        creator,
        updatedAt,
        id);
  }

  /** Issues whose id starts with {@code prefix}, at most {@code limit}. */
  public List<Issue> issuesByIdPrefix(String prefix, int limit) {
    List<Issue> found = new ArrayList<>();
    query(
        "SELECT " + ISSUE_COLUMNS + " FROM issues WHERE id >= ? AND id < ? ORDER BY id LIMIT ?",
        rows -> found.add(toIssue(rows, List.of())),
        prefix,
        prefix + "\uffff",
        limit);
    return found;
  }

  public Optional<String> issueIdByNumber(String team, long number) {
    return queryOne(
        "SELECT id FROM issues WHERE team = ? AND number = ?",
        rows -> rows.getString(1),
        team,
        number);
  }

  public List<Issue> issues(IssueQuery query) {
    List<Object> arguments = new ArrayList<>();
    StringBuilder sql = new StringBuilder("SELECT ").append(ISSUE_COLUMNS).append(" FROM issues");
    sql.append(where(query, arguments));
    sql.append(" ORDER BY ").append(query.sort().orderBy);
    if (query.limit() > 0) {
      sql.append(" LIMIT ?");
      arguments.add(query.limit());
    }
    List<Issue> found = new ArrayList<>();
    query(sql.toString(), rows -> found.add(toIssue(rows, List.of())), arguments.toArray());
    return found;
  }

  /** How many issues match {@code query}, ignoring its limit. */
  public int countIssues(IssueQuery query) {
    List<Object> arguments = new ArrayList<>();
    String sql = "SELECT count(*) FROM issues" + where(query, arguments);
    return queryOne(sql, rows -> rows.getInt(1), arguments.toArray()).orElse(0);
  }

  private static String where(IssueQuery query, List<Object> arguments) {
    StringBuilder sql = new StringBuilder(" WHERE 1 = 1");
    if (!query.includeArchived()) {
      sql.append(" AND archived = 0");
    }
    List<State> states =
        query.states().isEmpty()
            ? List.of(State.BACKLOG, State.TODO, State.IN_PROGRESS)
            : query.states();
    if (states.size() < State.values().length) {
      sql.append(" AND state IN (").append("?, ".repeat(states.size() - 1)).append("?)");
      states.forEach(state -> arguments.add(state.wireName()));
    }
    if (query.assignee() != null) {
      sql.append(" AND assignee = ?");
      arguments.add(query.assignee());
    }
    if (query.label() != null) {
      sql.append(" AND instr(',' || labels || ',', ',' || ? || ',') > 0");
      arguments.add(query.label());
    }
    if (query.priority() != null) {
      sql.append(" AND priority = ?");
      arguments.add(query.priority().level());
    }
    if (query.team() != null) {
      sql.append(" AND team = ?");
      arguments.add(query.team());
    }
    if (query.search() != null) {
      for (String term : FullText.terms(query.search())) {
        sql.append(
            " AND (rowid IN (SELECT rowid FROM issues_fts WHERE issues_fts MATCH ?)"
                + " OR id IN (SELECT c.issue_id FROM comments_fts f JOIN comments c"
                + " ON c.rowid = f.rowid WHERE comments_fts MATCH ? AND c.deleted = 0))");
        arguments.add(term);
        arguments.add(term);
      }
    }
    return sql.toString();
  }

  /** Every issue, comments included, in a stable order (creation time, then id): for export. */
  public void forEachIssue(RowConsumer<Issue> consumer) {
    query(
        "SELECT " + ISSUE_COLUMNS + " FROM issues ORDER BY created_at, id",
        rows -> consumer.accept(toIssue(rows, comments(rows.getString(1)))));
  }

  public Map<String, Integer> countByState() {
    Map<String, Integer> counts = new TreeMap<>();
    query(
        "SELECT state, count(*) FROM issues WHERE archived = 0 GROUP BY state",
        rows -> counts.put(rows.getString(1), rows.getInt(2)));
    return counts;
  }

  public int countIssues() {
    return queryOne("SELECT count(*) FROM issues", rows -> rows.getInt(1)).orElse(0);
  }

  // ---- synced state and rebase -----------------------------------------------------------

  /** Writes the server's state of an issue into the synced tables, replacing what was there. */
  public void putSyncedIssue(IssueRecord record) {
    update(
        "INSERT INTO synced_issues ("
            + ISSUE_COLUMNS
            + ") VALUES "
            + ISSUE_VALUES
            + " ON CONFLICT (id) DO UPDATE SET "
            + EXCLUDED_ISSUE,
        issueArguments(record));
  }

  /** Writes the server's state of a comment into the synced tables. */
  public void putSyncedComment(Comment comment, boolean deleted) {
    update("DELETE FROM synced_comments WHERE id = ?", comment.id());
    insertComment(IssueTable.SYNCED, comment);
    if (deleted) {
      setCommentDeleted(IssueTable.SYNCED, comment.id(), true);
    }
  }

  /**
   * Resets one issue of the view to its synced state, or removes it when the server has no such
   * issue; its comments too when asked. Rows are updated in place rather than replaced, so the
   * full-text index is touched only when a title, description or body actually changed.
   */
  public void resetViewIssue(String issueId, boolean withComments) {
    int copied =
        update(
            "INSERT INTO issues ("
                + ISSUE_COLUMNS
                + ") SELECT "
                + ISSUE_COLUMNS
                + " FROM synced_issues WHERE id = ? ON CONFLICT (id) DO UPDATE SET "
                + EXCLUDED_ISSUE,
            issueId);
    if (copied == 0) {
      update("DELETE FROM issues WHERE id = ?", issueId);
    }
    if (withComments) {
      update(
          "INSERT INTO comments ("
              + COMMENT_COLUMNS
              + ") SELECT "
              + COMMENT_COLUMNS
              + " FROM synced_comments WHERE issue_id = ? ON CONFLICT (id) DO UPDATE SET "
              + EXCLUDED_COMMENT,
          issueId);
      update(
          "DELETE FROM comments WHERE issue_id = ? AND id NOT IN"
              + " (SELECT id FROM synced_comments WHERE issue_id = ?)",
          issueId,
          issueId);
    }
  }

  /** Resets the whole view to the synced state. */
  public void resetView() {
    update("DELETE FROM comments");
    update("DELETE FROM issues");
    update(
        "INSERT INTO issues ("
            + ISSUE_COLUMNS
            + ") SELECT "
            + ISSUE_COLUMNS
            + " FROM synced_issues ORDER BY created_at");
    update(
        "INSERT INTO comments ("
            + COMMENT_COLUMNS
            + ") SELECT "
            + COMMENT_COLUMNS
            + " FROM synced_comments ORDER BY created_at");
  }

  /** Empties the synced tables, ahead of a bootstrap. */
  public void clearSynced() {
    update("DELETE FROM synced_comments");
    update("DELETE FROM synced_issues");
  }

  /**
   * Moves work made before login to the server's team and user: pending operations and the issues
   * only they created. Safe because none of it has been sent yet.
   */
  public void rehome(String fromTeam, String toTeam, String actor) {
    update("UPDATE ops SET team = ? WHERE status = 'pending' AND team = ?", toTeam, fromTeam);
    update("UPDATE ops SET actor = ? WHERE status = 'pending'", actor);
    update("UPDATE issues SET team = ? WHERE team = ? AND number IS NULL", toTeam, fromTeam);
    update(
        "UPDATE issues SET creator = ? WHERE number IS NULL AND id IN (SELECT entity FROM ops"
            + " WHERE status = 'pending' AND kind = 'issue.create')",
        actor);
  }

  public void replaceTeams(Map<String, String> teams) {
    update("DELETE FROM teams");
    teams.forEach(this::putTeam);
  }

  // ---- conflicts ---------------------------------------------------------------------------

  public void insertConflict(Conflict conflict) {
    update(
        "INSERT INTO conflicts (id, sync_id, issue_id, field, base, theirs, mine, their_actor,"
            + " their_stamp, my_stamp, op_id, status, created_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
        conflict.id(),
        conflict.syncId(),
        conflict.issueId(),
        conflict.field(),
        conflict.base(),
        conflict.theirs(),
        conflict.mine(),
        conflict.theirActor(),
        conflict.theirStamp(),
        conflict.myStamp(),
        conflict.myOpId(),
        conflict.status(),
        conflict.createdAt());
  }

  /** Conflict records, oldest first; only open ones if asked. */
  public List<Conflict> conflicts(boolean openOnly) {
    List<Conflict> found = new ArrayList<>();
    query(
        "SELECT id, sync_id, issue_id, field, base, theirs, mine, their_actor, their_stamp,"
            + " my_stamp, op_id, status, created_at FROM conflicts"
            + (openOnly ? " WHERE status = 'open'" : "")
            + " ORDER BY rowid",
        rows ->
            found.add(
                new Conflict(
                    rows.getString(1),
                    rows.getLong(2),
                    rows.getString(3),
                    rows.getString(4),
                    rows.getString(5),
                    rows.getString(6),
                    rows.getString(7),
                    rows.getString(8),
                    rows.getString(9),
                    rows.getString(10),
                    rows.getString(11),
                    rows.getString(12),
                    rows.getLong(13))));
    return found;
  }

  // ---- comments ----------------------------------------------------------------------------

  public void insertComment(IssueTable table, Comment comment) {
    update(
        "INSERT INTO "
            + table.comments
            + " (id, issue_id, author, body, created_at)"
            + " VALUES (?, ?, ?, ?, ?)",
        comment.id(),
        comment.issueId(),
        comment.author(),
        comment.body(),
        comment.createdAt());
  }

  public void setCommentDeleted(IssueTable table, String id, boolean deleted) {
    update("UPDATE " + table.comments + " SET deleted = ? WHERE id = ?", deleted ? 1 : 0, id);
  }

  public Optional<Comment> comment(IssueTable table, String id) {
    return queryOne(
        "SELECT id, issue_id, author, body, created_at FROM " + table.comments + " WHERE id = ?",
        StoreTxn::toComment,
        id);
  }

  public boolean commentDeleted(IssueTable table, String id) {
    return queryOne(
            "SELECT deleted FROM " + table.comments + " WHERE id = ?",
            rows -> rows.getInt(1) != 0,
            id)
        .orElse(false);
  }

  public List<Comment> comments(String issueId) {
    List<Comment> comments = new ArrayList<>();
    query(
        "SELECT id, issue_id, author, body, created_at FROM comments"
            + " WHERE issue_id = ? AND deleted = 0 ORDER BY created_at, id",
        rows -> comments.add(toComment(rows)),
        issueId);
    return comments;
  }

  // ---- operation log -----------------------------------------------------------------------

  public void appendOp(Op op, String issue, String status) {
    update(
        "INSERT INTO ops (id, client_id, seq, hlc, actor, kind, entity, issue, team, status)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        op.id(),
        op.clientId(),
        op.seq(),
        op.stamp().encode(),
        op.actor(),
        op.kind().wireName(),
        op.entity(),
        issue,
        op.team(),
        status);
    long rowid = queryOne("SELECT last_insert_rowid()", rows -> rows.getLong(1)).orElseThrow();
    Map<String, Change> changes = op.changes();
    if (changes.isEmpty()) {
      return;
    }
    // One multi-row INSERT per operation rather than one per field: an import writes ~8 fields
    // per issue. Statements are cached per row count, so there are only a handful.
    Object[] arguments = new Object[changes.size() * 4];
    int next = 0;
    for (Map.Entry<String, Change> entry : changes.entrySet()) {
      arguments[next++] = rowid;
      arguments[next++] = entry.getKey();
      arguments[next++] = entry.getValue().value();
      arguments[next++] = entry.getValue().base();
    }
    update(opChangesInsert(changes.size()), arguments);
  }

  private static final String[] OP_CHANGES_INSERTS = new String[16];

  private static String opChangesInsert(int rows) {
    if (rows <= OP_CHANGES_INSERTS.length && OP_CHANGES_INSERTS[rows - 1] != null) {
      return OP_CHANGES_INSERTS[rows - 1];
    }
    String sql =
        "INSERT INTO op_changes (op, field, value, base) VALUES "
            + String.join(", ", java.util.Collections.nCopies(rows, "(?, ?, ?, ?)"));
    if (rows <= OP_CHANGES_INSERTS.length) {
      OP_CHANGES_INSERTS[rows - 1] = sql;
    }
    return sql;
  }

  /** Marks acknowledged operations with a sync id up to {@code syncId} as synced. */
  public void confirmAckedUpTo(long syncId) {
    update("UPDATE ops SET status = 'synced' WHERE status = 'acked' AND sync_id <= ?", syncId);
  }

  /**
   * Sets an operation's status and sync id, keeping the outcome the server gave earlier; returns
   * false when no operation has that id.
   */
  public boolean markSynced(String opId, String status, long syncId) {
    return update("UPDATE ops SET status = ?, sync_id = ? WHERE id = ?", status, syncId, opId) > 0;
  }

  /** Whether any of this replica's unconfirmed operations concern {@code issueId}. */
  public boolean hasUnconfirmedOps(String issueId) {
    return queryOne(
            "SELECT 1 FROM ops WHERE issue = ? AND status IN ('pending', 'acked') LIMIT 1",
            rows -> true,
            issueId)
        .isPresent();
  }

  public void markOp(String opId, String status, Long syncId, String outcome, String note) {
    update(
        "UPDATE ops SET status = ?, sync_id = ?, outcome = ?, note = ? WHERE id = ?",
        status,
        syncId,
        outcome,
        note,
        opId);
  }

  public Optional<LoggedOp> op(String opId) {
    List<LoggedOp> found = ops("o.id = ?", "o.rowid", 1, opId);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  /** The newest {@code limit} operations, newest first; only pending ones if asked. */
  public List<LoggedOp> recentOps(boolean pendingOnly, int limit) {
    return ops(pendingOnly ? "o.status = 'pending'" : "1 = 1", "o.rowid DESC", limit);
  }

  /** Every operation on one issue (its comments included), oldest first. */
  public List<LoggedOp> opsOnIssue(String issueId) {
    return ops("o.issue = ?", "o.rowid", 0, issueId);
  }

  /** The oldest {@code limit} operations waiting to be pushed, in sequence order. */
  public List<LoggedOp> pendingOps(int limit) {
    return ops("o.status = 'pending'", "o.seq", limit);
  }

  /**
   * This replica's operations the server has not yet folded into the synced state, in sequence
   * order: the ones a rebase re-applies. With {@code issueId}, only those on that issue.
   */
  public List<LoggedOp> unconfirmedOps(String issueId) {
    return issueId == null
        ? ops("o.status IN ('pending', 'acked')", "o.seq", 0)
        : ops("o.status IN ('pending', 'acked') AND o.issue = ?", "o.seq", 0, issueId);
  }

  /** Where an operation stands: its status and the issue it concerns. */
  public record OpState(String status, String issue) {}

  /** The status and issue of one operation, without reading its changes. */
  public Optional<OpState> opState(String opId) {
    return queryOne(
        "SELECT status, issue FROM ops WHERE id = ?",
        rows -> new OpState(rows.getString(1), rows.getString(2)),
        opId);
  }

  /** Whether an operation with this id is in the log. */
  public boolean hasOp(String opId) {
    return queryOne("SELECT 1 FROM ops WHERE id = ?", rows -> true, opId).isPresent();
  }

  /**
   * Operations matching {@code where}, in {@code order}, at most {@code limit} (0: all), each with
   * its changes. One query joins the changes in, so reading many operations stays cheap.
   */
  private List<LoggedOp> ops(String where, String order, int limit, Object... arguments) {
    String selected =
        "SELECT o.* FROM ops o WHERE "
            + where
            + " ORDER BY "
            + order
            + (limit > 0 ? " LIMIT " + limit : "");
    Map<Long, OpBuilder> builders = new LinkedHashMap<>();
    query(
        "SELECT o.rowid, o.id, o.client_id, o.seq, o.hlc, o.actor, o.kind, o.entity, o.issue,"
            + " o.team, o.status, o.sync_id, o.outcome, o.note, c.field, c.value, c.base"
            + " FROM ("
            + selected
            + ") o LEFT JOIN op_changes c ON c.op = o.rowid"
            + " ORDER BY "
            + order,
        rows -> {
          OpBuilder builder = builders.get(rows.getLong(1));
          if (builder == null) {
            builder = new OpBuilder(rows);
            builders.put(rows.getLong(1), builder);
          }
          String field = rows.getString(15);
          if (field != null) {
            builder.changes.put(field, new Change(rows.getString(16), rows.getString(17)));
          }
        },
        arguments);
    List<LoggedOp> ops = new ArrayList<>();
    builders.values().forEach(builder -> ops.add(builder.build()));
    return ops;
  }

  public int countOpenConflicts() {
    return queryOne("SELECT count(*) FROM conflicts WHERE status = 'open'", rows -> rows.getInt(1))
        .orElse(0);
  }

  public int countOps(String status) {
    return queryOne("SELECT count(*) FROM ops WHERE status = ?", rows -> rows.getInt(1), status)
        .orElse(0);
  }

  private static final class OpBuilder {
    final String id;
    final String clientId;
    final long seq;
    final String hlc;
    final String actor;
    final String kind;
    final String entity;
    final String issue;
    final String team;
    final String status;
    final Long syncId;
    final String outcome;
    final String note;
    final TreeMap<String, Change> changes = new TreeMap<>();

    OpBuilder(ResultSet rows) throws SQLException {
      id = rows.getString(2);
      clientId = rows.getString(3);
      seq = rows.getLong(4);
      hlc = rows.getString(5);
      actor = rows.getString(6);
      kind = rows.getString(7);
      entity = rows.getString(8);
      issue = rows.getString(9);
      team = rows.getString(10);
      status = rows.getString(11);
      long sync = rows.getLong(12);
      syncId = rows.wasNull() ? null : sync;
      outcome = rows.getString(13);
      note = rows.getString(14);
    }

    LoggedOp build() {
      Op op =
          new Op(
              id,
              clientId,
              seq,
              Hlc.decode(hlc),
              actor,
              Kind.ofWireName(kind),
              entity,
              team,
              changes);
      return new LoggedOp(op, issue, status, syncId, outcome, note);
    }
  }

  // ---- undo and redo -----------------------------------------------------------------------

  /** The two stacks of undoable actions, by the id of the operation that did them. */
  public enum Stack {
    UNDO("undo_stack"),
    REDO("redo_stack");

    final String table;

    Stack(String table) {
      this.table = table;
    }
  }

  public void push(Stack stack, String opId) {
    // pos is the rowid: SQLite gives a new row one more than the largest.
    update("INSERT INTO " + stack.table + " (op_id) VALUES (?)", opId);
  }

  public Optional<String> pop(Stack stack) {
    Optional<String> top =
        queryOne(
            "SELECT op_id FROM " + stack.table + " ORDER BY pos DESC LIMIT 1",
            rows -> rows.getString(1));
    top.ifPresent(
        id ->
            update(
                "DELETE FROM "
                    + stack.table
                    + " WHERE pos = (SELECT max(pos) FROM "
                    + stack.table
                    + ")"));
    return top;
  }

  public void clear(Stack stack) {
    // With a WHERE clause SQLite deletes row by row instead of truncating the table, so clearing
    // an empty stack (the usual case: every action clears redo) writes no page to the WAL.
    update("DELETE FROM " + stack.table + " WHERE pos IS NOT NULL");
  }

  // ---- mapping -----------------------------------------------------------------------------

  private static IssueRecord toRecord(ResultSet rows) throws SQLException {
    Map<String, String> fields = new TreeMap<>();
    fields.put(Fields.TITLE, rows.getString(4));
    fields.put(Fields.DESCRIPTION, rows.getString(5));
    fields.put(Fields.STATE, rows.getString(6));
    fields.put(Fields.PRIORITY, Integer.toString(rows.getInt(7)));
    fields.put(Fields.ASSIGNEE, rows.getString(8));
    fields.put(Fields.LABELS, rows.getString(9));
    long estimate = rows.getLong(10);
    fields.put(Fields.ESTIMATE, rows.wasNull() ? null : Long.toString(estimate));
    fields.put(Fields.PARENT, rows.getString(11));
    fields.put(Fields.ARCHIVED, Fields.bool(rows.getInt(15) != 0));
    long number = rows.getLong(3);
    Long maybeNumber = rows.wasNull() ? null : number;
    return new IssueRecord(
        rows.getString(1),
        rows.getString(2),
        maybeNumber,
        rows.getString(12),
        rows.getLong(13),
        rows.getLong(14),
        fields);
  }

  private static Issue toIssue(ResultSet rows, List<Comment> comments) throws SQLException {
    long number = rows.getLong(3);
    Long maybeNumber = rows.wasNull() ? null : number;
    long estimate = rows.getLong(10);
    Long maybeEstimate = rows.wasNull() ? null : estimate;
    return new Issue(
        rows.getString(1),
        rows.getString(2),
        maybeNumber,
        rows.getString(4),
        rows.getString(5),
        State.parse(rows.getString(6)),
        Priority.ofLevel(rows.getInt(7)),
        rows.getString(8),
        Labels.parse(rows.getString(9)),
        maybeEstimate,
        rows.getString(11),
        rows.getString(12),
        rows.getLong(13),
        rows.getLong(14),
        rows.getInt(15) != 0,
        comments);
  }

  private static Comment toComment(ResultSet rows) throws SQLException {
    return new Comment(
        rows.getString(1),
        rows.getString(2),
        rows.getString(3),
        rows.getString(4),
        rows.getLong(5));
  }

  /** Converts a field's text form to the value its column stores. */
  private static Object column(String field, String value) {
    if (value == null) {
      return null;
    }
    return switch (field) {
      case Fields.PRIORITY, Fields.ESTIMATE -> Long.parseLong(value);
      case Fields.ARCHIVED, Fields.DELETED -> "true".equals(value) ? 1 : 0;
      default -> value;
    };
  }

  private static String nonNull(String value) {
    return value == null ? "" : value;
  }

  private static String nonNull(String value, String fallback) {
    return value == null ? fallback : value;
  }

  // ---- JDBC plumbing -----------------------------------------------------------------------

  /** Reads one row; may throw SQLException. */
  @FunctionalInterface
  public interface RowMapper<T> {
    T map(ResultSet rows) throws SQLException;
  }

  /** Handles one row; may throw SQLException. */
  @FunctionalInterface
  public interface RowConsumer<T> {
    void accept(T value) throws SQLException;
  }

  @FunctionalInterface
  private interface RowHandler {
    void handle(ResultSet rows) throws SQLException;
  }

  private void query(String sql, RowHandler handler, Object... arguments) {
    try {
      PreparedStatement statement = store.prepare(sql);
      bind(statement, arguments);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          handler.handle(rows);
        }
      }
    } catch (SQLException e) {
      throw failure("query", e);
    }
  }

  private <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... arguments) {
    try {
      PreparedStatement statement = store.prepare(sql);
      bind(statement, arguments);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() ? Optional.ofNullable(mapper.map(rows)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw failure("query", e);
    }
  }

  private int update(String sql, Object... arguments) {
    try {
      PreparedStatement statement = store.prepare(sql);
      bind(statement, arguments);
      return statement.executeUpdate();
    } catch (SQLException e) {
      throw failure("write", e);
    }
  }

  private static void bind(PreparedStatement statement, Object... arguments) throws SQLException {
    for (int i = 0; i < arguments.length; i++) {
      Object argument = arguments[i];
      if (argument == null) {
        statement.setNull(i + 1, Types.NULL);
      } else if (argument instanceof String text) {
        statement.setString(i + 1, text);
      } else if (argument instanceof Integer number) {
        statement.setInt(i + 1, number);
      } else if (argument instanceof Long number) {
        statement.setLong(i + 1, number);
      } else {
        throw new IllegalArgumentException("cannot bind " + argument.getClass());
      }
    }
  }

  private StoreException failure(String what, SQLException e) {
    return new StoreException(
        "store " + what + " failed on " + store.file() + ": " + LocalStore.describe(e), e);
  }
}
