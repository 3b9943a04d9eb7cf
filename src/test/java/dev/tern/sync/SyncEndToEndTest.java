package dev.tern.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.model.Issue;
import dev.tern.model.Priority;
import dev.tern.model.State;
import dev.tern.op.Op;
import dev.tern.protocol.DeltaEntry;
import dev.tern.protocol.Message;
import dev.tern.replica.IssueEdit;
import dev.tern.replica.NewIssue;
import dev.tern.sync.SyncFixture.Client;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two or three replicas and a real server on loopback, syncing through `tern sync`'s code. */
class SyncEndToEndTest {
  @TempDir Path dir;
  SyncFixture fixture;
  Client alice;
  Client bob;
  final AtomicLong aliceClock = new AtomicLong(1_700_000_000_000L);
  final AtomicLong bobClock = new AtomicLong(1_700_000_000_000L);

  @BeforeEach
  void start() {
    fixture = new SyncFixture(dir);
    fixture.store.addTeam("ENG", "Engineering");
    alice = fixture.client("alice", fixture.user("alice", "ENG"), aliceClock::get);
    bob = fixture.client("bob", fixture.user("bob", "ENG"), bobClock::get);
  }

  @AfterEach
  void stop() {
    alice.close();
    bob.close();
    fixture.close();
  }

  Issue create(Client client, String title) {
    return client.replica.create(NewIssue.titled(title));
  }

  Issue edit(Client client, String ref, IssueEdit edit) {
    return client.replica.update(ref, edit);
  }

  static IssueEdit title(String title) {
    return IssueEdit.none().withTitle(title);
  }

  void assertConverged(Client... clients) {
    var server =
        Replicas.server(fixture.serverIssues(Set.of("ENG")), fixture.serverComments(Set.of("ENG")));
    for (Client client : clients) {
      assertThat(Replicas.view(client.replica)).as(client.name).isEqualTo(server);
      assertThat(client.replica.sync().pendingCount()).as(client.name + " pending").isZero();
    }
  }

  @Test
  void offlineIssuesAreNumberedAtFirstSyncAndKeepTheirCreationReference() {
    Issue first = create(alice, "Crash on start");
    Issue second = create(alice, "Slow list");
    edit(alice, first.key(), IssueEdit.none().withState(State.IN_PROGRESS));
    assertThat(first.team()).isEqualTo("LOCAL");
    assertThat(first.number()).isNull();

    alice.login("ENG");
    SyncReport report = alice.sync();

    assertThat(report.pushed()).isEqualTo(3);
    assertThat(report.rejected()).isZero();
    Issue numbered = alice.replica.show(first.key());
    assertThat(numbered.team()).isEqualTo("ENG");
    assertThat(numbered.number()).isNotNull();
    assertThat(alice.replica.show("ENG-" + numbered.number()).id()).isEqualTo(first.id());
    assertThat(alice.replica.show(second.id()).number()).isNotEqualTo(numbered.number());
    assertThat(numbered.creator()).isEqualTo("alice");

    bob.login("ENG");
    SyncReport bootstrap = bob.sync();
    assertThat(bootstrap.bootstrapped()).isTrue();
    assertThat(bob.replica.show("ENG-" + numbered.number()).state()).isEqualTo(State.IN_PROGRESS);
    assertConverged(alice, bob);
  }

  @Test
  void aPendingEditStaysVisibleAfterPullingOthersEditsToTheSameIssue() {
    alice.login("ENG");
    bob.login("ENG");
    Issue issue = create(alice, "Original");
    alice.sync();
    bob.sync();

    edit(alice, issue.id(), title("Alice's title"));
    edit(bob, issue.id(), IssueEdit.none().withState(State.DONE));
    bob.sync();
    alice.pullOnly();

    Issue seen = alice.replica.show(issue.id());
    assertThat(seen.title()).isEqualTo("Alice's title");
    assertThat(seen.state()).isEqualTo(State.DONE);
    assertThat(alice.replica.sync().pendingCount()).isEqualTo(1);

    alice.sync();
    bob.sync();
    assertConverged(alice, bob);
    assertThat(bob.replica.show(issue.id()).title()).isEqualTo("Alice's title");
  }

