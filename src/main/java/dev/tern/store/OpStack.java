package dev.tern.store;

import java.util.Optional;

/** One of the two stacks of undoable actions (undo, redo), each entry the id of an operation. */
public final class OpStack {
  private final Statements sql;
  private final String table;

  OpStack(Statements sql, String table) {
    this.sql = sql;
    this.table = table;
  }

  public void push(String opId) {
    // pos is the rowid: SQLite gives a new row one more than the largest.
    sql.update("INSERT INTO " + table + " (op_id) VALUES (?)", opId);
  }

  public Optional<String> pop() {
    Optional<String> top =
        sql.queryOne(
            "SELECT op_id FROM " + table + " ORDER BY pos DESC LIMIT 1", rows -> rows.getString(1));
    top.ifPresent(
        id ->
            sql.update(
                "DELETE FROM " + table + " WHERE pos = (SELECT max(pos) FROM " + table + ")"));
    return top;
  }

  public void clear() {
    // With a WHERE clause SQLite deletes row by row instead of truncating the table, so clearing
    // an empty stack (the usual case: every action clears redo) writes no page to the WAL.
    sql.update("DELETE FROM " + table + " WHERE pos IS NOT NULL");
  }
}
