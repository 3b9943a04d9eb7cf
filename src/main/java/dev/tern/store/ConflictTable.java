package dev.tern.store;

import dev.tern.model.Conflict;
import java.util.ArrayList;
import java.util.List;

/** The conflict records sync brought: fields where this user's edit lost on the server. */
public final class ConflictTable {
  private final Statements sql;

  ConflictTable(Statements sql) {
    this.sql = sql;
  }

  /** Adds a record; one with the same id, already here, is kept as it is. */
  public void insert(Conflict conflict) {
    sql.update(
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
        conflict.status().text(),
        conflict.createdAt());
  }

  private static final String COLUMNS =
      "SELECT id, sync_id, issue_id, field, base, theirs, mine, their_actor, their_stamp,"
          + " my_stamp, op_id, status, created_at FROM conflicts";

  /** Conflict records, oldest first; with {@code status}, only those that have it. */
  public List<Conflict> list(Conflict.Status status) {
    return select(
        (status == null ? "" : " WHERE status = ?") + " ORDER BY rowid",
        status == null ? new Object[0] : new Object[] {status.text()});
  }

  /** The records whose id starts with {@code prefix}, oldest first. */
  public List<Conflict> withIdPrefix(String prefix) {
    String escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    return select(" WHERE id LIKE ? ESCAPE '\\' ORDER BY rowid", escaped + "%");
  }

  /** Open records of {@code field} on {@code issue}. */
  public List<Conflict> open(String issue, String field) {
    return select(
        " WHERE issue_id = ? AND field = ? AND status = 'open' ORDER BY rowid", issue, field);
  }

  /** Marks a record settled, with how (the operation that settled it, or "dismissed"). */
  public void settle(String id, String resolution) {
    sql.update(
        "UPDATE conflicts SET status = ?, resolution = ? WHERE id = ?",
        Conflict.Status.RESOLVED.text(),
        resolution,
        id);
  }

  private List<Conflict> select(String where, Object... arguments) {
    List<Conflict> found = new ArrayList<>();
    sql.query(
        COLUMNS + where,
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
                    Conflict.Status.ofText(rows.getString(12)),
                    rows.getLong(13))),
        arguments);
    return found;
  }

  public int count(Conflict.Status status) {
    return sql.queryOne(
            "SELECT count(*) FROM conflicts WHERE status = ?",
            rows -> rows.getInt(1),
            status.text())
        .orElse(0);
  }
}
