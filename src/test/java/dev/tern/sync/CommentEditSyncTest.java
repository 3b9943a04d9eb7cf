package dev.tern.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.cli.ExitCode;
import dev.tern.cli.Session;
import dev.tern.cli.Tern;
import dev.tern.cli.view.Terminal;
import dev.tern.model.Comment;
import dev.tern.model.Conflict;
import dev.tern.model.InvalidInputException;
import dev.tern.model.Issue;
import dev.tern.replica.NewIssue;
import dev.tern.sync.SyncFixture.Client;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tern comment edit}: an operation that syncs through a real server on loopback, between
 * profiles on real SQLite files. Alice has two devices (laptop, desktop) to collide with herself,
 * since only a comment's author may edit it.
 */
class CommentEditSyncTest {
  @TempDir Path dir;
  SyncFixture fixture;
  Client laptop;
  Client desktop;
  Client bob;
  final AtomicLong laptopClock = new AtomicLong(1_700_000_000_000L);
  final AtomicLong desktopClock = new AtomicLong(1_700_000_000_000L);

  record Run(int code, String out, String err) {}

  @BeforeEach
  void start() {
    fixture = new SyncFixture(dir);
    fixture.store.addTeam("ENG", "Engineering");
    String aliceToken = fixture.user("alice", "ENG");
    laptop = fixture.client("laptop", aliceToken, laptopClock::get);
    desktop = fixture.client("desktop", aliceToken, desktopClock::get);
    bob = fixture.client("bob", fixture.user("bob", "ENG"));
    laptop.login("ENG");
    desktop.login("ENG");
    bob.login("ENG");
  }

  @AfterEach
  void stop() {
    laptop.close();
    desktop.close();
    bob.close();
    fixture.close();
  }

  /** `tern --profile PROFILE ARGS`, in this process, on that profile's store file. */
  Run runs(String profile, String... args) {
    Map<String, String> env = Map.of("TERN_HOME", dir.toString(), "USER", profile);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String[] full = new String[args.length + 2];
    full[0] = "--profile";
    full[1] = profile;
    System.arraycopy(args, 0, full, 2, args.length);
    int code;
    try (Session session =
        new Session(
            env,
            new Terminal(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                false,
                env),
            new ByteArrayInputStream(new byte[0]),
            ZoneOffset.UTC)) {
      code = Tern.commandLine(session).execute(full);
    }
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** An issue with one comment by alice, synced to every profile. */
  Comment sharedComment(String body) {
    Issue issue = laptop.replica.create(NewIssue.titled("Login fails"));
    Comment comment = laptop.replica.comment(issue.id(), body);
    laptop.sync();
    desktop.sync();
    bob.sync();
    return comment;
  }

  Comment shown(Client client, Comment comment) {
    return client.replica.show(comment.issueId()).comments().stream()
        .filter(candidate -> candidate.id().equals(comment.id()))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aliceEditsHerCommentBobSeesItAndCannotEditItAndUndoSyncsBack() {
    Comment comment = sharedComment("first try");
    String shortId = comment.id().substring(0, 8);
    // Alice's own clients are the profiles "laptop" and "desktop"; run the CLI on the laptop's.
    laptop.close();
    Run edited = runs("laptop", "comment", "edit", shortId, "second try");
    assertThat(edited.code()).as(edited.err()).isZero();
    laptop = fixture.client("laptop", laptop.token, laptopClock::get);
    laptop.sync();
    bob.sync();

    assertThat(shown(bob, comment).body()).isEqualTo("second try");
    assertThat(shown(bob, comment).edited()).isTrue();
    String key = bob.replica.show(comment.issueId()).key();
    bob.close();
    assertThat(runs("bob", "show", key).out()).contains(shortId + "  (edited)");
    assertThat(runs("bob", "history", key).out()).contains("comment edited");
    assertThat(runs("bob", "show", key, "--json").out()).contains("\"edited\":true");

    // Bob may not edit it: refused offline, one line, usage exit code, nothing logged.
    Run refused = runs("bob", "comment", "edit", shortId, "bob's words");
    assertThat(refused.code()).isEqualTo(ExitCode.USAGE);
    assertThat(refused.err())
        .isEqualTo("tern: only the author of comment " + shortId + " (alice) may edit it\n");
    bob = fixture.client("bob", bob.token);
    assertThat(bob.replica.log(true, 0)).isEmpty();

    laptop.close();
    Run undone = runs("laptop", "undo");
    assertThat(undone.code()).as(undone.err()).isZero();
    laptop = fixture.client("laptop", laptop.token, laptopClock::get);
    laptop.sync();
    bob.sync();
    assertThat(shown(bob, comment).body()).isEqualTo("first try");
    assertThat(fixture.serverComments(Set.of("ENG")).get(comment.id()).body())
        .isEqualTo("first try");
  }

  @Test
  void concurrentEditsOfDifferentLinesMergeAndOfOneLineLeaveAConflictForTheEarlier() {
    Comment comment = sharedComment("steps:\n1. open\n2. log in");
    laptopClock.addAndGet(1_000);
    laptop.replica.editComment(comment.id(), "Steps:\n1. open\n2. log in");
    desktopClock.addAndGet(2_000);
    desktop.replica.editComment(comment.id(), "steps:\n1. open\n2. log in as admin");
    laptop.sync();
    desktop.sync();
    laptop.sync();
    assertThat(shown(laptop, comment).body()).isEqualTo("Steps:\n1. open\n2. log in as admin");
    assertThat(shown(desktop, comment).body()).isEqualTo("Steps:\n1. open\n2. log in as admin");
    assertThat(laptop.replica.conflicts(true)).isEmpty();

    // Both rewrite the same line: the desktop's later stamp wins, the laptop hears of it.
    laptopClock.addAndGet(5_000);
    laptop.replica.editComment(comment.id(), "Steps:\n1. open\n2. log in as root");
    desktopClock.addAndGet(9_000);
    desktop.replica.editComment(comment.id(), "Steps:\n1. open\n2. log in as guest");
    laptop.sync();
    desktop.sync();
    laptop.sync();
    String settled = "Steps:\n1. open\n2. log in as guest";
    assertThat(shown(laptop, comment).body()).isEqualTo(settled);
    assertThat(fixture.serverComments(Set.of("ENG")).get(comment.id()).body()).isEqualTo(settled);
    List<Conflict> open = laptop.replica.conflicts(true);
    assertThat(open).hasSize(1);
    assertThat(open.get(0).field()).isEqualTo("body");
    assertThat(open.get(0).mine()).isEqualTo("Steps:\n1. open\n2. log in as root");
    laptop.close();
    assertThat(runs("laptop", "conflicts").out()).contains("body");
    Run resolve = runs("laptop", "conflicts", "resolve", open.get(0).id(), "--mine");
    assertThat(resolve.code()).isEqualTo(ExitCode.USAGE);
    assertThat(resolve.err()).startsWith("tern: a comment's conflict is not resolved here yet");
    laptop = fixture.client("laptop", laptop.token, laptopClock::get);
    // Undoing the lost edit would overwrite the winner's text: refused unless forced.
    assertThatThrownBy(() -> laptop.replica.undo())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("changed since your edit");
    assertThat(shown(laptop, comment).body()).isEqualTo(settled);

    assertThatThrownBy(() -> bob.replica.editComment(comment.id(), "nope"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("only the author");
  }
}
