package dev.tern.store;

/**
 * The full-text index of the view ({@code issues_fts}, {@code comments_fts}), which triggers keep
 * current row by row. A bulk load pauses the insert triggers and fills the index for all its new
 * rows with one statement per table at the end: the same index, without a trigger program per row.
 */
public final class SearchIndex {
  // The insert triggers exactly as migration 1 of Schema made them; SearchIndexTest checks that
  // they still match what a fresh store holds.
  static final String ISSUES_INSERT_TRIGGER =
      """
      CREATE TRIGGER issues_fts_insert AFTER INSERT ON issues BEGIN
        INSERT INTO issues_fts (rowid, title, description)
          VALUES (new.rowid, new.title, new.description);
      END""";
  static final String COMMENTS_INSERT_TRIGGER =
      """
      CREATE TRIGGER comments_fts_insert AFTER INSERT ON comments BEGIN
        INSERT INTO comments_fts (rowid, body) VALUES (new.rowid, new.body);
      END""";

  private final Statements sql;

  SearchIndex(Statements sql) {
    this.sql = sql;
  }

  /** Where a paused index resumes: the last rowids it covers. */
  public record Paused(long issuesUpTo, long commentsUpTo) {}

  /**
   * Stops indexing inserted issues and comments until {@link #catchUp}, which must run in the same
   * transaction (a rollback restores the triggers with everything else).
   */
  public Paused pauseInserts() {
    Paused paused =
        new Paused(
            sql.queryOne("SELECT coalesce(max(rowid), 0) FROM issues", rows -> rows.getLong(1))
                .orElse(0L),
            sql.queryOne("SELECT coalesce(max(rowid), 0) FROM comments", rows -> rows.getLong(1))
                .orElse(0L));
    sql.update("DROP TRIGGER issues_fts_insert");
    sql.update("DROP TRIGGER comments_fts_insert");
    return paused;
  }

  /** Indexes every row inserted since {@code paused} and puts the insert triggers back. */
  public void catchUp(Paused paused) {
    sql.update(
        "INSERT INTO issues_fts (rowid, title, description)"
            + " SELECT rowid, title, description FROM issues WHERE rowid > ?",
        paused.issuesUpTo());
    sql.update(
        "INSERT INTO comments_fts (rowid, body) SELECT rowid, body FROM comments WHERE rowid > ?",
        paused.commentsUpTo());
    sql.update(ISSUES_INSERT_TRIGGER);
    sql.update(COMMENTS_INSERT_TRIGGER);
  }
}
