package dev.tern.store;

import dev.tern.op.Change;
import dev.tern.op.CreateIssue;
import dev.tern.op.Hlc;
import dev.tern.op.Kind;
import dev.tern.op.Op;
import dev.tern.op.OpHeader;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The operation log: every operation this replica made or received, its field changes (in the same
 * row, see {@link ChangesText}), and where it stands with the server.
 */
public final class OpLog {
  private final Statements sql;

  OpLog(Statements sql) {
    this.sql = sql;
  }

  private static final String INSERT =
      "INSERT INTO ops (id, client_id, seq, hlc, actor, kind, entity, issue, team, status,"
          + " changes, below) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  /**
   * Appends an operation with its changes: one row. {@code below} is the operation it covers on the
   * undo or redo stack it is pushed on (see {@link OpStack}), or null.
   */
  public void append(Op op, String issue, String status, String below) {
    sql.update(INSERT, row(op, issue, status, below));
  }

  /**
   * Appends many operations, none on a stack, as one batch, numbered in list order from {@code
   * firstSeq} whatever sequence number their headers carry: an import makes each operation once, as
   * its line is read, before it knows which issues are new and so which numbers they take.
   */
  public void appendNumbered(List<Op> ops, List<String> issues, long firstSeq, String status) {
    List<Object[]> rows = new ArrayList<>(ops.size());
    for (int index = 0; index < ops.size(); index++) {
      rows.add(row(ops.get(index), firstSeq + index, issues.get(index), status, null));
    }
    sql.batch(INSERT, rows);
  }

  private static Object[] row(Op op, String issue, String status, String below) {
    return row(op, op.seq(), issue, status, below);
  }

  private static Object[] row(Op op, long seq, String issue, String status, String below) {
    return new Object[] {
      op.id(),
      op.clientId(),
      seq,
      op.stamp().encode(),
      op.actor(),
      op.kind().wireName(),
      op.entity(),
      issue,
      op.team(),
      status,
      op instanceof CreateIssue create
          ? ChangesText.encode(create)
          : ChangesText.encode(op.changes()),
      below
    };
  }

  /**
   * Gives status {@code to} to the operations with status {@code from} and a sync id up to {@code
   * syncId}.
   */
  public void changeStatusUpTo(String from, String to, long syncId) {
    sql.update(
        "UPDATE ops SET status = ? WHERE "
            + statusIn("status", List.of(from))
            + " AND sync_id <= ?",
        to,
        syncId);
  }

  /**
   * Sets an operation's status and sync id, keeping the outcome the server gave earlier; returns
   * false when no operation has that id.
   */
  public boolean markSynced(String opId, String status, long syncId) {
    return sql.update("UPDATE ops SET status = ?, sync_id = ? WHERE id = ?", status, syncId, opId)
        > 0;
  }

