package dev.tern.store;

/** Which family of tables a write goes to; see {@link Schema}. */
public enum IssueTable {
  /** What commands read: server state plus pending local operations. */
  VIEW("issues", "comments"),
  /** The server's state at the cursor. */
  SYNCED("synced_issues", "synced_comments");

  final String issues;
  final String comments;

  IssueTable(String issues, String comments) {
    this.issues = issues;
    this.comments = comments;
  }
}