  @Test
  void aCollisionIsWonByTheLaterStampAndTheLoserGetsTheConflictRecord() {
    alice.login("ENG");
    bob.login("ENG");
    Issue issue = create(alice, "Original");
    alice.sync();
    bob.sync();

    bobClock.addAndGet(1_000);
    edit(bob, issue.id(), title("Bob's title"));
    aliceClock.addAndGet(2_000);
    edit(alice, issue.id(), title("Alice's title"));
    alice.sync();
    SyncReport bobs = bob.sync();
    alice.sync();

    assertThat(bobs.superseded()).isEqualTo(1);
    assertThat(bobs.conflicts()).isEqualTo(1);
    assertThat(bob.replica.status().conflicts()).isEqualTo(1);
    var conflict = bob.replica.conflicts(true).get(0);
    assertThat(conflict.field()).isEqualTo("title");
    assertThat(conflict.mine()).isEqualTo("Bob's title");
    assertThat(conflict.theirs()).isEqualTo("Alice's title");
    assertThat(conflict.base()).isEqualTo("Original");
    assertThat(alice.replica.status().conflicts()).isZero();
    assertConverged(alice, bob);
    assertThat(alice.replica.show(issue.id()).title()).isEqualTo("Alice's title");
  }

  @Test
  void editsToDifferentLinesOfADescriptionMergeAndLabelsCommute() {
    alice.login("ENG");
    bob.login("ENG");
    Issue issue =
        alice.replica.create(
            new NewIssue(
                "Doc", "one\ntwo\nthree\n", null, null, null, List.of("a"), null, null, null));
    alice.sync();
    bob.sync();

    edit(alice, issue.id(), IssueEdit.none().withDescription("ONE\ntwo\nthree\n"));
    edit(bob, issue.id(), IssueEdit.none().withDescription("one\ntwo\nTHREE\n"));
    edit(alice, issue.id(), labels(List.of("x"), List.of("a")));
    edit(bob, issue.id(), labels(List.of("y"), List.of()));
    alice.sync();
    SyncReport bobs = bob.sync();
    alice.sync();

    assertThat(bobs.conflicts()).isZero();
    Issue merged = alice.replica.show(issue.id());
    assertThat(merged.description()).isEqualTo("ONE\ntwo\nTHREE\n");
    assertThat(merged.labels()).containsExactly("x", "y");
    assertConverged(alice, bob);
  }

  static IssueEdit labels(List<String> add, List<String> remove) {
    return IssueEdit.none().withLabels(add, remove);
  }

  @Test
  void anEmptyClientBootstrapsAndARebootstrapKeepsPendingOperations() {
    alice.login("ENG");
    for (int index = 0; index < 30; index++) {
      create(alice, "Issue " + index);
    }
    alice.sync();
    bob.login("ENG");
    assertThat(bob.sync().bootstrapped()).isTrue();
    assertConverged(alice, bob);

    Issue mine = create(bob, "Made while the server compacts");
    edit(
        bob,
        alice.replica.list(Replicas.EVERYTHING).get(0).id(),
        IssueEdit.none().withState(State.CANCELED));
    for (int index = 0; index < 10; index++) {
      create(alice, "More " + index);
    }
    alice.sync();
    fixture.store.compact(2);
    assertThat(fixture.store.horizon()).isGreaterThan(bob.replica.sync().cursor());

    SyncReport report = bob.sync();
    assertThat(report.bootstrapped()).isTrue();
    assertThat(report.pushed()).isEqualTo(2);
    alice.sync();
    assertThat(alice.replica.show(mine.id()).title()).isEqualTo("Made while the server compacts");
    assertConverged(alice, bob);
  }

