package dev.tern.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.model.InvalidInputException;
import dev.tern.model.Issue;
import dev.tern.model.NotFoundException;
import dev.tern.replica.IssueEdit;
import dev.tern.replica.NewIssue;
import dev.tern.sync.SyncFixture.Client;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An issue created offline for a team the server refuses stays in view, with the reason, until the
 * user moves it to one of their teams or discards it (real server on loopback).
 */
class RejectionTest {
  @TempDir Path dir;
  SyncFixture fixture;
  Client alice;
  Client bob;
  final AtomicLong clock = new AtomicLong(1_700_000_000_000L);

  @BeforeEach
  void start() {
    fixture = new SyncFixture(dir);
    fixture.store.addTeam("ENG", "Engineering");
    fixture.store.addTeam("OPS", "Operations");
    alice = fixture.client("alice", fixture.user("alice", "ENG"), clock::get);
    bob = fixture.client("bob", fixture.user("bob", "ENG"), clock::get);
    alice.login("ENG");
  }

  @AfterEach
  void stop() {
    alice.close();
    bob.close();
    fixture.close();
  }

  Issue refusedCreate(String title) {
    Issue issue =
        bob.replica.create(
            new NewIssue(title, null, null, null, null, List.of(), null, "OPS", null));
    bob.replica.update(issue.id(), IssueEdit.none().withTitle(title + " (edited)"));
    return issue;
  }

  @Test
  void showAsksForTheRefusalsOfItsOwnIssueAlone() {
    Issue first = refusedCreate("First refused");
    Issue second = refusedCreate("Second refused");
    Issue accepted =
        bob.replica.create(
            new NewIssue("Fine", null, null, null, null, List.of(), null, null, null));
    bob.login("ENG");
    bob.sync();

    assertThat(bob.replica.refusals()).containsOnlyKeys(first.id(), second.id());
    assertThat(bob.replica.refusals(first.id()))
        .containsOnlyKeys(first.id())
        .containsEntry(first.id(), bob.replica.refusals().get(first.id()));
    assertThat(bob.replica.refusals(accepted.id())).isEmpty();
  }

  @Test
  void aRefusedCreateStaysVisibleAndCanBeMovedToATeamOfYoursAndSynced() {
    Issue issue = refusedCreate("Made offline");
    bob.login("ENG");
    SyncReport report = bob.sync();

    assertThat(report.rejected()).isEqualTo(2);
    assertThat(bob.replica.show(issue.id()).title()).isEqualTo("Made offline (edited)");
    assertThat(bob.replica.list(Replicas.EVERYTHING)).extracting(Issue::id).contains(issue.id());
    assertThat(bob.replica.status().rejected()).isEqualTo(2);
    assertThat(bob.replica.rejections()).hasSize(2).allMatch(entry -> entry.note() != null);
    bob.sync();
    assertThat(bob.replica.show(issue.id()).title())
        .as("a later round")
        .isEqualTo("Made offline (edited)");

    assertThatThrownBy(() -> bob.replica.moveRejected(issue.id(), "OPS"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("your teams: ENG");
    Issue moved = bob.replica.moveRejected(issue.id(), "eng");
    assertThat(moved.team()).isEqualTo("ENG");
    assertThat(bob.replica.rejections()).isEmpty();
    assertThat(bob.replica.status().rejected()).isZero();
    assertThat(bob.sync().rejected()).isZero();
    alice.sync();

    Issue seen = alice.replica.show(issue.id());
    assertThat(seen.title()).isEqualTo("Made offline (edited)");
    assertThat(seen.team()).isEqualTo("ENG");
    var server =
        Replicas.server(fixture.serverIssues(Set.of("ENG")), fixture.serverComments(Set.of("ENG")));
    assertThat(Replicas.view(bob.replica)).isEqualTo(server);
    assertThat(Replicas.view(alice.replica)).isEqualTo(server);
  }

  @Test
  void ternConflictsShowsTheRefusalWithItsReasonAndTheWayOutAndMoveWorksFromTheCommandLine() {
    Issue issue = refusedCreate("From the command line");
    bob.login("ENG");
    bob.sync();
    String key = bob.replica.show(issue.id()).key();

    String listed = run("conflicts").out();
    assertThat(listed)
        .contains("refused by the server")
        .contains("issue.create")
        .contains("tern conflicts move " + key + " --team TEAM")
        .contains("tern conflicts discard " + key);
    assertThat(run("ls").out()).contains("(refused: tern conflicts)");
    assertThat(run("show", key).out())
        .contains("refused by the server: forbidden_team")
        .contains("tern conflicts move " + key + " --team TEAM");
    assertThat(run("conflicts", "move", issue.id(), "--team", "OPS").code()).isNotZero();
    Run moved = run("conflicts", "move", issue.id(), "--team", "ENG");
    assertThat(moved.code()).as(moved.err()).isZero();
    assertThat(moved.out()).contains("to team ENG");
    assertThat(bob.sync().rejected()).isZero();
    assertThat(run("conflicts").out()).doesNotContain("refused");
    assertThat(run("ls").out()).doesNotContain("refused");
    assertThat(run("show", issue.id()).out()).doesNotContain("refused");
  }

  record Run(int code, String out, String err) {}

  /** `tern --profile bob ARGS` in this process, on bob's store file. */
  Run run(String... args) {
    var env = java.util.Map.of("TERN_HOME", dir.toString(), "USER", "bob");
    var out = new java.io.ByteArrayOutputStream();
    var err = new java.io.ByteArrayOutputStream();
    var outStream = new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8);
    var errStream = new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8);
    String[] full = new String[args.length + 2];
    full[0] = "--profile";
    full[1] = "bob";
    System.arraycopy(args, 0, full, 2, args.length);
    int code;
    try (var session =
        new dev.tern.cli.Session(
            env,
            new dev.tern.cli.view.Terminal(outStream, errStream, false, env),
            new java.io.ByteArrayInputStream(new byte[0]),
            java.time.ZoneOffset.UTC)) {
      code = dev.tern.cli.Tern.commandLine(session).execute(full);
    }
    return new Run(
        code,
        out.toString(java.nio.charset.StandardCharsets.UTF_8),
        err.toString(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Test
  void aDiscardedRefusedCreateLeavesTheViewOnlyThen() {
    Issue issue = refusedCreate("Give up");
    bob.login("ENG");
    bob.sync();
    assertThat(bob.replica.show(issue.id())).isNotNull();

    assertThat(bob.replica.discardRejected(issue.id())).isEqualTo(2);
    assertThatThrownBy(() -> bob.replica.show(issue.id())).isInstanceOf(NotFoundException.class);
    assertThat(bob.replica.status().rejected()).isZero();
    assertThat(bob.replica.rejections()).isEmpty();
    bob.sync();
    assertThat(bob.replica.list(Replicas.EVERYTHING)).isEmpty();
  }
}
