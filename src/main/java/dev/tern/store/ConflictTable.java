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

  /** Conflict records, oldest first; with {@code status}, only those that have it. */
  public List<Conflict> list(Conflict.Status status) {
    List<Conflict> found = new ArrayList<>();
    sql.query(
        "SELECT id, sync_id, issue_id, field, base, theirs, mine, their_actor, their_stamp,"
            + " my_stamp, op_id, status, created_at FROM conflicts"
            + (status == null ? "" : " WHERE status = ?")
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
                    Conflict.Status.ofText(rows.getString(12)),
                    rows.getLong(13))),
        status == null ? new Object[0] : new Object[] {status.text()});
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
