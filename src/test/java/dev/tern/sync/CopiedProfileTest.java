package dev.tern.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.cli.Session;
import dev.tern.cli.Tern;
import dev.tern.cli.view.Terminal;
import dev.tern.protocol.IssueState;
import dev.tern.replica.LogEntry;
import dev.tern.replica.NewIssue;
import dev.tern.replica.OpStatus;
import dev.tern.sync.SyncFixture.Client;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A profile file copied (or restored from a backup) and then used beside the original: both share
 * one client id and reuse its sequence numbers. Through the real `tern` command tree against a real
 * server on loopback, every edit made in either copy reaches the server exactly once, neither copy
 * jams, and `tern status` says what happened.
 */
class CopiedProfileTest {
  @TempDir Path dir;
  SyncFixture fixture;
  String bobToken;

  record Run(int code, String out, String err) {}

  @BeforeEach
  void start() {
    fixture = new SyncFixture(dir);
    fixture.store.addTeam("ENG", "Engineering");
    bobToken = fixture.user("bob", "ENG");
    try (Client bob = fixture.client("bob", bobToken)) {
      bob.login("ENG");
      bob.replica.create(NewIssue.titled("Before the copy"));
      bob.sync();
      bob.replica.create(NewIssue.titled("Pending at the copy"));
    }
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  Run tern(String profile, String... args) {
    Map<String, String> env = Map.of("TERN_HOME", dir.toString(), "USER", "bob");
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

  Run ok(String profile, String... args) {
    Run run = tern(profile, args);
    assertThat(run.code()).as(profile + " " + String.join(" ", args) + ": " + run.err()).isZero();
    return run;
  }

  /** The copy, taken while the profile is closed (a backup of the file). */
  void copy() throws Exception {
    Files.copy(dir.resolve("bob.db"), dir.resolve("laptop.db"));
  }

  List<String> serverTitles() {
    return fixture.serverIssues(Set.of("ENG")).values().stream().map(IssueState::title).toList();
  }

  @Test
  void bothCopiesEditAndSyncAndEveryEditIsOnTheServerOnce() throws Exception {
    copy();
    ok("bob", "new", "Original's first");
    ok("bob", "new", "Original's second");
    ok("laptop", "new", "Laptop's first");
    ok("laptop", "new", "Laptop's second");

    ok("bob", "sync");
    ok("laptop", "sync");
    ok("bob", "sync");

    assertThat(serverTitles())
        .containsExactlyInAnyOrder(
            "Before the copy",
            "Pending at the copy",
            "Original's first",
            "Original's second",
            "Laptop's first",
            "Laptop's second");
    assertThat(ok("laptop", "status").out()).contains("identity  renewed").contains("shared");
    assertThat(ok("laptop", "status").out()).contains("pending   0");
    assertThat(ok("bob", "status").out()).doesNotContain("identity");

    // Neither copy is jammed: further edits in both keep syncing.
    ok("laptop", "new", "Laptop later");
    ok("bob", "new", "Original later");
    ok("laptop", "sync");
    ok("bob", "sync");
    ok("laptop", "sync");
    assertThat(serverTitles()).hasSize(8).doesNotHaveDuplicates();
    assertThat(ok("bob", "ls").out()).contains("Laptop later");
    assertThat(ok("laptop", "ls").out()).contains("Original later");
    // The operation both copies held at the copy went out under the old id: the laptop, now
    // under a new one, still recognises it by op id when its delta comes, and confirms it.
    try (Client laptop = fixture.client("laptop", bobToken)) {
      assertThat(laptop.replica.log(false, 1000))
          .extracting(LogEntry::status)
          .doesNotContain(OpStatus.ACKED, OpStatus.PENDING);
    }
  }

  @Test
  void aCopyThatSyncsSecondWithNothingNewStillEditsAfterwards() throws Exception {
    copy();
    ok("bob", "new", "Original's first");
    ok("bob", "sync");
    // The laptop pulls the original's operations under its own client id, then writes.
    ok("laptop", "sync");
    ok("laptop", "new", "Laptop's first");
    ok("laptop", "sync");
    ok("bob", "sync");
    assertThat(serverTitles())
        .containsExactlyInAnyOrder(
            "Before the copy", "Pending at the copy", "Original's first", "Laptop's first");
    assertThat(ok("bob", "ls").out()).contains("Laptop's first");
    assertThat(ok("laptop", "status").out()).contains("identity  renewed");
  }

  @Test
  void aConnectionThatLearnsOfTheCopyByPullingReconnectsBeforePushing() throws Exception {
    copy();
    ok("bob", "new", "Original's first");
    ok("bob", "sync");
    try (Client laptop = fixture.client("laptop", bobToken)) {
      try (ServerConnection connection = laptop.connect()) {
        SyncRound round = laptop.round(connection);
        round.greet(laptop.token);
        // Pulls the original's operation under the shared id: the laptop takes a new one.
        round.run();
        laptop.replica.create(NewIssue.titled("Laptop on the old connection"));
        // That connection greeted with the old id; the push must wait for a new one.
        assertThatThrownBy(round::push).isInstanceOf(IdentityRenewed.class);
      }
      laptop.sync();
      assertThat(laptop.replica.status().rejected()).isZero();
      assertThat(laptop.replica.status().pending()).isZero();
    }
    assertThat(serverTitles())
        .containsExactlyInAnyOrder(
            "Before the copy",
            "Pending at the copy",
            "Original's first",
            "Laptop on the old connection");
  }
}
