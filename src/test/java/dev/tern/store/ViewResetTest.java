package dev.tern.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.model.Comment;
import dev.tern.model.Priority;
import dev.tern.model.State;
import dev.tern.op.IssueData;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The view reset of a whole acknowledged batch ({@link SyncedTables#resetViewIssues}, a fixed
 * number of statements) leaves the view exactly as resetting its issues one by one does: rows
 * copied from the synced tables, a view-only issue and view-only comments removed, the comments of
 * issues not asked for left alone.
 */
class ViewResetTest {
  @TempDir Path dir;

  static final String SHARED = "0b7c9f3e-0000-4222-8333-000000000001";
  static final String COMMENTED = "0b7c9f3e-0000-4222-8333-000000000002";
  static final String LOCAL_ONLY = "0b7c9f3e-0000-4222-8333-000000000003";
  static final String UNTOUCHED = "0b7c9f3e-0000-4222-8333-000000000004";

  static IssueRecord issue(String id, Long number, String title) {
    return IssueRecord.of(
        new IssueData(
            id,
            "ENG",
            number,
            title,
            "",
            State.TODO,
            Priority.NONE,
            null,
            new TreeSet<>(),
            null,
            null,
            "alice",
            1_000L,
            2_000L,
            false));
  }

  static Comment comment(String id, String issueId, String body) {
    return new Comment(id, issueId, "alice", null, body, 3_000L, false);
  }

  /** Synced state and a view that differs from it in every way a reset must undo. */
  static LocalStore prepared(Path file) {
    LocalStore store = LocalStore.open(file);
    try (StoreTxn txn = store.write()) {
      for (String id : List.of(SHARED, COMMENTED, UNTOUCHED)) {
        txn.issues().insert(IssueTable.SYNCED, issue(id, 7L, "server " + id));
      }
      txn.comments().insert(IssueTable.SYNCED, comment("c1", COMMENTED, "server one"));
      txn.comments().insert(IssueTable.SYNCED, comment("c2", COMMENTED, "server two"));
      for (String id : List.of(SHARED, COMMENTED, LOCAL_ONLY, UNTOUCHED)) {
        txn.issues().insert(IssueTable.VIEW, issue(id, null, "local " + id));
      }
      txn.comments().insert(IssueTable.VIEW, comment("c1", COMMENTED, "local one"));
      txn.comments().insert(IssueTable.VIEW, comment("c3", COMMENTED, "local only"));
      txn.comments().insert(IssueTable.VIEW, comment("c4", SHARED, "kept: not asked for"));
      txn.commit();
    }
    return store;
  }

  @Test
  void aBatchResetIsTheSameAsResettingEachIssue() throws SQLException {
    Path one = dir.resolve("one.db");
    Path batch = dir.resolve("batch.db");
    try (LocalStore store = prepared(one)) {
      try (StoreTxn txn = store.write()) {
        txn.synced().resetViewIssue(SHARED, false);
        txn.synced().resetViewIssue(COMMENTED, true);
        txn.synced().resetViewIssue(LOCAL_ONLY, false);
        txn.commit();
      }
    }
    try (LocalStore store = prepared(batch)) {
      try (StoreTxn txn = store.write()) {
        txn.synced().resetViewIssues(List.of(SHARED, COMMENTED, LOCAL_ONLY), Set.of(COMMENTED));
        txn.commit();
      }
    }
    assertThat(dump(batch)).isEqualTo(dump(one));
    assertThat(dump(batch))
        .contains("issue " + SHARED + " 7 server " + SHARED)
        .contains("issue " + UNTOUCHED + " null local " + UNTOUCHED)
        .contains(
            "comment c1 server one on " + COMMENTED,
            "comment c2 server two on " + COMMENTED,
            "comment c4 kept: not asked for on " + SHARED)
        .noneMatch(row -> row.contains(LOCAL_ONLY) || row.startsWith("comment c3"));
  }

  static List<String> dump(Path file) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      try (ResultSet result =
          connection
              .createStatement()
              .executeQuery("SELECT id, number, title FROM issues ORDER BY id")) {
        while (result.next()) {
          rows.add(
              "issue "
                  + result.getString(1)
                  + " "
                  + result.getString(2)
                  + " "
                  + result.getString(3));
        }
      }
      try (ResultSet result =
          connection
              .createStatement()
              .executeQuery("SELECT id, issue_id, body FROM comments ORDER BY id")) {
        while (result.next()) {
          rows.add(
              "comment "
                  + result.getString(1)
                  + " "
                  + result.getString(3)
                  + " on "
                  + result.getString(2));
        }
      }
    }
    return rows;
  }
}
