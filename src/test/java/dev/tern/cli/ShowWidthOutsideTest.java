package dev.tern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.cli.view.Terminal;
import dev.tern.cli.view.Text;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Found as a new user in tmux at 80 columns: {@code tern show}'s "created … updated … id" line was
 * 94 columns, so the terminal broke the UUID across two lines (and a copy of it picked up
 * the break). On a narrow terminal the id now gets a line of its own; every line fits.
 */
class ShowWidthOutsideTest {
  @TempDir Path home;

  @Test
  void atEightyColumnsEveryLineFitsAndTheIdIsWhole() throws Exception {
    Cli cli = new Cli(home);
    String id =
        cli.ok("new", "a title", "--priority", "high", "--label", "bug", "--json")
            .replaceAll("(?s).*\"id\":\"([0-9a-f-]{36})\".*", "$1");
    String shown = show(id, 80);
    for (String line : shown.split("\n")) {
      assertThat(Text.width(line)).as(line).isLessThanOrEqualTo(80);
    }
    assertThat(shown.lines().anyMatch(line -> line.contains(id))).as(shown).isTrue();
    assertThat(shown).contains("created ").contains("updated ");
  }

  @Test
  void onAWideTerminalTheLineStaysOne() throws Exception {
    Cli cli = new Cli(home);
    String id =
        cli.ok("new", "a title", "--json").replaceAll("(?s).*\"id\":\"([0-9a-f-]{36})\".*", "$1");
    String shown = show(id, 160);
    assertThat(shown.lines().filter(line -> line.startsWith("created ")).findFirst().orElseThrow())
        .contains("   id " + id);
  }

  private String show(String id, int columns) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
    Map<String, String> env =
        Map.of(
            "TERN_HOME",
            home.toString(),
            "USER",
            "alice",
            "COLUMNS",
            String.valueOf(columns),
            "NO_COLOR",
            "1");
    try (Session session =
        new Session(
            env,
            new Terminal(print, print, true, env),
            InputStream.nullInputStream(),
            ZoneOffset.UTC)) {
      assertThat(Tern.commandLine(session).execute("show", id, "--no-pager")).isZero();
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