  @Test
  void anOperationCommittedButNotAcknowledgedIsAppliedExactlyOnce() throws Exception {
    alice.login("ENG");
    for (int index = 0; index < 5; index++) {
      create(alice, "Issue " + index);
    }
    List<Op> pending = alice.replica.sync().pending(100);
    try (ServerConnection connection = alice.connect()) {
      alice.round(connection).greet(alice.token);
      connection.send(new Message.Push(pending));
      // Wait for the server's commit, then cut the connection without ever reading the ack.
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (fixture.store.head() < 5 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
    }
    assertThat(fixture.store.head()).isEqualTo(5);
    assertThat(alice.replica.sync().pendingCount()).isEqualTo(5);

    SyncReport report = alice.sync();

    assertThat(report.pushed()).isEqualTo(5);
    assertThat(fixture.store.head()).isEqualTo(5);
    List<DeltaEntry> log = fixture.store.readLog(Set.of("ENG"), 0, 100, 100);
    Set<String> ids = new HashSet<>();
    log.forEach(entry -> ids.add(entry.op().id()));
    assertThat(ids).hasSize(5);
    assertConverged(alice);
  }

  @Test
  void serverRestartLosesNothing() {
    alice.login("ENG");
    bob.login("ENG");
    create(alice, "Before restart");
    alice.sync();
    fixture.restart();
    create(alice, "After restart");
    alice.sync();
    bob.sync();
    assertConverged(alice, bob);
    assertThat(bob.replica.list(Replicas.EVERYTHING)).hasSize(2);
  }

  @Test
  void anUnreachableServerLosesNothing() {
    alice.login("ENG");
    create(alice, "Made offline");
    fixture.stop();
    assertThatThrownBy(alice::sync)
        .isInstanceOf(SyncException.class)
        .extracting(e -> ((SyncException) e).reason())
        .isEqualTo(SyncException.Reason.UNREACHABLE);
    assertThat(alice.replica.sync().pendingCount()).isEqualTo(1);
  }

  @Test
  void usersSeeOnlyTheirTeams() {
    fixture.store.addTeam("OPS", "Operations");
    Client carol = fixture.client("carol", fixture.user("carol", "OPS"));
    try (carol) {
      alice.login("ENG");
      carol.login("OPS");
      create(alice, "Engineering only");
      alice.sync();
      create(carol, "Operations only");
      carol.sync();
      alice.sync();
      assertThat(carol.replica.list(Replicas.EVERYTHING))
          .extracting(Issue::title)
          .containsExactly("Operations only");
      assertThat(alice.replica.list(Replicas.EVERYTHING))
          .extracting(Issue::title)
          .containsExactly("Engineering only");
    }
  }

  @Test
  void priorityAndUndoSyncLikeAnyEdit() {
    alice.login("ENG");
    bob.login("ENG");
    Issue issue = create(alice, "Undo me");
    alice.sync();
    edit(alice, issue.id(), IssueEdit.none().withPriority(Priority.URGENT));
    alice.replica.undo();
    alice.sync();
    bob.sync();
    assertThat(bob.replica.show(issue.id()).priority()).isEqualTo(Priority.NONE);
    assertConverged(alice, bob);
  }

  @Test
  void aReplicaWhoseClockLagsStampsItsNextEditAfterWhatItHasSeen() {
    alice.login("ENG");
    bob.login("ENG");
    Issue issue = create(alice, "Now");
    alice.sync();
    bob.sync();
    aliceClock.addAndGet(3_600_000);
    edit(alice, issue.id(), title("From the future"));
    alice.sync();
    bob.sync();
    var seen = bob.replica.log(false, 1).get(0).op().stamp();
    assertThat(seen.clientId()).isEqualTo(alice.replica.clientId());

    edit(bob, issue.id(), title("Edited after seeing it"));

    var mine = bob.replica.log(false, 1).get(0).op().stamp();
    assertThat(mine.clientId()).isEqualTo(bob.replica.clientId());
    assertThat(mine).isGreaterThan(seen);
    assertThat(mine.millis()).isGreaterThan(bobClock.get());
  }
}
