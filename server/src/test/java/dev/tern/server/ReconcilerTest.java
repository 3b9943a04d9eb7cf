package dev.tern.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.model.InvalidInputException;
import dev.tern.op.Change;
import dev.tern.op.Fields;
import dev.tern.op.Kind;
import dev.tern.op.Op;
import dev.tern.protocol.ConflictRecord;
import dev.tern.protocol.Outcome;
import dev.tern.server.store.StoredComment;
import dev.tern.server.store.StoredIssue;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each reconciliation rule of PRODUCT.md §4 on its own. */
class ReconcilerTest {
  // Alice's clock runs behind Bob's: Bob's edits are "later".
  final TestOps alice = new TestOps("client-a", "alice", 1_000);
  final TestOps bob = new TestOps("client-b", "bob", 2_000);

  StoredIssue created(String description) {
    Op create = alice.createIssue("ENG", "i1", "Title");
    StoredIssue issue = Reconciler.createIssue(create, 7);
    return Reconciler.updateIssue(
            issue, alice.update("ENG", "i1", Fields.DESCRIPTION, description, ""), 2)
        .entity();
  }

  @Test
  void aCreateMakesTheWholeIssueWithItsNumber() {
    Op create = alice.createIssue("ENG", "i1", "Title");
    StoredIssue issue = Reconciler.createIssue(create, 7);
    assertThat(issue.state().number()).isEqualTo(7);
    assertThat(issue.state().creator()).isEqualTo("alice");
    assertThat(issue.state().createdAt()).isEqualTo(create.stamp().millis());
    assertThat(issue.state().state()).isEqualTo("backlog");
    assertThat(issue.state().archived()).isEqualTo("false");
    assertThat(issue.writers()).containsKeys(Fields.TITLE, Fields.DESCRIPTION, Fields.LABELS);
  }

  @Test
  void baseEqualToCurrentApplies() {
    StoredIssue issue = created("");
    var result =
        Reconciler.updateIssue(issue, bob.update("ENG", "i1", Fields.TITLE, "New", "Title"), 3);
    assertThat(result.outcome()).isEqualTo(Outcome.APPLIED);
    assertThat(result.conflicts()).isEmpty();
    assertThat(result.entity().state().title()).isEqualTo("New");
  }

  @Test
  void theSameValueOnBothSidesIsNoConflict() {
    StoredIssue issue = created("");
    issue =
        Reconciler.updateIssue(issue, bob.update("ENG", "i1", Fields.STATE, "done", "backlog"), 3)
            .entity();
    var result =
        Reconciler.updateIssue(
            issue, alice.update("ENG", "i1", Fields.STATE, "done", "backlog"), 4);
    assertThat(result.outcome()).isEqualTo(Outcome.APPLIED);
    assertThat(result.conflicts()).isEmpty();
  }

