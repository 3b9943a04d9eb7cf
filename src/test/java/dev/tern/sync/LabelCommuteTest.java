package dev.tern.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.model.Conflict;
import dev.tern.model.Issue;
import dev.tern.replica.IssueEdit;
import dev.tern.replica.NewIssue;
import dev.tern.sync.SyncFixture.Client;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A concurrent add and remove of one label, two replicas and a real server on loopback: the later
 * clock stamp decides the label (docs/sync.md, "Labels"), whichever replica syncs first, and the
 * loser gets a conflict record.
 */
class LabelCommuteTest {
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
    alice.login("ENG");
    bob.login("ENG");
  }

  @AfterEach
  void stop() {
    alice.close();
    bob.close();
    fixture.close();
  }

  Issue shared() {
    Issue issue = alice.replica.create(NewIssue.titled("Labelled"));
    alice.sync();
    bob.sync();
    return issue;
  }

  /** Alice adds "bug" at +1 s; bob adds it at +2 s and removes it at +3 s: bob's remove is last. */
  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void theLaterRemoveWinsWhicheverSyncsFirst(boolean aliceFirst) {
    Issue issue = shared();
    aliceClock.addAndGet(1_000);
    alice.replica.update(issue.id(), IssueEdit.none().withLabels(List.of("bug"), List.of()));
    bobClock.addAndGet(2_000);
    bob.replica.update(issue.id(), IssueEdit.none().withLabels(List.of("bug"), List.of()));
    bobClock.addAndGet(1_000);
    bob.replica.update(issue.id(), IssueEdit.none().withLabels(List.of(), List.of("bug")));

    syncInOrder(aliceFirst);

    assertThat(alice.replica.show(issue.id()).labels()).isEmpty();
    assertThat(bob.replica.show(issue.id()).labels()).isEmpty();
    assertConverged();
    if (!aliceFirst) {
      // Alice's add arrived after the later remove and lost it: she is told.
      List<Conflict> open = alice.replica.conflicts(true);
      assertThat(open).hasSize(1);
      assertThat(open.get(0).field()).isEqualTo("labels");
      assertThat(bob.replica.conflicts(true)).isEmpty();
    }
  }

  /** Bob adds and removes "bug" at +1 s and +2 s; alice adds it at +3 s: alice's add is last. */
  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void theLaterAddWinsWhicheverSyncsFirst(boolean aliceFirst) {
    Issue issue = shared();
    bobClock.addAndGet(1_000);
    bob.replica.update(issue.id(), IssueEdit.none().withLabels(List.of("bug"), List.of()));
    bobClock.addAndGet(1_000);
    bob.replica.update(issue.id(), IssueEdit.none().withLabels(List.of(), List.of("bug")));
    aliceClock.addAndGet(3_000);
    alice.replica.update(issue.id(), IssueEdit.none().withLabels(List.of("bug"), List.of()));

    syncInOrder(aliceFirst);

    assertThat(alice.replica.show(issue.id()).labels()).containsExactly("bug");
    assertThat(bob.replica.show(issue.id()).labels()).containsExactly("bug");
    assertConverged();
    if (aliceFirst) {
      // Bob's remove arrived after alice's later add and lost to it.
      assertThat(bob.replica.conflicts(true)).extracting(Conflict::field).containsExactly("labels");
    }
  }

  private void syncInOrder(boolean aliceFirst) {
    Client first = aliceFirst ? alice : bob;
    Client second = aliceFirst ? bob : alice;
    first.sync();
    second.sync();
    first.sync();
  }

  private void assertConverged() {
    var server =
        Replicas.server(fixture.serverIssues(Set.of("ENG")), fixture.serverComments(Set.of("ENG")));
    for (Client client : List.of(alice, bob)) {
      assertThat(Replicas.view(client.replica)).as(client.name).isEqualTo(server);
    }
  }
}
