package dev.tern.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.cli.ExitCode;
import dev.tern.cli.Session;
import dev.tern.cli.Tern;
import dev.tern.cli.view.Terminal;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `tern login` and `tern sync` as a user runs them, against a real server. */
class SyncCommandTest {
  @TempDir Path dir;

  record Result(int code, String out, String err) {}

  Result tern(Path home, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Map<String, String> env = Map.of("TERN_HOME", home.toString(), "USER", "alice");
    Terminal terminal =
        new Terminal(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            false,
            env);
    try (Session session =
        new Session(env, terminal, new ByteArrayInputStream(new byte[0]), ZoneOffset.UTC)) {
      int code = Tern.commandLine(session).execute(args);
      return new Result(
          code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
  }

  @Test
  void loginSyncAndAnUnreachableServer() {
    Path home = dir.resolve("alice");
    SyncFixture fixture = new SyncFixture(dir);
    fixture.store.addTeam("ENG", "Engineering");
    String token = fixture.user("alice", "ENG");

    Result created = tern(home, "new", "Offline issue");
    assertThat(created.code()).isZero();
    String reference = created.out().strip();

    Result login = tern(home, "login", fixture.url(), "--token", token);
    assertThat(login.code()).as(login.err()).isZero();
    assertThat(login.out()).contains("as alice (team ENG)").contains("1 operation waits");

    Result sync = tern(home, "sync", "--json");
    assertThat(sync.code()).as(sync.err()).isZero();
    assertThat(sync.out()).contains("\"pushed\":1").contains("\"pending\":0");
    assertThat(tern(home, "show", reference).out()).startsWith("ENG-1  Offline issue");

    tern(home, "new", "Made while the server is down");
    fixture.close();
    Result down = tern(home, "sync");
    assertThat(down.code()).isEqualTo(ExitCode.UNREACHABLE);
    assertThat(down.err().strip().lines()).hasSize(1);
    assertThat(down.err()).startsWith("tern: cannot reach").contains("1 operation waits");
    assertThat(tern(home, "status", "--json").out()).contains("\"pending\":1");
  }

  @Test
  void aBadTokenIsRefusedInOneLine() {
    try (SyncFixture fixture = new SyncFixture(dir)) {
      Result login = tern(dir.resolve("mallory"), "login", fixture.url(), "--token", "forged");
      assertThat(login.code()).isEqualTo(ExitCode.FAILURE);
      assertThat(login.err().strip().lines()).hasSize(1);
      assertThat(login.err()).startsWith("tern: server refused");
    }
  }

  @Test
  void loginTakesSeveralNodesAndSyncUsesOneThatAnswers() throws Exception {
    Path home = dir.resolve("alice");
    try (SyncFixture fixture = new SyncFixture(dir)) {
      fixture.store.addTeam("ENG", "Engineering");
      String token = fixture.user("alice", "ENG");
      String dead;
      try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
        dead = "ws://127.0.0.1:" + free.getLocalPort();
      }
      Result login =
          tern(home, "login", "--server", dead, "--server", fixture.url(), "--token", token);
      assertThat(login.code()).as(login.err()).isZero();
      tern(home, "new", "Through the second node");
      Result sync = tern(home, "sync", "--json");
      assertThat(sync.code()).as(sync.err()).isZero();
      assertThat(sync.out()).contains("\"pushed\":1");
      assertThat(tern(home, "status", "--json").out()).contains(dead + "," + fixture.url());

      fixture.stop();
      Result down = tern(home, "sync");
      assertThat(down.code()).isEqualTo(ExitCode.UNREACHABLE);
      assertThat(down.err().strip().lines()).hasSize(1);
      assertThat(down.err()).contains("2 tried");
    }
  }

  @Test
  void syncWithoutLoginIsAUsageError() {
    Result sync = tern(dir.resolve("nobody"), "sync");
    assertThat(sync.code()).isEqualTo(ExitCode.USAGE);
    assertThat(sync.err()).contains("tern login");
  }
}
