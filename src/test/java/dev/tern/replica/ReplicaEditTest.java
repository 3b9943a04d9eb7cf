package dev.tern.replica;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.model.Conflict;
import dev.tern.model.Issue;
import dev.tern.model.Priority;
import dev.tern.model.State;
import dev.tern.store.StoreTxn;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's edit path reads as little as it can (docs/performance.md, "The store's shape"): the
 * issue it returns is built from what it wrote, the client id and the open-conflict flag come with
 * the clock in one statement. These tests hold what must not change with that.
 */
class ReplicaEditTest {
  @TempDir Path dir;

  @Test
  void anEditReturnsTheIssueAsTheStoreHoldsIt() {
    try (Replica replica = Replica.open(dir.resolve("p.db"), () -> 1_000_000L, "alice")) {
      Issue created = replica.create(NewIssue.titled("first"));
      assertThat(created).isEqualTo(replica.issue(created.id()).orElseThrow());
      replica.comment(created.id(), "a comment");
      Issue edited =
          replica.update(
              created.id(),
              IssueEdit.none()
                  .withTitle("  second  ")
                  .withDescription("line one\nline two")
                  .withState(State.IN_PROGRESS)
                  .withPriority(Priority.HIGH)
                  .withLabels(List.of("bug", "ui"), List.of()));
      assertThat(edited.title()).isEqualTo("second");
      assertThat(edited.comments()).hasSize(1);
      assertThat(edited).isEqualTo(replica.issue(created.id()).orElseThrow());
      // By key prefix rather than the full id, and with a label taken off.
      Issue again =
          replica.update(
              created.id().substring(0, 8),
              IssueEdit.none().withLabels(List.of(), List.of("bug")).withArchived(true));
      assertThat(again.labels()).containsExactly("ui");
      assertThat(again).isEqualTo(replica.issue(created.id()).orElseThrow());
    }
  }

  @Test
  void anEditUsesAClientIdRenewedByAnotherProcessOnTheProfile() {
    Path file = dir.resolve("shared.db");
    try (Replica first = Replica.open(file, System::currentTimeMillis, "alice");
        Replica second = Replica.open(file, System::currentTimeMillis, "alice")) {
      Issue issue = first.create(NewIssue.titled("shared"));
      String renewed;
      try (StoreTxn txn = second.store.write()) {
        renewed = second.renewIdentity(txn, "test");
        txn.commit();
      }
      first.update(issue.id(), IssueEdit.none().withState(State.DONE));
      LogEntry newest = first.log(false, 1).get(0);
      assertThat(newest.op().clientId()).isEqualTo(renewed);
      assertThat(first.clientId()).isEqualTo(renewed);
    }
  }

  @Test
  void anEditSettlesOpenConflictsOnItsFieldsOnly() {
    try (Replica replica = Replica.open(dir.resolve("c.db"), () -> 2_000_000L, "alice")) {
      Issue issue = replica.create(NewIssue.titled("contested"));
      try (StoreTxn txn = replica.store.write()) {
        txn.conflicts().insert(conflict("c-title", issue.id(), "title"));
        txn.conflicts().insert(conflict("c-state", issue.id(), "state"));
        txn.commit();
      }
      replica.update(issue.id(), IssueEdit.none().withTitle("settled"));
      List<Conflict> open = replica.conflicts(true);
      assertThat(open).extracting(Conflict::id).containsExactly("c-state");
      assertThat(replica.conflicts(false))
          .filteredOn(conflict -> conflict.id().equals("c-title"))
          .extracting(Conflict::status)
          .containsExactly(Conflict.Status.RESOLVED);
    }
  }

  private static Conflict conflict(String id, String issue, String field) {
    return new Conflict(
        id,
        7,
        issue,
        field,
        "base",
        "theirs",
        "mine",
        "bob",
        "s1",
        "s2",
        null,
        Conflict.Status.OPEN,
        1L);
  }
}
