package dev.tern.store;

import java.util.Optional;

/**
 * One of the two stacks of undoable actions (undo, redo), each entry an operation. The stack is a
 * chain: its top is a column of the clock row and each operation's {@code below} names the one it
 * covers, so pushing costs no row of its own: the pusher writes both in rows it writes anyway
 * ({@link OpLog#append} and {@link ClockTable#save}).
 */
public final class OpStack {
  private final Statements sql;
  private final String topColumn;

  OpStack(Statements sql, String topColumn) {
    this.sql = sql;
    this.topColumn = topColumn;
  }

  /** Takes the top operation's id off the stack; empty when the stack is empty. */
  public Optional<String> pop() {
    Optional<String> top =
        sql.queryOne("SELECT " + topColumn + " FROM clock WHERE id = 1", rows -> rows.getString(1));
    top.ifPresent(
        id ->
            sql.update(
                "UPDATE clock SET "
                    + topColumn
                    + " = (SELECT below FROM ops WHERE id = ?) WHERE id = 1",
                id));
    return top;
  }
}
