package dev.tern.replica;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.model.Issue;
import dev.tern.store.SyncedTables;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyncStateTest {
  @TempDir Path dir;

  @Test
  void loginMovesPendingWorkAndTheIssuesItCreatedToTheServersTeamAndUser() {
    try (Replica replica = Replica.open(dir.resolve("p.db"), () -> 1_000_000L, "local-me")) {
      Issue acked = replica.create(NewIssue.titled("already acknowledged"));
      String ackedOp = replica.log(false, 1).get(0).op().id();
      replica.sync().acknowledge(List.of(new Ack(ackedOp, 5L, dev.tern.op.Outcome.APPLIED, null)));
      Issue offline = replica.create(NewIssue.titled("made offline"));
      Issue otherTeam =
          replica.create(
              new NewIssue("in OPS", null, null, null, null, List.of(), null, "OPS", null));

      replica
          .sync()
          .attach("ws://127.0.0.1:1", "token", "alice", Map.of("ENG", "Engineering"), "ENG");

      assertThat(replica.show(offline.id()).team()).isEqualTo("ENG");
      assertThat(replica.show(offline.id()).creator()).isEqualTo("alice");
      assertThat(replica.show(otherTeam.id()).team()).isEqualTo("OPS");
      assertThat(replica.show(otherTeam.id()).creator()).isEqualTo("alice");
      // Not numbered yet, so it moves team; but its create was sent under the old name.
      assertThat(replica.show(acked.id()).team()).isEqualTo("ENG");
      assertThat(replica.show(acked.id()).creator()).isEqualTo("local-me");

      Map<String, LogEntry> log =
          replica.log(false, 0).stream()
              .collect(Collectors.toMap(LogEntry::issue, Function.identity()));
      assertThat(log.get(offline.id()).op().team()).isEqualTo("ENG");
      assertThat(log.get(offline.id()).op().actor()).isEqualTo("alice");
      assertThat(log.get(otherTeam.id()).op().team()).isEqualTo("OPS");
      assertThat(log.get(otherTeam.id()).op().actor()).isEqualTo("alice");
      assertThat(log.get(acked.id()).status()).isEqualTo(OpStatus.ACKED);
      assertThat(log.get(acked.id()).op().team()).isEqualTo("LOCAL");
      assertThat(log.get(acked.id()).op().actor()).isEqualTo("local-me");
      assertThat(replica.actor()).isEqualTo("alice");
      assertThat(replica.defaultTeam()).isEqualTo("ENG");
    }
  }

  @Test
  void aCreateConfirmedFromItsAckIsUnconfirmedAgainByASnapshotFromBeforeIt() {
    try (Replica replica = Replica.open(dir.resolve("p.db"), () -> 1_000_000L, "me")) {
      Issue issue = replica.create(NewIssue.titled("confirmed early"));
      dev.tern.op.Op op = replica.log(false, 1).get(0).op();
      replica
          .sync()
          .acknowledge(
              List.of(op),
              List.of(new Ack(op.id(), 5L, dev.tern.op.Outcome.APPLIED, null, 7L, 0L)));
      assertThat(replica.log(false, 1).get(0).status()).isEqualTo(OpStatus.SYNCED);
      assertThat(replica.show(issue.id()).number()).isEqualTo(7L);

      // A snapshot at sync id 3 does not hold it: it goes back to waiting for its delta, and stays
      // in the view meanwhile.
      replica.sync().beginBootstrap();
      replica.sync().applySnapshotPage(new SyncedTables.IssueRows(0), List.of());
      replica.sync().finishBootstrap(3, Map.of("LOCAL", "Local"));

      assertThat(replica.log(false, 1).get(0).status()).isEqualTo(OpStatus.ACKED);
      assertThat(replica.show(issue.id()).title()).isEqualTo("confirmed early");
    }
  }
}
