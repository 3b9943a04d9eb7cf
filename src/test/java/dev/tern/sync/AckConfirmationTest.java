package dev.tern.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.model.Issue;
import dev.tern.replica.IssueEdit;
import dev.tern.replica.LogEntry;
import dev.tern.replica.NewIssue;
import dev.tern.replica.OpStatus;
import dev.tern.sync.SyncFixture.Client;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Own operations confirmed from the ack (docs/sync.md, "Confirming from the ack"), against the real
 * server on loopback: creates are confirmed by their ack alone, and the deltas that bring them back
 * change nothing more.
 */
class AckConfirmationTest {
  @TempDir Path dir;
  SyncFixture fixture;
  Client alice;
  Client bob;

  @BeforeEach
  void start() {
    fixture = new SyncFixture(dir);
    fixture.store.addTeam("ENG", "Engineering");
    alice = fixture.client("alice", fixture.user("alice", "ENG"));
    bob = fixture.client("bob", fixture.user("bob", "ENG"));
    alice.login("ENG");
    bob.login("ENG");
  }

  @AfterEach
  void stop() {
    alice.close();
    bob.close();
    fixture.close();
  }

  void pushOnly(Client client) {
    try (ServerConnection connection = client.connect()) {
      SyncRound round = client.round(connection);
      round.greet(client.token);
      round.push();
    }
  }

  Map<String, OpStatus> statusByKind(Client client) {
    return client.replica.log(false, 0).stream()
        .collect(Collectors.toMap(entry -> entry.op().id(), LogEntry::status));
  }

  @Test
  void createsAreConfirmedByTheirAckWithTheirNumbersBeforeAnyDeltaArrives() {
    Issue first = alice.replica.create(NewIssue.titled("Crash on start"));
    Issue second = alice.replica.create(NewIssue.titled("Slow list"));
    alice.replica.comment(first.id(), "seen it twice");
    alice.replica.update(second.id(), IssueEdit.none().withTitle("Slow list at 100k"));
    long cursorBefore = alice.replica.sync().cursor();

    pushOnly(alice);

    // Nothing pulled yet: the cursor has not moved, yet everything is confirmed, the creates
    // numbered; the update took effect on the state its own create left, confirmed just before.
    assertThat(alice.replica.sync().cursor()).isEqualTo(cursorBefore);
    assertThat(alice.replica.show(first.id()).number()).isNotNull();
    assertThat(alice.replica.show(second.id()).number()).isNotNull();
    assertThat(alice.replica.show(second.id()).title()).isEqualTo("Slow list at 100k");
    assertThat(alice.replica.log(false, 0))
        .extracting(entry -> entry.op().kind().wireName(), LogEntry::status)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("issue.create", OpStatus.SYNCED),
            org.assertj.core.groups.Tuple.tuple("issue.create", OpStatus.SYNCED),
            org.assertj.core.groups.Tuple.tuple("comment.create", OpStatus.SYNCED),
            org.assertj.core.groups.Tuple.tuple("issue.update", OpStatus.SYNCED));

    // What the ack confirmed is, column for column, what the server holds.
    assertThat(rows(alice, "synced_issues")).isEqualTo(serverRows());

    SyncReport report = alice.sync();
    assertThat(report.pulled()).isZero();
    assertThat(rows(alice, "synced_issues")).isEqualTo(serverRows());
    assertThat(rows(alice, "issues")).isEqualTo(serverRows());
    assertThat(statusByKind(alice).values()).containsOnly(OpStatus.SYNCED);
    bob.sync();
    assertConverged(alice, bob);
  }

  @Test
  void anEditOnTopOfSomeoneElsesUnpulledEditWaitsForItsDeltaAndIsRebased() {
    Issue shared = alice.replica.create(NewIssue.titled("Shared"));
    Issue quiet = alice.replica.create(NewIssue.titled("Quiet"));
    alice.sync();
    bob.sync();
    bob.replica.update(shared.id(), IssueEdit.none().withTitle("Bob's title"));
    bob.sync();
    alice.replica.update(shared.id(), IssueEdit.none().withState(dev.tern.model.State.DONE));
    alice.replica.update(quiet.id(), IssueEdit.none().withTitle("Quiet, renamed"));
    alice.replica.comment(shared.id(), "from alice, not yet pulled bob's edit");

    pushOnly(alice);

    // Bob's entry came between alice's cursor and her edit of the shared issue: its state is not
    // one she holds, so that edit waits for its delta. The untouched issue's edit is confirmed.
    Map<String, String> kinds =
        alice.replica.log(false, 0).stream()
            .filter(entry -> entry.status() != OpStatus.SYNCED)
            .collect(
                Collectors.toMap(entry -> entry.op().id(), entry -> entry.op().kind().wireName()));
    assertThat(kinds.values()).containsExactly("issue.update");
    assertThat(alice.replica.show(quiet.id()).title()).isEqualTo("Quiet, renamed");

    alice.sync();
    bob.sync();

    assertThat(alice.replica.show(shared.id()).title()).isEqualTo("Bob's title");
    assertThat(alice.replica.show(shared.id()).state()).isEqualTo(dev.tern.model.State.DONE);
    assertThat(rows(alice, "synced_issues")).isEqualTo(serverRows());
    assertThat(rows(alice, "issues")).isEqualTo(serverRows());
    assertConverged(alice, bob);
  }

  /** Every column the server settles, of each issue of {@code table} in the client's file. */
  Map<String, String> rows(Client client, String table) {
    Map<String, String> rows = new java.util.TreeMap<>();
    try (java.sql.Connection connection =
            java.sql.DriverManager.getConnection(
                "jdbc:sqlite:" + dir.resolve(client.name + ".db"));
        java.sql.ResultSet result =
            connection
                .createStatement()
                .executeQuery(
                    "SELECT id, team, number, title, creator, created_at, updated_at, state,"
                        + " priority FROM "
                        + table)) {
      while (result.next()) {
        rows.put(
            result.getString(1),
            String.join(
                " ",
                result.getString(2),
                result.getString(3),
                result.getString(4),
                result.getString(5),
                result.getString(6),
                result.getString(7),
                result.getString(8),
                result.getString(9)));
      }
    } catch (java.sql.SQLException e) {
      throw new AssertionError(e);
    }
    return rows;
  }

  Map<String, String> serverRows() {
    Map<String, String> rows = new java.util.TreeMap<>();
    fixture
        .serverIssues(Set.of("ENG"))
        .forEach(
            (id, issue) ->
                rows.put(
                    id,
                    String.join(
                        " ",
                        issue.team(),
                        String.valueOf(issue.number()),
                        issue.title(),
                        issue.creator(),
                        String.valueOf(issue.createdAt()),
                        String.valueOf(issue.updatedAt()),
                        issue.state(),
                        issue.priority() == null ? "0" : issue.priority())));
    return rows;
  }

  void assertConverged(Client... clients) {
    var server =
        Replicas.server(fixture.serverIssues(Set.of("ENG")), fixture.serverComments(Set.of("ENG")));
    for (Client client : clients) {
      assertThat(Replicas.view(client.replica)).as(client.name).isEqualTo(server);
      assertThat(client.replica.sync().pendingCount()).as(client.name + " pending").isZero();
    }
  }
}
