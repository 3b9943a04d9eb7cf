package dev.tern.store;

import dev.tern.op.Change;
import dev.tern.op.Hlc;
import dev.tern.op.Kind;
import dev.tern.op.Op;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The operation log: every operation this replica made or received, its field changes, and where it
 * stands with the server.
 */
public final class OpLog {
  private final Statements sql;

  OpLog(Statements sql) {
    this.sql = sql;
  }

  public void append(Op op, String issue, String status) {
    sql.update(
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
    long rowid = sql.queryOne("SELECT last_insert_rowid()", rows -> rows.getLong(1)).orElseThrow();
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
    sql.update(opChangesInsert(changes.size()), arguments);
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
    sql.update("UPDATE ops SET status = 'synced' WHERE status = 'acked' AND sync_id <= ?", syncId);
  }

  /**
   * Sets an operation's status and sync id, keeping the outcome the server gave earlier; returns
   * false when no operation has that id.
   */
  public boolean markSynced(String opId, String status, long syncId) {
    return sql.update("UPDATE ops SET status = ?, sync_id = ? WHERE id = ?", status, syncId, opId)
        > 0;
  }

  /** Whether any of this replica's unconfirmed operations concern {@code issueId}. */
  public boolean hasUnconfirmedOps(String issueId) {
    return sql.queryOne(
            "SELECT 1 FROM ops WHERE issue = ? AND status IN ('pending', 'acked') LIMIT 1",
            rows -> true,
            issueId)
        .isPresent();
  }

  public void mark(String opId, String status, Long syncId, String outcome, String note) {
    sql.update(
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
  public List<LoggedOp> recent(boolean pendingOnly, int limit) {
    return ops(pendingOnly ? "o.status = 'pending'" : "1 = 1", "o.rowid DESC", limit);
  }

  /** Every operation on one issue (its comments included), oldest first. */
  public List<LoggedOp> onIssue(String issueId) {
    return ops("o.issue = ?", "o.rowid", 0, issueId);
  }

  /** The oldest {@code limit} operations waiting to be pushed, in sequence order. */
  public List<LoggedOp> pending(int limit) {
    return ops("o.status = 'pending'", "o.seq", limit);
  }

  /**
   * This replica's operations the server has not yet folded into the synced state, in sequence
   * order: the ones a rebase re-applies. With {@code issueId}, only those on that issue.
   */
  public List<LoggedOp> unconfirmed(String issueId) {
    return issueId == null
        ? ops("o.status IN ('pending', 'acked')", "o.seq", 0)
        : ops("o.status IN ('pending', 'acked') AND o.issue = ?", "o.seq", 0, issueId);
  }

  /** Where an operation stands: its status and the issue it concerns. */
  public record OpState(String status, String issue) {}

  /** The status and issue of one operation, without reading its changes. */
  public Optional<OpState> state(String opId) {
    return sql.queryOne(
        "SELECT status, issue FROM ops WHERE id = ?",
        rows -> new OpState(rows.getString(1), rows.getString(2)),
        opId);
  }

  /** Whether an operation with this id is in the log. */
  public boolean contains(String opId) {
    return sql.queryOne("SELECT 1 FROM ops WHERE id = ?", rows -> true, opId).isPresent();
  }

  public int count(String status) {
    return sql.queryOne("SELECT count(*) FROM ops WHERE status = ?", rows -> rows.getInt(1), status)
        .orElse(0);
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
    sql.query(
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
}
