package dev.tern.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.model.Comment;
import dev.tern.model.Issue;
import dev.tern.model.Priority;
import dev.tern.model.State;
import dev.tern.replica.IssueEdit;
import dev.tern.replica.NewIssue;
import dev.tern.replica.Replica;
import dev.tern.sync.SyncFixture.Client;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client's view and the server apply operations through one rule book, so what a replica shows
 * of its own work does not change when that work first reaches the server (but for the number,
 * which only the server gives).
 */
class RuleBookTest {
  @TempDir java.nio.file.Path dir;
  SyncFixture fixture;
  Client alice;
  final AtomicLong clock = new AtomicLong(1_700_000_000_000L);

  @BeforeEach
  void start() {
    fixture = new SyncFixture(dir);
    fixture.store.addTeam("ENG", "Engineering");
    alice = fixture.client("alice", fixture.user("alice", "ENG"), clock::get);
    alice.login("ENG");
  }

  @AfterEach
  void stop() {
    alice.close();
    fixture.close();
  }

  @Test
  void anIssueMadeOfflineLooksTheSameFieldForFieldAfterItsFirstSync() {
    Issue made =
        alice.replica.create(
            new NewIssue(
                "Crash on sync",
                "first line\nsecond line",
                State.IN_PROGRESS,
                Priority.HIGH,
                "bob",
                List.of("ui", "bug"),
                3L,
                null,
                null));
    clock.addAndGet(1_000);
    alice.replica.comment(made.id(), "seen on 4G");
    clock.addAndGet(1_000);
    alice.replica.update(
        made.id(),
        IssueEdit.none().withTitle("Crash on every sync").withLabels(List.of("p1"), List.of()));
    Issue before = alice.replica.show(made.id());

    alice.sync();
    Issue after = alice.replica.show(made.id());

    assertThat(after.number()).isNotNull();
    assertThat(withoutNumber(after)).isEqualTo(withoutNumber(before));
    var server = fixture.serverIssues(java.util.Set.of("ENG")).get(made.id());
    assertThat(server.state()).isEqualTo("in_progress");
    assertThat(server.labels()).isEqualTo("bug,p1,ui");
    assertThat(server.updatedAt()).isEqualTo(before.updatedAt());
    assertThat(server.createdAt()).isEqualTo(before.createdAt());
  }

  @Test
  void anImportedCommentIsPostedByTheImporterAndCreditsItsWriterOnBothSides() throws Exception {
    StringWriter exported = new StringWriter();
    String importedId;
    try (Replica carol = Replica.open(dir.resolve("carol.db"), clock::get, "carol")) {
      Issue issue =
          carol.create(
              new NewIssue(
                  "From the old tracker", null, null, null, null, List.of(), null, "ENG", null));
      importedId = issue.id();
      carol.comment(issue.id(), "the original words");
      carol.export(exported);
    }
    clock.addAndGet(60_000);
    alice.replica.importIssues(
        new java.io.ByteArrayInputStream(
            (exported.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    Comment before = alice.replica.show(importedId).comments().get(0);
    assertThat(before.author()).isEqualTo("alice");
    assertThat(before.writtenBy()).isEqualTo("carol");
    assertThat(before.body()).isEqualTo("the original words");

    alice.sync();

    assertThat(alice.replica.show(importedId).comments()).containsExactly(before);
    var server = fixture.serverComments(java.util.Set.of("ENG")).get(before.id());
    assertThat(server.author()).isEqualTo("alice");
    assertThat(server.writtenBy()).isEqualTo("carol");
    assertThat(server.body()).isEqualTo(before.body());
    assertThat(server.createdAt()).isEqualTo(before.createdAt());
  }

  private static Issue withoutNumber(Issue issue) {
    return new Issue(
        issue.id(),
        issue.team(),
        null,
        issue.title(),
        issue.description(),
        issue.state(),
        issue.priority(),
        issue.assignee(),
        issue.labels(),
        issue.estimate(),
        issue.parent(),
        issue.creator(),
        issue.createdAt(),
        issue.updatedAt(),
        issue.archived(),
        issue.comments());
  }
}
