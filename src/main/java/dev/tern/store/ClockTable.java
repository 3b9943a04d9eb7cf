package dev.tern.store;

/**
 * The one-row clock table: where the sequence and the hybrid logical clock resume, and where the
 * undo and redo stacks start ({@link OpStack}).
 */
public final class ClockTable {
  private final Statements sql;

  ClockTable(Statements sql) {
    this.sql = sql;
  }

  public ClockState read() {
    return sql.queryOne(
            "SELECT next_seq, hlc_millis, hlc_counter, undo_top, redo_top FROM clock WHERE id = 1",
            rows ->
                new ClockState(
                    rows.getLong(1),
                    rows.getLong(2),
                    rows.getInt(3),
                    rows.getString(4),
                    rows.getString(5)))
        .orElseThrow();
  }

  public void save(ClockState clock) {
    sql.update(
        "UPDATE clock SET next_seq = ?, hlc_millis = ?, hlc_counter = ?, undo_top = ?,"
            + " redo_top = ? WHERE id = 1",
        clock.nextSeq(),
        clock.hlcMillis(),
        clock.hlcCounter(),
        clock.undoTop(),
        clock.redoTop());
  }
}
