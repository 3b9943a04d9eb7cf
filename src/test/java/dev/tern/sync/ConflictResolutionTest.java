package dev.tern.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.cli.Session;
import dev.tern.cli.Tern;
import dev.tern.cli.view.Terminal;
import dev.tern.model.Conflict;
import dev.tern.model.Issue;
import dev.tern.replica.IssueEdit;
import dev.tern.replica.NewIssue;
import dev.tern.sync.SyncFixture.Client;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Settling conflicts through the real command tree, on the profiles two replicas sync with a real
 * server on loopback: show, resolve --mine/--theirs/--edit, dismiss, and a later edit by the loser.
 */
class ConflictResolutionTest {
  @TempDir Path dir;
  SyncFixture fixture;
  Client alice;
  Client bob;
  final AtomicLong aliceClock = new AtomicLong(1_700_000_000_000L);
  final AtomicLong bobClock = new AtomicLong(1_700_000_000_000L);

  record Run(int code, String out, String err) {}

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

  /** `tern --profile bob ARGS`, in this process, on bob's store file. */
  Run bobRuns(Map<String, String> extraEnv, String... args) {
    Map<String, String> env = new HashMap<>(extraEnv);
    env.put("TERN_HOME", dir.toString());
    env.put("USER", "bob");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
    String[] full = new String[args.length + 2];
    full[0] = "--profile";
    full[1] = "bob";
    System.arraycopy(args, 0, full, 2, args.length);
    int code;
    try (Session session =
        new Session(
            env,
            new Terminal(outStream, errStream, false, env),
            new ByteArrayInputStream(new byte[0]),
            ZoneOffset.UTC)) {
      code = Tern.commandLine(session).execute(full);
    }
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  Run bobRuns(String... args) {
    return bobRuns(Map.of(), args);
  }

  /** Bob's edit loses to Alice's later one; returns bob's open conflict. */
  Conflict collide(Issue issue, IssueEdit bobs, IssueEdit alices) {
    bobClock.addAndGet(1_000);
    bob.replica.update(issue.id(), bobs);
    aliceClock.addAndGet(2_000);
    alice.replica.update(issue.id(), alices);
    alice.sync();
    bob.sync();
    alice.sync();
    List<Conflict> open = bob.replica.conflicts(true);
    assertThat(open).hasSize(1);
    return open.get(0);
  }

  Issue shared(NewIssue spec) {
    Issue issue = alice.replica.create(spec);
    alice.sync();
    bob.sync();
    return issue;
  }

  void assertConverged() {
    var server =
        Replicas.server(fixture.serverIssues(Set.of("ENG")), fixture.serverComments(Set.of("ENG")));
    for (Client client : List.of(alice, bob)) {
      assertThat(Replicas.view(client.replica)).as(client.name).isEqualTo(server);
    }
  }

  @Test
  void showThenResolveMineSyncsAndUndoOfTheResolutionSyncsBack() {
    Issue issue = shared(NewIssue.titled("Original"));
    Conflict conflict =
        collide(
            issue,
            IssueEdit.none().withTitle("Bob's title"),
            IssueEdit.none().withTitle("Alice's"));
    String id = conflict.id();

    Run shown = bobRuns("conflicts", "show", id);
    assertThat(shown.code()).as(shown.err()).isZero();
    assertThat(shown.out())
        .contains("field title")
        .contains("alice")
        .contains("{+Bob's title+}")
        .contains("tern conflicts resolve " + id);

    Run resolved = bobRuns("conflicts", "resolve", id, "--mine");
    assertThat(resolved.code()).as(resolved.err()).isZero();
    assertThat(bob.replica.status().conflicts()).isZero();
    assertThat(bobRuns("status").out()).contains("conflicts 0");
    assertThat(bobRuns("history", issue.id()).out()).contains("Bob's title");
    bob.sync();
    alice.sync();
    assertThat(alice.replica.show(issue.id()).title()).isEqualTo("Bob's title");
    assertThat(bob.replica.show(issue.id()).title()).isEqualTo("Bob's title");
    assertConverged();

    assertThat(bobRuns("undo").code()).isZero();
    bob.sync();
    alice.sync();
    assertThat(alice.replica.show(issue.id()).title()).isEqualTo("Alice's");
    assertConverged();
    assertThat(bobRuns("conflicts", "resolve", id, "--mine").code()).isNotZero();
  }

  @Test
  void resolveEditRefusesWhileMarkersRemainAndKeepsTheWinnersOtherLines() throws Exception {
    Issue issue =
        shared(
            new NewIssue(
                "Doc", "one\ntwo\nthree\nfour\nfive", null, null, null, null, null, null, null));
    Conflict conflict =
        collide(
            issue,
            IssueEdit.none().withDescription("one\ntwo\nthree\nfour\nFIVE by bob"),
            IssueEdit.none().withDescription("ONE by alice\ntwo\nthree\nfour\nfive alice"));
    String id = conflict.id();

    Path lazy = script("lazy.sh", "#!/bin/sh\nexit 0\n");
    Run refused = bobRuns(Map.of("EDITOR", lazy.toString()), "conflicts", "resolve", id, "--edit");
    assertThat(refused.code()).isNotZero();
    assertThat(refused.err()).contains("conflict marker");
    assertThat(bob.replica.conflicts(true)).hasSize(1);

    // Keeps my side of each marked block: deletes from <<<<<<< to ======= and the >>>>>>> line.
    Path keepMine =
        script(
            "mine.sh",
            "#!/bin/sh\nsed -i -e '/^<<<<<<< /,/^=======$/d' -e '/^>>>>>>> /d' \"$1\"\n");
    Run done = bobRuns(Map.of("VISUAL", keepMine.toString()), "conflicts", "resolve", id, "--edit");
    assertThat(done.code()).as(done.err()).isZero();
    bob.sync();
    alice.sync();
    assertThat(alice.replica.show(issue.id()).description())
        .isEqualTo("ONE by alice\ntwo\nthree\nfour\nFIVE by bob");
    assertThat(bob.replica.conflicts(true)).isEmpty();
    assertConverged();
  }

  @Test
  void aLaterEditOfTheFieldByTheLoserClosesTheConflictAndDismissClosesWithoutOne() {
    Issue issue = shared(NewIssue.titled("Original"));
    collide(issue, IssueEdit.none().withTitle("Bob's"), IssueEdit.none().withTitle("Alice's"));
    bob.replica.update(issue.id(), IssueEdit.none().withTitle("Bob's again"));
    assertThat(bob.replica.conflicts(true)).isEmpty();
    assertThat(bob.replica.status().conflicts()).isZero();
    bob.sync();
    alice.sync();

    Conflict second =
        collide(issue, IssueEdit.none().withTitle("Bob 2"), IssueEdit.none().withTitle("Alice 2"));
    int pending = bob.replica.sync().pendingCount();
    Run dismissed = bobRuns("conflicts", "dismiss", second.id());
    assertThat(dismissed.code()).as(dismissed.err()).isZero();
    assertThat(bob.replica.sync().pendingCount()).isEqualTo(pending);
    assertThat(bob.replica.status().conflicts()).isZero();
    assertThat(bobRuns("conflicts").out()).doesNotContain("Bob 2");
    assertThat(bobRuns("conflicts", "--all").out()).contains("Bob 2");
  }

  @Test
  void resolveTheirsWritesNothing() {
    Issue issue = shared(NewIssue.titled("Original"));
    Conflict conflict =
        collide(issue, IssueEdit.none().withTitle("Bob's"), IssueEdit.none().withTitle("Alice's"));
    Run kept = bobRuns("conflicts", "resolve", conflict.id(), "--theirs");
    assertThat(kept.code()).as(kept.err()).isZero();
    assertThat(bob.replica.sync().pendingCount()).isZero();
    assertThat(bob.replica.conflicts(true)).isEmpty();
    assertThat(bob.replica.show(issue.id()).title()).isEqualTo("Alice's");
  }

  @Test
  void undoRefusesOverSomeoneElsesNewerValueUnlessForced() {
    Issue issue = shared(NewIssue.titled("Original"));
    bob.replica.update(issue.id(), IssueEdit.none().withTitle("Bob's"));
    bob.sync();
    alice.sync();
    alice.replica.update(issue.id(), IssueEdit.none().withTitle("Alice's"));
    alice.sync();
    bob.sync();

    Run refused = bobRuns("undo");
    assertThat(refused.code()).isNotZero();
    assertThat(refused.err()).contains("not undone: title has changed since your edit");
    assertThat(bob.replica.show(issue.id()).title()).isEqualTo("Alice's");
    assertThat(bob.replica.sync().pendingCount()).isZero();

    Run forced = bobRuns("undo", "--force");
    assertThat(forced.code()).as(forced.err()).isZero();
    bob.sync();
    alice.sync();
    assertThat(alice.replica.show(issue.id()).title()).isEqualTo("Original");
    assertConverged();
  }

  @Test
  void undoOfAnEditThatLostACollisionIsRefused() {
    Issue issue = shared(NewIssue.titled("Original"));
    collide(issue, IssueEdit.none().withTitle("Bob's"), IssueEdit.none().withTitle("Alice's"));
    Run refused = bobRuns("undo");
    assertThat(refused.code()).isNotZero();
    assertThat(refused.err()).contains("a collision you lost");
    bob.sync();
    alice.sync();
    assertThat(alice.replica.show(issue.id()).title()).isEqualTo("Alice's");
  }

  @Test
  void anArchiveCollisionGivesTheEditorOneConflictAndUnarchiveSettlesIt() {
    Issue issue = shared(NewIssue.titled("Original"));
    alice.replica.update(issue.id(), IssueEdit.none().withArchived(true));
    alice.sync();
    bob.replica.update(issue.id(), IssueEdit.none().withTitle("Bob's"));
    bob.replica.update(issue.id(), IssueEdit.none().withDescription("More"));
    bob.sync();
    bob.replica.update(issue.id(), IssueEdit.none().withTitle("Bob's again"));
    bob.sync();
    alice.sync();
    aliceClock.addAndGet(5_000);
    alice.replica.update(issue.id(), IssueEdit.none().withTitle("Alice's, archived"));
    alice.sync();
    bob.sync();

    List<Conflict> open = bob.replica.conflicts(true);
    assertThat(open).hasSize(1);
    assertThat(open.get(0).field()).isEqualTo("archived");
    assertThat(open.get(0).theirActor()).isEqualTo("alice");
    assertThat(alice.replica.conflicts(false)).as("never about your own archive").isEmpty();

    Run restored = bobRuns("restore", issue.id());
    assertThat(restored.code()).as(restored.err()).isZero();
    assertThat(bob.replica.conflicts(true)).isEmpty();
    bob.sync();
    alice.sync();
    assertThat(alice.replica.show(issue.id()).archived()).isFalse();
    assertThat(bobRuns("unarchive", issue.id()).code()).isZero();
    assertConverged();
  }

  private Path script(String name, String text) throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    return file;
  }
}
