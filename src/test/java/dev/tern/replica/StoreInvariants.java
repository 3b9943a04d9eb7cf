package dev.tern.replica;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.model.Comment;
import dev.tern.op.Change;
import dev.tern.op.IssueField;
import dev.tern.op.Op;
import dev.tern.store.IssueRecord;
import dev.tern.store.IssueTable;
import dev.tern.store.LocalStore;
import dev.tern.store.LoggedOp;
import dev.tern.store.StoreTxn;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Checks that a store's operation log and its view agree: every operation has its effect, every
 * effect its operation, and the sequence is 1..N without gaps.
 */
public final class StoreInvariants {
  private StoreInvariants() {}

  /** What the check saw. */
  public record Summary(long ops, int issues, int comments) {}

  public static Summary check(Path file) {
    try (LocalStore store = LocalStore.open(file);
        StoreTxn txn = store.read()) {
      List<LoggedOp> log = new ArrayList<>(txn.opLog().recent(null, 0));
      log.sort(Comparator.comparingLong(logged -> logged.op().seq()));

      // seq is 1..N, no gaps, and the clock will hand out N + 1 next.
      for (int index = 0; index < log.size(); index++) {
        assertThat(log.get(index).op().seq()).as("seq at position " + index).isEqualTo(index + 1);
      }
      assertThat(txn.clock().read().nextSeq()).as("next seq").isEqualTo(log.size() + 1);

      // Replay the log per entity.
      Map<String, Map<String, String>> issues = new TreeMap<>();
      Map<String, Boolean> comments = new HashMap<>();
      Map<String, String> commentIssue = new HashMap<>();
      for (LoggedOp logged : log) {
        Op op = logged.op();
        switch (op.kind()) {
          case CREATE_ISSUE -> {
            assertThat(issues).as("second create of " + op.entity()).doesNotContainKey(op.entity());
            Map<String, String> fields = new TreeMap<>();
            fields.put("description", "");
            fields.put("labels", "");
            fields.put("archived", "false");
            fields.put("assignee", null);
            fields.put("estimate", null);
            fields.put("parent", null);
            op.changes().forEach((field, change) -> fields.put(field, change.value()));
            fields.remove("created_at");
            issues.put(op.entity(), fields);
          }
          case UPDATE_ISSUE -> {
            Map<String, String> fields = issues.get(op.entity());
            assertThat(fields).as("update of unknown issue " + op.entity()).isNotNull();
            for (Map.Entry<String, Change<String>> entry : op.changes().entrySet()) {
              String field = entry.getKey();
              Change<String> change = entry.getValue();
              String current = fields.get(field);
              if (!"labels".equals(field)) {
                assertThat(change.base())
                    .as("base of " + field + " in seq " + op.seq())
                    .isEqualTo("description".equals(field) && current == null ? "" : current);
              }
              fields.put(field, "labels".equals(field) ? labels(current, change) : change.value());
            }
          }
          case CREATE_COMMENT -> {
            assertThat(comments)
                .as("second create of " + op.entity())
                .doesNotContainKey(op.entity());
            comments.put(op.entity(), false);
            commentIssue.put(op.entity(), op.change("issue").value());
          }
          case UPDATE_COMMENT -> {
            assertThat(comments).as("update of unknown comment").containsKey(op.entity());
            comments.put(op.entity(), "true".equals(op.change("deleted").value()));
          }
        }
      }

      // Every issue row has its create, and its fields are the replay of its ops.
      int issueRows = 0;
      Set<String> seen = new HashSet<>();
      for (dev.tern.model.Issue issue : txn.issues().find(EditLoop.everything().forStore())) {
        issueRows++;
        seen.add(issue.id());
        assertThat(issues).as("issue row without a create op").containsKey(issue.id());
        IssueRecord record = txn.issues().record(IssueTable.VIEW, issue.id()).orElseThrow();
        Map<String, String> expected = issues.get(issue.id());
        for (IssueField issueField : IssueField.values()) {
          String field = issueField.wireName();
          assertThat(record.field(field))
              .as(field + " of " + issue.id())
              .isEqualTo(expected.get(field));
        }
        List<Comment> visible = txn.comments().visibleOn(issue.id());
        for (Comment comment : visible) {
          assertThat(comments.get(comment.id())).as("visible comment " + comment.id()).isFalse();
        }
        long expectedVisible =
            commentIssue.entrySet().stream()
                .filter(entry -> entry.getValue().equals(issue.id()))
                .filter(entry -> !comments.get(entry.getKey()))
                .count();
        assertThat(visible).as("visible comments of " + issue.id()).hasSize((int) expectedVisible);
      }
      assertThat(seen).as("every create op has its issue row").isEqualTo(issues.keySet());
      for (String comment : comments.keySet()) {
        assertThat(txn.comments().get(IssueTable.VIEW, comment))
            .as("comment row for comment.create " + comment)
            .isPresent();
        assertThat(txn.comments().isDeleted(IssueTable.VIEW, comment))
            .isEqualTo(comments.get(comment));
      }
      return new Summary(log.size(), issueRows, comments.size());
    }
  }

  /** A label change replayed as a set difference on the text form, independently of the engine. */
  private static String labels(String current, Change<String> change) {
    java.util.SortedSet<String> result = dev.tern.model.Labels.parse(current);
    java.util.SortedSet<String> before = dev.tern.model.Labels.parse(change.base());
    java.util.SortedSet<String> after = dev.tern.model.Labels.parse(change.value());
    before.stream().filter(label -> !after.contains(label)).forEach(result::remove);
    after.stream().filter(label -> !before.contains(label)).forEach(result::add);
    return dev.tern.model.Labels.format(result);
  }
}