  /** Whether any operation on {@code issueId} has one of {@code statuses}. */
  public boolean anyOnIssue(String issueId, List<String> statuses) {
    return sql.queryOne(
            "SELECT 1 FROM ops WHERE issue = ? AND " + statusIn("status", statuses) + " LIMIT 1",
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

  /**
   * The newest {@code limit} operations (0: all), newest first; with {@code statuses}, only those
   * with one of them.
   */
  public List<LoggedOp> recent(List<String> statuses, int limit) {
    return ops(statuses == null ? "1 = 1" : statusIn("o.status", statuses), "o.rowid DESC", limit);
  }

  /** Every operation on one issue (its comments included), oldest first. */
  public List<LoggedOp> onIssue(String issueId) {
    return ops("o.issue = ?", "o.rowid", 0, issueId);
  }

  /**
   * The operations with one of {@code statuses} in sequence order, at most {@code limit} (0: all);
   * with {@code issueId}, only those on that issue.
   */
  public List<LoggedOp> inSequence(List<String> statuses, String issueId, int limit) {
    return issueId == null
        ? ops(statusIn("o.status", statuses), "o.seq", limit)
        : ops(statusIn("o.status", statuses) + " AND o.issue = ?", "o.seq", limit, issueId);
  }

  /**
   * The row keys of the operations with one of {@code statuses}, in sequence order: a queue read
   * once and then taken a batch at a time with {@link #inRows}, instead of sorting the whole queue
   * again for every batch (which made a push of n operations cost n²).
   */
  public List<Long> rowsInSequence(List<String> statuses) {
    List<Long> rows = new ArrayList<>();
    sql.query(
        "SELECT o.rowid FROM ops o WHERE " + statusIn("o.status", statuses) + " ORDER BY o.seq",
        result -> rows.add(result.getLong(1)));
    return rows;
  }

  /** The operations of {@code rows} that still have one of {@code statuses}, in sequence order. */
  public List<LoggedOp> inRows(Collection<Long> rows, List<String> statuses) {
    if (rows.isEmpty()) {
      return List.of();
    }
    StringBuilder keys = new StringBuilder(rows.size() * 8).append('[');
    for (Long row : rows) {
      keys.append(keys.length() > 1 ? "," : "").append(row);
    }
    return ops(
        "o.rowid IN (SELECT value FROM json_each(?)) AND " + statusIn("o.status", statuses),
        "o.seq",
        0,
        keys.append(']').toString());
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

  /** Where an operation stands, with the sync id the server gave it (null before that). */
  public record Standing(String status, String issue, Long syncId) {}

  /**
   * {@link Standing} of each of {@code opIds} the log holds, in one query: a push's answers and a
   * delta page are looked up together rather than one statement per operation.
   */
  public Map<String, Standing> standings(Collection<String> opIds) {
    Map<String, Standing> found = new HashMap<>();
    if (opIds.isEmpty()) {
      return found;
    }
    sql.query(
        "SELECT id, status, issue, sync_id FROM ops WHERE id IN (SELECT value FROM json_each(?))",
        rows -> {
          long syncId = rows.getLong(4);
          found.put(
              rows.getString(1),
              new Standing(rows.getString(2), rows.getString(3), rows.wasNull() ? null : syncId));
        },
        jsonArray(opIds));
    return found;
  }

  /** A new status, sync id, outcome and note for one operation (see {@link #mark(List)}). */
  public record Mark(String opId, String status, Long syncId, String outcome, String note) {}

  /** Applies {@code marks} as one batch of statements. */
  public void mark(List<Mark> marks) {
    List<Object[]> rows = new ArrayList<>(marks.size());
    for (Mark mark : marks) {
      rows.add(
          new Object[] {mark.status(), mark.syncId(), mark.outcome(), mark.note(), mark.opId()});
    }
    sql.batch("UPDATE ops SET status = ?, sync_id = ?, outcome = ?, note = ? WHERE id = ?", rows);
  }

  /** Which of {@code issueIds} have an operation with one of {@code statuses}, in one query. */
  public Set<String> issuesWithAny(Collection<String> issueIds, List<String> statuses) {
    Set<String> found = new HashSet<>();
    if (issueIds.isEmpty()) {
      return found;
    }
    sql.query(
        "SELECT DISTINCT issue FROM ops WHERE "
            + statusIn("status", statuses)
            + " AND issue IN (SELECT value FROM json_each(?))",
        rows -> found.add(rows.getString(1)),
        jsonArray(issueIds));
    return found;
  }

  /**
   * Gives status {@code to} to the operations with status {@code from} and a sync id above {@code
   * syncId}.
   */
  public void changeStatusAbove(String from, String to, long syncId) {
    sql.update(
        "UPDATE ops SET status = ? WHERE " + statusIn("status", List.of(from)) + " AND sync_id > ?",
        to,
        syncId);
  }

  /** {@code values} as a JSON array of strings, for {@code json_each}: one statement, any count. */
  static String jsonArray(Collection<String> values) {
    StringBuilder json = new StringBuilder(values.size() * 40).append('[');
    for (String value : values) {
      if (json.length() > 1) {
        json.append(',');
      }
      json.append('"');
      for (int index = 0; index < value.length(); index++) {
        char c = value.charAt(index);
        if (c == '"' || c == '\\') {
          json.append('\\').append(c);
        } else if (c < 0x20) {
          json.append(String.format("\\u%04x", (int) c));
        } else {
          json.append(c);
        }
      }
      json.append('"');
    }
    return json.append(']').toString();
  }

  /** Whether an operation with this id is in the log. */
  public boolean contains(String opId) {
    return sql.queryOne("SELECT 1 FROM ops WHERE id = ?", rows -> true, opId).isPresent();
  }

  /** How many operations have {@code status} and the server's verdict {@code outcome}. */
  public int count(String status, String outcome) {
    return sql.queryOne(
            "SELECT count(*) FROM ops WHERE "
                + statusIn("status", List.of(status))
                + " AND outcome = ?",
            rows -> rows.getInt(1),
            outcome)
        .orElse(0);
  }

  /** Sets the verdict of one operation, leaving its status as it is. */
  public void setOutcome(String opId, String outcome) {
    sql.update("UPDATE ops SET outcome = ? WHERE id = ?", outcome, opId);
  }

  public int count(String status) {
    return sql.queryOne(
            "SELECT count(*) FROM ops WHERE " + statusIn("status", List.of(status)),
            rows -> rows.getInt(1))
        .orElse(0);
  }

  /** Moves the operations with {@code status} from team {@code fromTeam} to {@code toTeam}. */
  public void setTeam(String status, String fromTeam, String toTeam) {
    sql.update(
        "UPDATE ops SET team = ? WHERE " + statusIn("status", List.of(status)) + " AND team = ?",
        toTeam,
        fromTeam);
  }

  /**
   * Gives one operation a new client id, sequence number and stamp (a profile taking a new client
   * id renumbers what it has not yet had acknowledged).
   */
  public void renumber(String opId, String clientId, long seq, String hlc) {
    sql.update(
        "UPDATE ops SET client_id = ?, seq = ?, hlc = ? WHERE id = ?", clientId, seq, hlc, opId);
  }

  /** Sets the actor of every operation with {@code status}. */
  public void setActor(String status, String actor) {
    sql.update("UPDATE ops SET actor = ? WHERE " + statusIn("status", List.of(status)), actor);
  }

  /**
   * The statuses of the operations the partial index {@code ops_open} (issue, status) holds (see
   * {@link Schema}, migrations 3 and 4): the few a push, a rebase and {@code tern status} look for.
   * Every other operation is found by a scan, which only {@code tern log} and {@code tern history}
   * do.
   */
  static final List<String> OPEN = List.of("pending", "acked", "rejected");

  /**
   * The status sets of the partial indexes on {@code ops} (see {@link Schema}): {@code ops_refused}
   * (migration 5) holds the refused operations, {@code ops_open} (migrations 3 and 4) every {@link
   * #OPEN} one. Smallest first.
   */
  private static final List<List<String>> PARTIAL_INDEXES = List.of(List.of("rejected"), OPEN);

  /**
   * {@code column = 'a'} or {@code column IN ('a', 'b')}. Statuses in a condition are written into
   * the statement as literals, not bound: SQLite uses a partial index only for a query whose terms
   * it can see imply the index's own. So the smallest partial index holding every status asked for
   * has its own term written too, unless that term is the condition itself (which also keeps a
   * larger index's term out, that would let SQLite read every open operation instead). There are a
   * handful of status sets, so a handful of cached statements.
   */
  static String statusIn(String column, List<String> statuses) {
    String asked = literals(column, statuses);
    for (List<String> indexed : PARTIAL_INDEXES) {
      if (indexed.containsAll(statuses)) {
        return indexed.equals(statuses) ? asked : literals(column, indexed) + " AND " + asked;
      }
    }
    return asked;
  }

  private static String literals(String column, List<String> statuses) {
    List<String> literals =
        statuses.stream().map(status -> "'" + status.replace("'", "''") + "'").toList();
    return literals.size() == 1
        ? column + " = " + literals.get(0)
        : column + " IN (" + String.join(", ", literals) + ")";
  }

  /** Operations matching {@code where}, in {@code order}, at most {@code limit} (0: all). */
  private List<LoggedOp> ops(String where, String order, int limit, Object... arguments) {
    List<LoggedOp> ops = new ArrayList<>();
    sql.query(
        "SELECT o.rowid, o.id, o.client_id, o.seq, o.hlc, o.actor, o.kind, o.entity, o.issue,"
            + " o.team, o.status, o.sync_id, o.outcome, o.note, o.changes FROM ops o WHERE "
            + where
            + " ORDER BY "
            + order
            + (limit > 0 ? " LIMIT " + limit : ""),
        rows -> ops.add(new OpBuilder(rows).build()),
        arguments);
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
    final TreeMap<String, Change<String>> changes;

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
      changes = ChangesText.decode(rows.getString(15));
    }

    LoggedOp build() {
      Op op =
          Op.fromStored(
              new OpHeader(id, clientId, seq, Hlc.decode(hlc), actor, entity, team),
              Kind.ofWireName(kind),
              changes);
      return new LoggedOp(op, issue, status, syncId, outcome, note);
    }
  }
}
