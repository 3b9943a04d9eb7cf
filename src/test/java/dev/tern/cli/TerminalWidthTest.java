package dev.tern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.Main;
import dev.tern.cli.view.Text;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The table fits the terminal it runs in: the width comes from the terminal itself (tmux, with
 * {@code $COLUMNS} unset, as shells leave it), wide characters count two columns, and on a narrow
 * terminal columns shrink and drop rather than rows wrapping.
 */
class TerminalWidthTest {
  private static final String CJK = "漢字のタイトルがとても長い場合でも揃うべきです、まだ続きます";
  private static final String EMOJI = "Emoji 🎉🎉 party with a title long enough to be cut short";

  @TempDir Path home;

  @Test
  void displayWidthCountsWideCharactersTwice() {
    assertThat(Text.width("abc")).isEqualTo(3);
    assertThat(Text.width("漢字")).isEqualTo(4);
    assertThat(Text.width("🎉")).isEqualTo(2);
    assertThat(Text.width("e\u0301")).isEqualTo(1);
  }

  @Test
  void showWrapsTheDescriptionToTheWidth() throws Exception {
    Cli cli = new Cli(home);
    String description = "word ".repeat(30) + "漢字".repeat(30);
    String key = cli.ok("new", "wrapped", "-d", description).strip();
    java.util.Map<String, String> env =
        java.util.Map.of("TERN_HOME", home.toString(), "USER", "alice", "COLUMNS", "40");
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.PrintStream print = new java.io.PrintStream(out, true, StandardCharsets.UTF_8);
    try (Session session =
        new Session(
            env,
            new dev.tern.cli.view.Terminal(
                print, print, true, java.util.Map.of("COLUMNS", "40", "NO_COLOR", "1")),
            java.io.InputStream.nullInputStream(),
            java.time.ZoneOffset.UTC)) {
      assertThat(Tern.commandLine(session).execute("show", key)).isZero();
    }
    String shown = out.toString(StandardCharsets.UTF_8);
    assertThat(shown).contains("word word");
    for (String line : shown.split("\n")) {
      if (line.startsWith("word") || line.startsWith("漢")) {
        assertThat(Text.width(line)).as(line).isLessThanOrEqualTo(40);
      }
    }
    assertThat(shown.lines().filter(line -> line.startsWith("漢")).count()).isGreaterThan(1);
  }

  @ParameterizedTest
  @ValueSource(ints = {60, 160})
  void theTableFitsTheTerminalInTmux(int columns) throws Exception {
    Assumptions.assumeTrue(TmuxPane.installed(), "tmux is not installed");
    Cli cli = new Cli(home);
    cli.ok("new", CJK, "--label", "backend,bug,ui", "--assignee", "someone-with-a-long-name");
    cli.ok("new", EMOJI, "--priority", "urgent");
    cli.ok("new", "plain ascii");

    Path script = home.resolve("run.sh");
    Path done = home.resolve("done");
    Files.writeString(
        script,
        "unset COLUMNS LINES\n"
            + "export TERN_HOME='"
            + home
            + "' USER=alice NO_COLOR=1 TERM=xterm\n"
            + "'"
            + Path.of(System.getProperty("java.home"), "bin", "java")
            + "' -cp '"
            + System.getProperty("java.class.path")
            + "' "
            + Main.class.getName()
            + " ls\n"
            + "touch '"
            + done
            + "'\nsleep 30\n");
    try (TmuxPane pane = TmuxPane.start(columns, 20, "bash " + script)) {
      for (int wait = 0; wait < 300 && !Files.exists(done); wait++) {
        Thread.sleep(100);
      }
      assertThat(done).as("tern ls finished in tmux").exists();
      String screen = pane.screen();
      List<String> lines = new ArrayList<>();
      for (String line : screen.split("\n")) {
        if (!line.isBlank()) {
          lines.add(line.stripTrailing());
        }
      }
      assertThat(lines).as(screen).hasSize(4); // header and three rows: nothing wrapped
      int titleColumn = -1;
      for (String line : lines) {
        assertThat(Text.width(line)).as(line).isLessThanOrEqualTo(columns);
        String lead = line.startsWith("KEY") ? "TITLE" : null;
        int at =
            lead != null ? Text.width(line.substring(0, line.indexOf(lead))) : titleStart(line);
        if (titleColumn < 0) {
          titleColumn = at;
        }
        assertThat(at).as("title column aligned in %s", line).isEqualTo(titleColumn);
      }
      if (columns >= 160) {
        assertThat(screen).contains(CJK).contains(EMOJI).contains("someone-with-a-long-name");
      } else {
        assertThat(screen).contains("…").doesNotContain("someone-with-a-long-name");
      }
    }
  }

  /** The display column where a row's title starts: after the last run of two spaces. */
  private static int titleStart(String line) {
    for (String title : List.of("漢字", "Emoji", "plain")) {
      int index = line.indexOf(title);
      if (index >= 0) {
        return Text.width(line.substring(0, index));
      }
    }
    throw new AssertionError("no title in " + line);
  }
}
