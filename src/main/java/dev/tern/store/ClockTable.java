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

  /**
   * What a new operation is stamped with, read in one statement: the clock row, the client id (a
   * meta value that another process on this profile may have renewed, so it is read every time),
   * and whether any conflict record is open (only then does an edit look for ones to settle).
   */
  public record Stamping(ClockState clock, String clientId, boolean openConflicts) {}

  /**
   * The {@link Stamping} for the next operation. One statement instead of three: an engine edit's
   * statements each cross sqlite-jdbc's native boundary, which costs more than the lookups.
   */
  public Stamping stamping() {
    return sql.queryOne(
            "SELECT c.next_seq, c.hlc_millis, c.hlc_counter, c.undo_top, c.redo_top,"
                + " (SELECT value FROM meta WHERE key = 'client_id'),"
                + " EXISTS (SELECT 1 FROM conflicts WHERE status = 'open')"
                + " FROM clock c WHERE c.id = 1",
            rows ->
                new Stamping(
                    new ClockState(
                        rows.getLong(1),
                        rows.getLong(2),
                        rows.getInt(3),
                        rows.getString(4),
                        rows.getString(5)),
                    rows.getString(6),
                    rows.getInt(7) != 0))
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
