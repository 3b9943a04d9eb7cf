package dev.tern.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.model.InvalidInputException;
import dev.tern.op.Change;
import dev.tern.op.Kind;
import dev.tern.op.Outcome;
import dev.tern.op.TextRules;
import dev.tern.op.UpdateComment;
import dev.tern.op.UpdateIssue;
import dev.tern.protocol.ConflictRecord;
import dev.tern.server.store.StoredComment;
import dev.tern.server.store.StoredIssue;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each reconciliation rule of docs/sync.md on its own. */
class ReconcilerTest {
  // Alice's clock runs behind Bob's: Bob's edits are "later".
  final TestOps alice = new TestOps("client-a", "alice", 1_000);
  final TestOps bob = new TestOps("client-b", "bob", 2_000);

  StoredIssue created(String description) {
    var create = alice.createIssue("ENG", "i1", "Title");
    StoredIssue issue = Reconciler.createIssue(create, 7);
    return Reconciler.updateIssue(
            issue, alice.update("ENG", "i1", "description", description, ""), 2)
        .entity();
  }

  @Test
  void aCreateMakesTheWholeIssueWithItsNumber() {
    var create = alice.createIssue("ENG", "i1", "Title");
    StoredIssue issue = Reconciler.createIssue(create, 7);
    assertThat(issue.state().number()).isEqualTo(7);
    assertThat(issue.state().creator()).isEqualTo("alice");
    assertThat(issue.state().createdAt()).isEqualTo(create.stamp().millis());
    assertThat(issue.state().state()).isEqualTo("backlog");
    assertThat(issue.state().archived()).isEqualTo("false");
    assertThat(issue.writers()).containsKeys("title", "description", "labels");
  }

  @Test
  void aCreateWithoutStateGetsTheSameDefaultAsOnEveryReplica() {
    var create =
        (dev.tern.op.CreateIssue)
            alice.op(
                dev.tern.op.Kind.CREATE_ISSUE,
                "i9",
                "ENG",
                Map.of(
                    "title", new Change<>("Bare", null),
                    "description", new Change<>(null, null)));
    StoredIssue issue = Reconciler.createIssue(create, 7);
    assertThat(issue.state().state()).isEqualTo("todo");
    assertThat(issue.state().description()).isEqualTo("");
    assertThat(issue.state().toData().withNumber(null)).isEqualTo(create.apply());
  }

  @Test
  void anImportedCreateKeepsItsTimeAndWasLastUpdatedWhenItWasMade() {
    // tern import keeps when an issue was created; both sides date its last update to the
    // operation (the old server said the creation time, the old client the stamp).
    var create =
        (dev.tern.op.CreateIssue)
            alice.op(
                dev.tern.op.Kind.CREATE_ISSUE,
                "i8",
                "ENG",
                Map.of(
                    "title", new Change<>("Old one", null),
                    "created_at", new Change<>("500", null)));
    var issue = Reconciler.createIssue(create, 1).state();
    assertThat(issue.createdAt()).isEqualTo(500);
    assertThat(issue.updatedAt()).isEqualTo(create.stamp().millis()).isGreaterThan(500);
  }

  @Test
  void aCommentIsPostedByTheActorWhateverAuthorTheClientNames() {
    var create =
        (dev.tern.op.CreateComment)
            alice.op(
                dev.tern.op.Kind.CREATE_COMMENT,
                "c9",
                "ENG",
                Map.of(
                    "issue", new Change<>("i1", null),
                    "body", new Change<>("hi", null),
                    "author", new Change<>("mallory", null)));
    var stored = Reconciler.createComment(create, "ENG").state();
    assertThat(stored.author()).isEqualTo("alice");
    assertThat(stored.writtenBy()).isEqualTo("mallory");
    assertThat(stored.toData()).isEqualTo(create.apply());
  }

  @Test
  void baseEqualToCurrentApplies() {
    StoredIssue issue = created("");
    var result = Reconciler.updateIssue(issue, bob.update("ENG", "i1", "title", "New", "Title"), 3);
    assertThat(result.outcome()).isEqualTo(Outcome.APPLIED);
    assertThat(result.conflicts()).isEmpty();
    assertThat(result.entity().state().title()).isEqualTo("New");
  }

