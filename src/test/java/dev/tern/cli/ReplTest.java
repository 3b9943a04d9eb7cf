package dev.tern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.Main;
import dev.tern.server.ServerSettings;
import dev.tern.server.TernServer;
import dev.tern.server.store.JdbcServerStore;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tern repl} as a person uses it, in a real terminal (tmux): TAB completes option values and
 * issue references from the store, lines split as in {@code tern batch} ({@code !!} is not
 * history), {@code help} lists only what runs there; and with piped input it prints no JLine
 * warning.
 */
class ReplTest {
  private static final String PROMPT = "tern(default)> ";

  @TempDir Path home;
  private TmuxPane pane;

  @AfterEach
  void closeTerminal() throws Exception {
    if (pane != null) {
      pane.close();
    }
  }

  @Test
  void tabCompletesValuesAndReferencesAndLinesKeepTheirQuoting() throws Exception {
    Assumptions.assumeTrue(TmuxPane.installed(), "tmux is not installed");
    Cli cli = new Cli(home);
    String key = cli.ok("new", "Fix the frobnicator").strip();
    cli.ok("new", "Write the docs");
    startRepl();

    pane.type("edit --state ", "Tab");
    pane.await(screen -> screen.contains("in_progress") && screen.contains("backlog"));
    pane.type("C-u", "C-l");
    pane.type("show " + key.substring(0, 4), "Tab");
    pane.await(screen -> screen.contains(PROMPT + "show " + key));
    pane.type("C-u", "C-l");
    pane.type("show ", "Tab");
    pane.await(screen -> screen.contains(key + " (Fix the frobnicator)"));
    pane.type("C-u", "C-l");
    pane.type("new \"wow!!\"", "Enter");
    pane.type("new \"say \\\"hi\\\" \\\\o/\" --label it\\'s", "Enter");
    pane.type("help", "Enter");
    pane.await(screen -> screen.contains("completion") && screen.endsWith(PROMPT.strip()));
    String help = pane.screen();
    assertThat(help).doesNotContain(" batch ").doesNotContain(" repl ").doesNotContain(" watch ");
    pane.type("exit", "Enter");

    String titles = cli.ok("ls", "--json", "--sort", "created");
    assertThat(titles)
        .contains("\"title\":\"wow!!\"")
        .contains("\"title\":\"say \\\"hi\\\" \\\\o/\"")
        .contains("\"labels\":[\"it's\"]");
  }

  /**
   * {@code repl --watch}: another user's edit, synced through a real server on loopback, appears
   * above the prompt while a half-typed line stays as it was, and that line then runs.
   */
  @Test
  void watchPrintsLiveChangesAboveTheLineBeingTyped() throws Exception {
    Assumptions.assumeTrue(TmuxPane.installed(), "tmux is not installed");
    try (JdbcServerStore store = JdbcServerStore.openSqlite(home.resolve("server.db"))) {
      TernServer server =
          TernServer.start(
              store,
              ServerSettings.defaults()
                  .withAddress("127.0.0.1", 0)
                  .withLog(new PrintStream(OutputStream.nullOutputStream())));
      try {
        store.addTeam("ENG", "Engineering");
        String url = "ws://127.0.0.1:" + server.port();
        Cli alice = new Cli(home);
        alice.ok("login", url, "--token", store.addUser("alice", List.of("ENG")));
        Cli bob = new Cli(home.resolve("bob"));
        bob.ok("login", url, "--token", store.addUser("bob", List.of("ENG")));

        startRepl("--watch");
        // Only once the watcher holds its connection: an edit that lands while it connects comes
        // in with its catch-up, which prints as a count ("pulled 1"), not as a live change.
        pane.await(screen -> screen.contains("watching ws://"));
        pane.type("new \"half typed");
        pane.await(screen -> screen.endsWith(PROMPT + "new \"half typed"));
        bob.ok("new", "Live from bob");
        bob.ok("sync");
        pane.await(
            screen ->
                screen.contains("Live from bob") && screen.endsWith(PROMPT + "new \"half typed"));
        pane.type("\"", "Enter");
        pane.await(
            screen -> screen.lines().filter(line -> line.startsWith(PROMPT.strip())).count() >= 2);
        pane.type("exit", "Enter");
        assertThat(alice.ok("ls", "--json")).contains("\"title\":\"half typed\"");
      } finally {
        server.shutdown();
      }
    }
  }

  @Test
  void pipedInputRunsWithoutAJlineWarning() throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(
            java(), "-cp", System.getProperty("java.class.path"), Main.class.getName(), "repl");
    builder.environment().put("TERN_HOME", home.toString());
    builder.environment().put("USER", "alice");
    builder.environment().remove("TERN_PROFILE");
    Path err = home.resolve("err");
    builder.redirectError(err.toFile());
    Process process = builder.start();
    process.getOutputStream().write("new \"piped!!\"\nls\n".getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().close();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isZero();
    assertThat(out).contains("piped!!");
    assertThat(Files.readString(err)).isEmpty();
  }

  private void startRepl(String... options) throws Exception {
    Path script = home.resolve("repl.sh");
    Files.writeString(
        script,
        "export TERN_HOME='"
            + home
            + "' USER=alice NO_COLOR=1 TERM=xterm\nunset TERN_PROFILE\nexec '"
            + java()
            + "' -XX:TieredStopAtLevel=1 -cp '"
            + System.getProperty("java.class.path")
            + "' "
            + Main.class.getName()
            + " repl "
            + String.join(" ", options)
            + "\n");
    pane = TmuxPane.start(120, 30, "bash " + script);
    pane.await(screen -> screen.contains(PROMPT.strip()));
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