  @Test
  void aLaterIncomingEditWinsAndTheEarlierWriterGetsTheConflict() {
    StoredIssue issue = created("");
    issue =
        Reconciler.updateIssue(issue, alice.update("ENG", "i1", Fields.TITLE, "A", "Title"), 3)
            .entity();
    var result =
        Reconciler.updateIssue(issue, bob.update("ENG", "i1", Fields.TITLE, "B", "Title"), 4);
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
        Reconciler.updateIssue(issue, bob.update("ENG", "i1", Fields.TITLE, "B", "Title"), 3)
            .entity();
    Op late = alice.update("ENG", "i1", Fields.TITLE, "A", "Title");
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
    Op fromA = first.update("ENG", "i1", Fields.TITLE, "A", "Title");
    Op fromB = second.update("ENG", "i1", Fields.TITLE, "B", "Title");
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
                    Fields.DESCRIPTION,
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
                Fields.DESCRIPTION,
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
                alice.update("ENG", "i1", Fields.DESCRIPTION, "one\nTWO\nthree", "one\ntwo\nthree"),
                3)
            .entity();
    var result =
        Reconciler.updateIssue(
            issue,
            bob.update("ENG", "i1", Fields.DESCRIPTION, "one\n2\nthree", "one\ntwo\nthree"),
            4);
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
        Reconciler.updateIssue(issue, alice.update("ENG", "i1", Fields.LABELS, "bug", ""), 3)
            .entity();
    // Bob had not seen "bug": he adds "ui" on an empty base.
    var result = Reconciler.updateIssue(issue, bob.update("ENG", "i1", Fields.LABELS, "ui", ""), 4);
    assertThat(result.outcome()).isEqualTo(Outcome.MERGED);
    assertThat(result.conflicts()).isEmpty();
    assertThat(result.entity().state().labels()).isEqualTo("bug,ui");
    // Alice removes "bug" without having seen "ui": "ui" stays.
    var removal =
        Reconciler.updateIssue(
            result.entity(), alice.update("ENG", "i1", Fields.LABELS, "", "bug"), 5);
    assertThat(removal.entity().state().labels()).isEqualTo("ui");
  }

  @Test
  void editingAnArchivedIssueAppliesAndTellsTheEditor() {
    StoredIssue issue = created("");
    issue =
        Reconciler.updateIssue(issue, bob.update("ENG", "i1", Fields.ARCHIVED, "true", "false"), 3)
            .entity();
    var result =
        Reconciler.updateIssue(
            issue, alice.update("ENG", "i1", Fields.TITLE, "Edited", "Title"), 4);
    assertThat(result.entity().state().title()).isEqualTo("Edited");
    assertThat(result.entity().state().archived()).isEqualTo("true");
    ConflictRecord conflict = result.conflicts().get(0);
    assertThat(conflict.field()).isEqualTo(Fields.ARCHIVED);
    assertThat(conflict.user()).isEqualTo("alice");
    assertThat(conflict.mine()).isEqualTo("false");
    assertThat(conflict.theirs()).isEqualTo("true");
    assertThat(conflict.theirActor()).isEqualTo("bob");
  }

  @Test
  void commentDeletionFollowsTheFieldRules() {
    Op create = alice.comment("ENG", "i1", "c1", "hi");
    StoredComment comment = Reconciler.createComment(create, "ENG");
    assertThat(comment.state().author()).isEqualTo("alice");
    assertThat(comment.state().deleted()).isEqualTo("false");
    Op delete =
        alice.op(
            Kind.UPDATE_COMMENT, "c1", "ENG", Map.of(Fields.DELETED, new Change("true", "false")));
    var result = Reconciler.updateComment(comment, delete, 2);
    assertThat(result.entity().state().deleted()).isEqualTo("true");
    assertThat(result.outcome()).isEqualTo(Outcome.APPLIED);
  }

  @Test
  void validationRefusesBadFieldsAndValues() {
    assertThatThrownBy(
            () -> Reconciler.validate(alice.update("ENG", "i1", Fields.STATE, "sleeping", "todo")))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> Reconciler.validate(alice.update("ENG", "i1", Fields.BODY, "x", null)))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(
            () -> Reconciler.validate(alice.update("ENG", "i1", Fields.TITLE, " ", "Title")))
        .isInstanceOf(InvalidInputException.class);
    Reconciler.validate(alice.update("ENG", "i1", Fields.PRIORITY, "high", "0"));
    assertThat(
            Reconciler.canonical(alice.update("ENG", "i1", Fields.PRIORITY, "high", "none"))
                .change(Fields.PRIORITY))
        .isEqualTo(new Change("2", "0"));
  }

  @Test
  void theSamePushesGiveTheSameState() {
    TestOps one = new TestOps("c1", "alice", 1_000);
    TestOps two = new TestOps("c2", "bob", 1_500);
    Op create = one.createIssue("ENG", "i1", "Title");
    Op[] edits = {
      one.update("ENG", "i1", Fields.TITLE, "x", "Title"),
      two.update("ENG", "i1", Fields.TITLE, "y", "Title"),
      two.update("ENG", "i1", Fields.LABELS, "a,b", ""),
      one.update("ENG", "i1", Fields.LABELS, "c", "")
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