  @Test
  void theSameValueOnBothSidesIsNoConflict() {
    StoredIssue issue = created("");
    issue =
        Reconciler.updateIssue(issue, bob.update("ENG", "i1", "state", "done", "backlog"), 3)
            .entity();
    var result =
        Reconciler.updateIssue(issue, alice.update("ENG", "i1", "state", "done", "backlog"), 4);
    assertThat(result.outcome()).isEqualTo(Outcome.APPLIED);
    assertThat(result.conflicts()).isEmpty();
  }

  @Test
  void aLaterIncomingEditWinsAndTheEarlierWriterGetsTheConflict() {
    StoredIssue issue = created("");
    issue =
        Reconciler.updateIssue(issue, alice.update("ENG", "i1", "title", "A", "Title"), 3).entity();
    var result = Reconciler.updateIssue(issue, bob.update("ENG", "i1", "title", "B", "Title"), 4);
    assertThat(result.outcome()).isEqualTo(Outcome.APPLIED);
    assertThat(result.entity().state().title()).isEqualTo("B");
    ConflictRecord conflict = result.conflicts().get(0);
    assertThat(conflict.user()).isEqualTo("alice");
    assertThat(conflict.clientId()).isEqualTo("client-a");
    assertThat(conflict.mine()).isEqualTo("A");
    assertThat(conflict.theirs()).isEqualTo("B");
    assertThat(conflict.base()).isEqualTo("Title");
    assertThat(conflict.theirActor()).isEqualTo("bob");
    assertThat(conflict.id()).isEqualTo("4/title");
  }

  @Test
  void anEarlierIncomingEditLosesAndItsAuthorGetsTheConflict() {
    StoredIssue issue = created("");
    issue =
        Reconciler.updateIssue(issue, bob.update("ENG", "i1", "title", "B", "Title"), 3).entity();
    var late = alice.update("ENG", "i1", "title", "A", "Title");
    var result = Reconciler.updateIssue(issue, late, 4);
    assertThat(result.outcome()).isEqualTo(Outcome.SUPERSEDED);
    assertThat(result.entity().state().title()).isEqualTo("B");
    ConflictRecord conflict = result.conflicts().get(0);
    assertThat(conflict.user()).isEqualTo("alice");
    assertThat(conflict.myOpId()).isEqualTo(late.id());
    assertThat(conflict.mine()).isEqualTo("A");
    assertThat(conflict.theirs()).isEqualTo("B");
  }

  @Test
  void equalStampsAreSettledByClientId() {
    TestOps first = new TestOps("client-a", "alice", 5_000);
    // The create took one tick of the first clock: both edits stamp 5002.
    TestOps second = new TestOps("client-b", "bob", 5_001);
    StoredIssue issue = Reconciler.createIssue(first.createIssue("ENG", "i1", "Title"), 1);
    var fromA = first.update("ENG", "i1", "title", "A", "Title");
    var fromB = second.update("ENG", "i1", "title", "B", "Title");
    StoredIssue aThenB =
        Reconciler.updateIssue(Reconciler.updateIssue(issue, fromA, 2).entity(), fromB, 3).entity();
    StoredIssue bThenA =
        Reconciler.updateIssue(Reconciler.updateIssue(issue, fromB, 2).entity(), fromA, 3).entity();
    assertThat(aThenB.state().title()).isEqualTo("B").isEqualTo(bThenA.state().title());
  }

  @Test
  void descriptionEditsOnDifferentLinesMerge() {
    StoredIssue issue = created("one\ntwo\nthree\nfour\nfive");
    issue =
        Reconciler.updateIssue(
                issue,
                bob.update(
                    "ENG",
                    "i1",
                    "description",
                    "ONE\ntwo\nthree\nfour\nfive",
                    "one\ntwo\nthree\nfour\nfive"),
                3)
            .entity();
    var result =
        Reconciler.updateIssue(
            issue,
            alice.update(
                "ENG",
                "i1",
                "description",
                "one\ntwo\nthree\nfour\nFIVE",
                "one\ntwo\nthree\nfour\nfive"),
            4);
    assertThat(result.outcome()).isEqualTo(Outcome.MERGED);
    assertThat(result.conflicts()).isEmpty();
    assertThat(result.entity().state().description()).isEqualTo("ONE\ntwo\nthree\nfour\nFIVE");
  }

