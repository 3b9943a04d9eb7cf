package dev.tern.replica;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.model.Issue;
import dev.tern.model.Priority;
import dev.tern.model.State;
import dev.tern.op.Change;
import dev.tern.op.Hlc;
import dev.tern.op.Kind;
import dev.tern.op.Op;
import dev.tern.op.OpHeader;
import dev.tern.store.IssueRecord;
import dev.tern.store.IssueTable;
import dev.tern.store.StoreTxn;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UndoRedoTest {
  @TempDir Path dir;
  private final AtomicLong wall = new AtomicLong(1_700_000_000_000L);
  private Replica replica;

  @BeforeEach
  void open() {
    replica = Replica.open(dir.resolve("undo.db"), () -> wall.addAndGet(1000), "alice");
  }

  @AfterEach
  void close() {
    replica.close();
  }

  private Issue create(String title) {
    return replica.create(
        new NewIssue(
            title,
            "first text",
            State.BACKLOG,
            Priority.LOW,
            null,
            List.of("bug"),
            null,
            null,
            null));
  }

  @Test
  void undoRestoresEveryFieldsBaseAndRedoReappliesIt() {
    Issue parent = create("parent");
    Issue before = create("child");
    Issue edited =
        replica.update(
            before.id(),
            new IssueEdit(
                "child renamed",
                "second text",
                State.IN_PROGRESS,
                Priority.URGENT,
                "bob",
                false,
                List.of("ui"),
                List.of("bug"),
                5L,
                false,
                parent.id(),
                true));
    assertThat(edited.labels()).containsExactly("ui");
    assertThat(edited.parent()).isEqualTo(parent.id());

    assertThat(replica.undo()).isPresent();
    assertSameFields(replica.show(before.id()), before);

    assertThat(replica.redo()).isPresent();
    assertSameFields(replica.show(before.id()), edited);

    assertThat(replica.undo()).isPresent();
    assertSameFields(replica.show(before.id()), before);
  }

  @Test
  void undoOfACreateArchivesAndRedoRestores() {
    Issue issue = create("short-lived");
    replica.undo();
    assertThat(replica.show(issue.id()).archived()).isTrue();
    replica.redo();
    assertThat(replica.show(issue.id()).archived()).isFalse();
  }

  @Test
  void undoOfACommentHidesItAndRedoShowsIt() {
    Issue issue = create("talked about");
    replica.comment(issue.id(), "first!");
    assertThat(replica.show(issue.id()).comments()).extracting("body").containsExactly("first!");
    replica.undo();
    assertThat(replica.show(issue.id()).comments()).isEmpty();
    replica.redo();
    assertThat(replica.show(issue.id()).comments()).extracting("body").containsExactly("first!");
  }

  @Test
  void aNewActionClearsRedo() {
    Issue issue = create("x");
    replica.update(issue.id(), IssueEdit.none().withState(State.DONE));
    replica.undo();
    replica.update(issue.id(), IssueEdit.none().withDescription("other"));
    assertThat(replica.redo()).isEmpty();
    assertThat(replica.show(issue.id()).state()).isEqualTo(State.BACKLOG);
  }

  @Test
  void undoWithNothingToUndoWritesNothing() {
    assertThat(replica.undo()).isEmpty();
    assertThat(replica.redo()).isEmpty();
    assertThat(replica.log(false, 0)).isEmpty();
  }

  @Test
  void undoAndRedoAreOperationsInTheLog() {
    Issue issue = create("x");
    replica.update(issue.id(), IssueEdit.none().withState(State.DONE));
    Replica.Reversal undo = replica.undo().orElseThrow();
    assertThat(undo.written().kind()).isEqualTo(Kind.UPDATE_ISSUE);
    assertThat(undo.written().change("state")).isEqualTo(new Change<>("backlog", "done"));
    Replica.Reversal redo = replica.redo().orElseThrow();
    assertThat(redo.written().change("state")).isEqualTo(new Change<>("done", "backlog"));
    assertThat(replica.log(false, 0)).hasSize(4);
  }

  @Test
  void labelsUndoAsASetDifferenceKeepingLabelsOthersAdded() {
    Issue issue = create("labelled");
    replica.update(
        issue.id(),
        new IssueEdit(
            null,
            null,
            null,
            null,
            null,
            false,
            List.of("ui"),
            List.of(),
            null,
            false,
            null,
            null));
    // Meanwhile someone else adds "perf"; it arrives from the server.
    IssueRecord current;
    try (StoreTxn txn = replica.store.read()) {
      current = txn.issues().record(IssueTable.VIEW, issue.id()).orElseThrow();
    }
    Map<String, String> serverFields = new HashMap<>(current.fields());
    serverFields.put("labels", "bug,perf");
    Op theirs =
        Op.fromText(
            new OpHeader(
                UUID.randomUUID().toString(),
                "other-client",
                1,
                new Hlc(wall.get(), 0, "other-client"),
                "bob",
                issue.id(),
                issue.team()),
            Kind.UPDATE_ISSUE,
            Map.of("labels", new Change<>("bug,perf", "bug")));
    IssueRecord server =
        new IssueRecord(
            issue.id(), issue.team(), 1L, "alice", issue.createdAt(), wall.get(), serverFields);
    replica
        .sync()
        .applyRemote(List.of(new RemoteEntry(1, theirs, server, null, false)), List.of(), 1);
    assertThat(replica.show(issue.id()).labels()).containsExactly("bug", "perf", "ui");

    replica.undo();
    assertThat(replica.show(issue.id()).labels()).containsExactly("bug", "perf");
    replica.redo();
    assertThat(replica.show(issue.id()).labels()).containsExactly("bug", "perf", "ui");
  }

  private static void assertSameFields(Issue actual, Issue expected) {
    assertThat(actual)
        .usingRecursiveComparison()
        .ignoringFields("updatedAt", "comments")
        .isEqualTo(expected);
  }
}
