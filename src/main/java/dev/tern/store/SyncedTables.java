package dev.tern.store;

import static dev.tern.store.Columns.COMMENT_COLUMNS;
import static dev.tern.store.Columns.COMMENT_VALUES;
import static dev.tern.store.Columns.EXCLUDED_COMMENT;
import static dev.tern.store.Columns.EXCLUDED_ISSUE;
import static dev.tern.store.Columns.ISSUE_COLUMNS;
import static dev.tern.store.Columns.ISSUE_VALUES;

import dev.tern.model.Comment;
import dev.tern.model.Priority;
import dev.tern.model.State;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The synced tables ({@link IssueTable#SYNCED}): the server's state at the cursor, and the copying
 * of it into the view that a rebase starts from.
 */
public final class SyncedTables {
  private final Statements sql;

  SyncedTables(Statements sql) {
    this.sql = sql;
  }

  private static final String UPSERT_ISSUE =
      "INSERT INTO synced_issues ("
          + ISSUE_COLUMNS
          + ") VALUES "
          + ISSUE_VALUES
          + " ON CONFLICT (id) DO UPDATE SET "
          + EXCLUDED_ISSUE;

  private static final String UPSERT_COMMENT =
      "INSERT INTO synced_comments ("
          + COMMENT_COLUMNS
          + ") VALUES "
          + COMMENT_VALUES
          + " ON CONFLICT (id) DO UPDATE SET "
          + EXCLUDED_COMMENT;

  /** Writes the server's state of an issue into the synced tables, replacing what was there. */
  public void putIssue(IssueRecord record) {
    sql.update(UPSERT_ISSUE, Columns.issueArguments(record));
  }

  /**
   * Writes many issue states at once (a snapshot page), replacing what was there: one JDBC batch on
   * one prepared statement instead of a statement round per row.
   */
  public void putIssues(IssueRows rows) {
    sql.batch(UPSERT_ISSUE, rows.rows);
  }

  /**
   * Issue states in the column form of the issue tables, added one by one as they are read (a
   * snapshot page): each row goes from its typed values straight to the values the batch binds,
   * with no record or field map in between (docs/performance.md, "Bootstrap").
   */
  public static final class IssueRows {
    private final List<Object[]> rows;
    private long latestUpdate;

    public IssueRows(int expected) {
      rows = new ArrayList<>(expected);
    }

    /**
     * Adds one issue. {@code labels} is in {@link dev.tern.op.IssueField#LABELS}' text form
     * (sorted, comma-joined, {@code ""} for none); a null description is stored as empty.
     */
    public void add(
        String id,
        String team,
        Long number,
        String title,
        String description,
        State state,
        Priority priority,
        String assignee,
        String labels,
        Long estimate,
        String parent,
        String creator,
        long createdAt,
        long updatedAt,
        boolean archived) {
      rows.add(
          Columns.issueArguments(
              id,
              team,
              number,
              title,
              description,
              state,
              priority,
              assignee,
              labels,
              estimate,
              parent,
              creator,
              createdAt,
              updatedAt,
              archived));
      latestUpdate = Math.max(latestUpdate, updatedAt);
    }

    public int size() {
      return rows.size();
    }

    /** The latest update time of the rows added, 0 when none. */
    public long latestUpdate() {
      return latestUpdate;
    }
  }

  /**
   * Writes many comment states at once (a snapshot page), replacing what was there; {@code deleted}
   * holds the ids of those the server marks deleted.
   */
  public void putComments(List<Comment> states, java.util.Set<String> deleted) {
    List<Object[]> rows = new ArrayList<>(states.size());
    states.forEach(
        comment -> rows.add(Columns.commentArguments(comment, deleted.contains(comment.id()))));
    sql.batch(UPSERT_COMMENT, rows);
  }

  /** Writes the server's state of a comment into the synced tables, replacing what was there. */
  public void putComment(Comment comment, boolean deleted) {
    sql.update(UPSERT_COMMENT, Columns.commentArguments(comment, deleted));
  }

  /**
   * Writes many issue states at once, replacing what was there: one JDBC batch on the upsert that
   * {@link #putIssue} runs once per issue (the confirmation of a pushed batch of creates).
   */
  public void putIssues(List<IssueRecord> records) {
    if (records.isEmpty()) {
      return;
    }
    List<Object[]> rows = new ArrayList<>(records.size());
    records.forEach(record -> rows.add(Columns.issueArguments(record)));
    sql.batch(UPSERT_ISSUE, rows);
  }

  /**
   * {@link #resetViewIssue} for many issues at once, in a fixed number of statements whatever their
   * count (each takes the ids as one JSON array): {@code issueIds} are reset, and of them {@code
   * withComments} have their comments reset too. Issues the server has no such issue for leave the
   * view, as in the one-issue form.
   */
  public void resetViewIssues(Collection<String> issueIds, Collection<String> withComments) {
    if (issueIds.isEmpty()) {
      return;
    }
    String ids = OpLog.jsonArray(issueIds);
    sql.update(
        "INSERT INTO issues ("
            + ISSUE_COLUMNS
            + ") SELECT "
            + ISSUE_COLUMNS
            + " FROM synced_issues WHERE id IN (SELECT value FROM json_each(?))"
            + " ON CONFLICT (id) DO UPDATE SET "
            + EXCLUDED_ISSUE,
        ids);
    sql.update(
        "DELETE FROM issues WHERE id IN (SELECT value FROM json_each(?))"
            + " AND NOT EXISTS (SELECT 1 FROM synced_issues s WHERE s.id = issues.id)",
        ids);
    if (withComments.isEmpty()) {
      return;
    }
    String commented = OpLog.jsonArray(withComments);
    sql.update(
        "INSERT INTO comments ("
            + COMMENT_COLUMNS
            + ") SELECT "
            + COMMENT_COLUMNS
            + " FROM synced_comments WHERE issue_id IN (SELECT value FROM json_each(?))"
            + " ON CONFLICT (id) DO UPDATE SET "
            + EXCLUDED_COMMENT,
        commented);
    sql.update(
        "DELETE FROM comments WHERE issue_id IN (SELECT value FROM json_each(?)) AND NOT EXISTS"
            + " (SELECT 1 FROM synced_comments s"
            + " WHERE s.id = comments.id AND s.issue_id = comments.issue_id)",
        commented);
  }

  /**
   * Resets one issue of the view to its synced state, or removes it when the server has no such
   * issue; its comments too when asked. Rows are updated in place rather than replaced, so the
   * full-text index is touched only when a title, description or body actually changed.
   */
  public void resetViewIssue(String issueId, boolean withComments) {
    int copied =
        sql.update(
            "INSERT INTO issues ("
                + ISSUE_COLUMNS
                + ") SELECT "
                + ISSUE_COLUMNS
                + " FROM synced_issues WHERE id = ? ON CONFLICT (id) DO UPDATE SET "
                + EXCLUDED_ISSUE,
            issueId);
    if (copied == 0) {
      sql.update("DELETE FROM issues WHERE id = ?", issueId);
    }
    if (withComments) {
      sql.update(
          "INSERT INTO comments ("
              + COMMENT_COLUMNS
              + ") SELECT "
              + COMMENT_COLUMNS
              + " FROM synced_comments WHERE issue_id = ? ON CONFLICT (id) DO UPDATE SET "
              + EXCLUDED_COMMENT,
          issueId);
      sql.update(
          "DELETE FROM comments WHERE issue_id = ? AND id NOT IN"
              + " (SELECT id FROM synced_comments WHERE issue_id = ?)",
          issueId,
          issueId);
    }
  }

  /**
   * Resets the whole view to the synced state. The view is emptied first, then filled with the
   * full-text index's insert triggers paused and the index built for all rows at the end (see
   * {@link SearchIndex}): one pass instead of a trigger program per row.
   */
  public void resetView() {
    sql.update("DELETE FROM comments");
    sql.update("DELETE FROM issues");
    // Paused only now: the view's rowids start again from its (now empty) maximum.
    SearchIndex index = new SearchIndex(sql);
    SearchIndex.Paused paused = index.pauseInserts();
    sql.update(
        "INSERT INTO issues ("
            + ISSUE_COLUMNS
            + ") SELECT "
            + ISSUE_COLUMNS
            + " FROM synced_issues ORDER BY created_at");
    sql.update(
        "INSERT INTO comments ("
            + COMMENT_COLUMNS
            + ") SELECT "
            + COMMENT_COLUMNS
            + " FROM synced_comments ORDER BY created_at");
    index.catchUp(paused);
  }

  /** Empties the synced tables, ahead of a bootstrap. */
  public void clear() {
    sql.update("DELETE FROM synced_comments");
    sql.update("DELETE FROM synced_issues");
  }
}