  @Test
  void overlappingDescriptionEditsFallBackToTheLaterStamp() {
    StoredIssue issue = created("one\ntwo\nthree");
    issue =
        Reconciler.updateIssue(
                issue,
                alice.update("ENG", "i1", "description", "one\nTWO\nthree", "one\ntwo\nthree"),
                3)
            .entity();
    var result =
        Reconciler.updateIssue(
            issue, bob.update("ENG", "i1", "description", "one\n2\nthree", "one\ntwo\nthree"), 4);
    assertThat(result.outcome()).isEqualTo(Outcome.APPLIED);
    assertThat(result.entity().state().description()).isEqualTo("one\n2\nthree");
    assertThat(result.conflicts())
        .singleElement()
        .extracting(ConflictRecord::user, ConflictRecord::mine)
        .containsExactly("alice", "one\nTWO\nthree");
  }

  @Test
  void concurrentLabelEditsCommute() {
    StoredIssue issue = created("");
    issue =
        Reconciler.updateIssue(issue, alice.update("ENG", "i1", "labels", "bug", ""), 3).entity();
    // Bob had not seen "bug": he adds "ui" on an empty base.
    var result = Reconciler.updateIssue(issue, bob.update("ENG", "i1", "labels", "ui", ""), 4);
    assertThat(result.outcome()).isEqualTo(Outcome.MERGED);
    assertThat(result.conflicts()).isEmpty();
    assertThat(result.entity().state().labels()).isEqualTo("bug,ui");
    // Alice removes "bug" without having seen "ui": "ui" stays.
    var removal =
        Reconciler.updateIssue(result.entity(), alice.update("ENG", "i1", "labels", "", "bug"), 5);
    assertThat(removal.entity().state().labels()).isEqualTo("ui");
  }

  @Test
  void editingAnArchivedIssueAppliesAndTellsTheEditor() {
    StoredIssue issue = created("");
    issue =
        Reconciler.updateIssue(issue, bob.update("ENG", "i1", "archived", "true", "false"), 3)
            .entity();
    var result =
        Reconciler.updateIssue(issue, alice.update("ENG", "i1", "title", "Edited", "Title"), 4);
    assertThat(result.entity().state().title()).isEqualTo("Edited");
    assertThat(result.entity().state().archived()).isEqualTo("true");
    ConflictRecord conflict = result.conflicts().get(0);
    assertThat(conflict.field()).isEqualTo("archived");
    assertThat(conflict.user()).isEqualTo("alice");
    assertThat(conflict.mine()).isEqualTo("false");
    assertThat(conflict.theirs()).isEqualTo("true");
    assertThat(conflict.theirActor()).isEqualTo("bob");
  }

  @Test
  void anEditorHearsOfAnArchiveOnceAndNeverOfTheirOwn() {
    StoredIssue issue = created("");
    issue =
        Reconciler.updateIssue(issue, bob.update("ENG", "i1", "archived", "true", "false"), 3)
            .entity();
    var first =
        Reconciler.updateIssue(issue, alice.update("ENG", "i1", "title", "One", "Title"), 4);
    assertThat(first.conflicts()).hasSize(1);
    var second =
        Reconciler.updateIssue(
            first.entity(), alice.update("ENG", "i1", "description", "Two", ""), 5);
    assertThat(second.conflicts()).isEmpty();
    var own =
        Reconciler.updateIssue(
            second.entity(), bob.update("ENG", "i1", "title", "Three", "One"), 6);
    assertThat(own.conflicts()).isEmpty();
    assertThat(own.entity().state().title()).isEqualTo("Three");
  }

  @Test
  void commentDeletionFollowsTheFieldRules() {
    var create = alice.comment("ENG", "i1", "c1", "hi");
    StoredComment comment = Reconciler.createComment(create, "ENG");
    assertThat(comment.state().author()).isEqualTo("alice");
    assertThat(comment.state().deleted()).isEqualTo("false");
    var delete =
        (UpdateComment)
            alice.op(
                Kind.UPDATE_COMMENT, "c1", "ENG", Map.of("deleted", new Change<>("true", "false")));
    var result = Reconciler.updateComment(comment, delete, 2);
    assertThat(result.entity().state().deleted()).isEqualTo("true");
    assertThat(result.outcome()).isEqualTo(Outcome.APPLIED);
  }

  UpdateComment commentEdit(TestOps who, String body, String base) {
    return (UpdateComment)
        who.op(Kind.UPDATE_COMMENT, "c1", "ENG", Map.of("body", new Change<>(body, base)));
  }

