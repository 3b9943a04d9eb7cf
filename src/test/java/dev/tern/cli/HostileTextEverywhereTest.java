package dev.tern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@link HostileTextTest} asks of tables and pages, asked of the other places data reaches the
 * terminal: label lines, error messages, and bidi controls anywhere.
 */
class HostileTextEverywhereTest {
  private static final String BIDI = "admin \u202esnoitpo\u202c \u2067isolate\u2069";

  @TempDir Path home;

  @Test
  void bidiControlsNeverReachTheTerminal() throws Exception {
    Cli cli = new Cli(home);
    // Bidi controls are refused in one-line fields (title, label, assignee) since the client keeps
    // the server's text rules; descriptions and comments may hold them, and printers neutralise
    // them.
    String key = cli.ok("new", "plain title", "-d", BIDI, "--label", "xy").strip();
    cli.ok("comment", key, BIDI);
    for (String[] command :
        new String[][] {
          {"ls"}, {"show", key}, {"log"}, {"history", key}, {"label", "add", key, "z"}
        }) {
      String out = cli.ok(command);
      assertThat(out.chars().filter(HostileTextEverywhereTest::unsafe))
          .as("bidi or control characters in tern %s:%n%s", String.join(" ", command), out)
          .isEmpty();
    }
    assertThat(cli.ok("show", key)).contains("admin \ufffdsnoitpo\ufffd");
  }

  @Test
  void oneLineFieldsRefuseBidiControlsInOneLine() {
    Cli.Result result = new Cli(home).run("new", BIDI);
    assertThat(result.code()).isEqualTo(ExitCode.USAGE);
    assertThat(result.err()).hasLineCount(1).contains("bidirectional control character");
    assertThat(result.err().chars().filter(HostileTextEverywhereTest::unsafe)).isEmpty();
  }

  @Test
  void errorMessagesShowHostileTextHarmlessly() {
    Cli.Result result = new Cli(home).run("show", "ENG-1\u001b[2J\u202e");
    assertThat(result.code()).isEqualTo(ExitCode.USAGE);
    assertThat(result.err().chars().filter(HostileTextEverywhereTest::unsafe))
        .as(result.err())
        .isEmpty();
    assertThat(result.err()).contains("ENG-1^[[2J\ufffd");
  }

  private static boolean unsafe(int c) {
    return (c < 0x20 && c != '\n')
        || (c >= 0x7f && c <= 0x9f)
        || (c >= 0x202a && c <= 0x202e)
        || (c >= 0x2066 && c <= 0x2069);
  }
}
