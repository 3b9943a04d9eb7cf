package dev.tern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.Main;
import dev.tern.server.ServerSettings;
import dev.tern.server.TernServer;
import dev.tern.server.store.JdbcServerStore;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tern conflicts show} in a real terminal (tmux), on a collision two real profiles made
 * through a server on loopback: the width comes from the terminal itself (no {@code $COLUMNS}), so
 * 80 columns gives the unified view and 160 the side-by-side one.
 */
class ConflictShowTerminalTest {
  @TempDir Path home;

  @Test
  void theDiffFollowsTheTerminalsOwnWidth() throws Exception {
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
        Cli alice = new Cli(home.resolve("alice"));
        alice.ok("login", url, "--token", store.addUser("alice", List.of("ENG")));
        Path bobHome = home.resolve("bob");
        Cli bob = new Cli(bobHome);
        bob.ok("login", url, "--token", store.addUser("bob", List.of("ENG")));

        String key = alice.ok("new", "Shared", "-d", "p1\n\np2 original\n\np3").strip();
        alice.ok("sync");
        bob.ok("sync");
        bob.ok("edit", key, "-d", "p1\n\np2 by bob\n\np3");
        alice.ok("edit", key, "-d", "p1\n\np2 by alice\n\np3");
        alice.ok("sync");
        bob.run("sync");
        Matcher id = Pattern.compile("conflict (\\S+)").matcher(bob.ok("conflicts"));
        assertThat(id.find()).as("bob's edit lost and is kept as a conflict").isTrue();

        String narrow = show(bobHome, id.group(1), 80);
        assertThat(narrow)
            .contains("theirs (kept) against base:")
            .contains("+ p2 by alice")
            .contains("+ p2 by bob")
            .doesNotContainPattern("p2 by alice +\\|");
        String wide = show(bobHome, id.group(1), 160);
        assertThat(wide).containsPattern("theirs \\(kept\\) +\\| mine \\(lost\\)");
        assertThat(wide).containsPattern("\\+ p2 by alice +\\| \\+ p2 by bob");
      } finally {
        server.shutdown();
      }
    }
  }

  /** The screen of {@code tern conflicts show ID} run in a tmux pane {@code columns} wide. */
  private String show(Path profileHome, String conflict, int columns) throws Exception {
    Path script = home.resolve("show-" + columns + ".sh");
    Path done = home.resolve("done-" + columns);
    Files.writeString(
        script,
        "export TERN_HOME='"
            + profileHome
            + "' USER=alice NO_COLOR=1 TERM=xterm\nunset TERN_PROFILE COLUMNS\n'"
            + Path.of(System.getProperty("java.home"), "bin", "java")
            + "' -XX:TieredStopAtLevel=1 -cp '"
            + System.getProperty("java.class.path")
            + "' "
            + Main.class.getName()
            + " conflicts show "
            + conflict
            + " --no-pager\ntouch '"
            + done
            + "'\nsleep 60\n");
    try (TmuxPane pane = TmuxPane.start(columns, 40, "bash " + script)) {
      for (int attempt = 0; attempt < 600 && !Files.exists(done); attempt++) {
        Thread.sleep(100);
      }
      assertThat(done).as("tern conflicts show finished").exists();
      return pane.screen();
    }
  }
}