  @Test
  void concurrentCommentEditsMergeByLinesLikeADescription() {
    StoredComment comment =
        Reconciler.createComment(alice.comment("ENG", "i1", "c1", "one\ntwo\nthree"), "ENG");
    var first =
        Reconciler.updateComment(
            comment, commentEdit(alice, "ONE\ntwo\nthree", "one\ntwo\nthree"), 2);
    assertThat(first.outcome()).isEqualTo(Outcome.APPLIED);
    var second =
        Reconciler.updateComment(
            first.entity(), commentEdit(alice, "one\ntwo\nTHREE", "one\ntwo\nthree"), 3);
    assertThat(second.outcome()).isEqualTo(Outcome.MERGED);
    assertThat(second.conflicts()).isEmpty();
    assertThat(second.entity().state().body()).isEqualTo("ONE\ntwo\nTHREE");
  }

  @Test
  void concurrentCommentEditsOfOneLineGoToTheLaterStampWithAConflictForTheLoser() {
    StoredComment comment =
        Reconciler.createComment(alice.comment("ENG", "i1", "c1", "hello"), "ENG");
    // Bob's clock is ahead: his edit is later, though it arrives first.
    var later = Reconciler.updateComment(comment, commentEdit(bob, "hello bob", "hello"), 2);
    var earlier =
        Reconciler.updateComment(later.entity(), commentEdit(alice, "hello alice", "hello"), 3);
    assertThat(earlier.outcome()).isEqualTo(Outcome.SUPERSEDED);
    assertThat(earlier.entity().state().body()).isEqualTo("hello bob");
    ConflictRecord conflict = earlier.conflicts().get(0);
    assertThat(conflict.user()).isEqualTo("alice");
    assertThat(conflict.field()).isEqualTo("body");
    assertThat(conflict.issue()).isEqualTo("i1");
  }

  @Test
  void onlyTheAuthorMayRewriteACommentButAnyoneMayDeleteIt() {
    StoredComment comment = Reconciler.createComment(alice.comment("ENG", "i1", "c1", "hi"), "ENG");
    assertThatThrownBy(() -> Reconciler.checkAllowed(comment, commentEdit(bob, "mine", "hi")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("only the author");
    Reconciler.checkAllowed(comment, commentEdit(alice, "mine", "hi"));
    // The text rules for shared text hold for an edit's new text and its base alike.
    assertThatThrownBy(() -> TextRules.shared(commentEdit(alice, "a\u0085b", "hi")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("body");
    assertThatThrownBy(() -> TextRules.shared(commentEdit(alice, "ok", "a\u009bb")))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> commentEdit(alice, "  ", "hi").validate())
        .isInstanceOf(InvalidInputException.class);
    Reconciler.checkAllowed(
        comment,
        (UpdateComment)
            bob.op(
                Kind.UPDATE_COMMENT,
                "c1",
                "ENG",
                Map.of("deleted", new Change<>("true", "false"))));
  }

  @Test
  void validationRefusesBadFieldsAndValues() {
    assertThatThrownBy(() -> alice.update("ENG", "i1", "state", "sleeping", "todo").validate())
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> alice.update("ENG", "i1", "body", "x", null).validate())
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> alice.update("ENG", "i1", "title", " ", "Title").validate())
        .isInstanceOf(InvalidInputException.class);
    alice.update("ENG", "i1", "priority", "high", "0").validate();
    assertThat(alice.update("ENG", "i1", "priority", "high", "none").changes().get("priority"))
        .isEqualTo(new Change<>("2", "0"));
  }

  @Test
  void theSamePushesGiveTheSameState() {
    TestOps one = new TestOps("c1", "alice", 1_000);
    TestOps two = new TestOps("c2", "bob", 1_500);
    var create = one.createIssue("ENG", "i1", "Title");
    UpdateIssue[] edits = {
      one.update("ENG", "i1", "title", "x", "Title"),
      two.update("ENG", "i1", "title", "y", "Title"),
      two.update("ENG", "i1", "labels", "a,b", ""),
      one.update("ENG", "i1", "labels", "c", "")
    };
    StoredIssue first = Reconciler.createIssue(create, 1);
    StoredIssue second = Reconciler.createIssue(create, 1);
    for (int i = 0; i < edits.length; i++) {
      first = Reconciler.updateIssue(first, edits[i], i + 2).entity();
      second = Reconciler.updateIssue(second, edits[i], i + 2).entity();
    }
    assertThat(first).isEqualTo(second);
    assertThat(first.state().labels()).isEqualTo("a,b,c");
    assertThat(first.state().title()).isEqualTo("y");
  }
}
