package dev.tern.store;

import static dev.tern.store.Columns.COMMENT_COLUMNS;
import static dev.tern.store.Columns.COMMENT_VALUES;

import dev.tern.model.Comment;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Comment rows of either family of tables ({@link IssueTable}). */
public final class CommentRows {
  private final Statements sql;

  CommentRows(Statements sql) {
    this.sql = sql;
  }

  public void insert(IssueTable table, Comment comment) {
    sql.update(
        "INSERT INTO " + table.comments + " (" + COMMENT_COLUMNS + ") VALUES " + COMMENT_VALUES,
        Columns.commentArguments(comment, false));
  }

  /** Inserts many comments as one batch, skipping any whose id is already there. */
  public void insertNew(IssueTable table, List<Comment> comments) {
    List<Object[]> rows = new ArrayList<>(comments.size());
    comments.forEach(comment -> rows.add(Columns.commentArguments(comment, false)));
    sql.batch(
        "INSERT INTO "
            + table.comments
            + " ("
            + COMMENT_COLUMNS
            + ") VALUES "
            + COMMENT_VALUES
            + " ON CONFLICT (id) DO NOTHING",
        rows);
  }

  public void setBody(IssueTable table, String id, String body) {
    sql.update("UPDATE " + table.comments + " SET body = ? WHERE id = ?", body, id);
  }

  public void setDeleted(IssueTable table, String id, boolean deleted) {
    sql.update("UPDATE " + table.comments + " SET deleted = ? WHERE id = ?", deleted ? 1 : 0, id);
  }

  /** A comment, deleted or not. */
  public Optional<Comment> get(IssueTable table, String id) {
    return sql.queryOne(
        "SELECT id, issue_id, author, written_by, body, created_at FROM "
            + table.comments
            + " WHERE id = ?",
        Columns::toComment,
        id);
  }

  /** The ids of comments whose id starts with {@code prefix} (at most {@code limit}). */
  public List<String> idsStartingWith(IssueTable table, String prefix, int limit) {
    String escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    List<String> ids = new ArrayList<>();
    sql.query(
        "SELECT id FROM " + table.comments + " WHERE id LIKE ? ESCAPE '\\' ORDER BY id LIMIT ?",
        rows -> ids.add(rows.getString(1)),
        escaped + "%",
        limit);
    return ids;
  }

  public boolean isDeleted(IssueTable table, String id) {
    return sql.queryOne(
            "SELECT deleted FROM " + table.comments + " WHERE id = ?",
            rows -> rows.getInt(1) != 0,
            id)
        .orElse(false);
  }

  /** The view's comments on an issue that are not deleted, oldest first. */
  public List<Comment> visibleOn(String issueId) {
    List<Comment> comments = new ArrayList<>();
    sql.query(
        "SELECT id, issue_id, author, written_by, body, created_at FROM comments"
            + " WHERE issue_id = ? AND deleted = 0 ORDER BY created_at, id",
        rows -> comments.add(Columns.toComment(rows)),
        issueId);
    return comments;
  }
}
