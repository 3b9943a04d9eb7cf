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
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A token need not appear on the command line (where `ps` and the shell's history show it): it can
 * come from standard input or TERN_TOKEN; and `tern logout` forgets it.
 */
class LoginTokenTest {
  @TempDir Path dir;

  record Result(int code, String out, String err) {}

  Result tern(Path home, Map<String, String> extraEnv, String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Map<String, String> env = new HashMap<>(extraEnv);
    env.put("TERN_HOME", home.toString());
    env.put("USER", "alice");
    Terminal terminal =
        new Terminal(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            false,
            env);
    try (Session session =
        new Session(
            env,
            terminal,
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            ZoneOffset.UTC)) {
      int code = Tern.commandLine(session).execute(args);
      return new Result(
          code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
  }

  @Test
  void aTokenFromStandardInputOrTheEnvironmentAndLogout() {
    try (SyncFixture fixture = new SyncFixture(dir)) {
      fixture.store.addTeam("ENG", "Engineering");
      String token = fixture.user("alice", "ENG");
      Path fromStdin = dir.resolve("stdin");
      Result piped =
          tern(fromStdin, Map.of(), token + "\n", "login", fixture.url(), "--token", "-");
      assertThat(piped.code()).as(piped.err()).isZero();
      assertThat(piped.out()).contains("as alice (team ENG)");

      Path fromEnv = dir.resolve("env");
      Result env = tern(fromEnv, Map.of("TERN_TOKEN", token), "", "login", fixture.url());
      assertThat(env.code()).as(env.err()).isZero();
      assertThat(tern(fromEnv, Map.of(), "", "sync").code()).isZero();

      Result none = tern(dir.resolve("none"), Map.of(), "", "login", fixture.url());
      assertThat(none.code()).isEqualTo(ExitCode.USAGE);
      assertThat(none.err().strip().lines()).hasSize(1);
      assertThat(none.err()).contains("TERN_TOKEN");

      tern(fromEnv, Map.of(), "", "new", "Made before logging out");
      Result out = tern(fromEnv, Map.of(), "", "logout");
      assertThat(out.code()).as(out.err()).isZero();
      assertThat(out.out()).contains("logged out of " + fixture.url()).contains("1 operation");
      Result sync = tern(fromEnv, Map.of(), "", "sync");
      assertThat(sync.code()).isEqualTo(ExitCode.USAGE);
      assertThat(sync.err()).contains("logged out").contains("tern login");
      assertThat(tern(fromEnv, Map.of(), "", "logout").code()).isEqualTo(ExitCode.USAGE);

      // Logging in again sends what waited.
      Result again = tern(fromEnv, Map.of(), token, "login", fixture.url(), "--token", "-");
      assertThat(again.code()).as(again.err()).isZero();
      Result synced = tern(fromEnv, Map.of(), "", "sync", "--json");
      assertThat(synced.out()).contains("\"pushed\":1");
    }
  }
}
