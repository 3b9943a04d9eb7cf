package dev.tern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Text in issues comes from other people (imports now, other team members through sync later).
 * Control characters in it must never reach the terminal raw: an ESC sequence could recolour, clear
 * or retitle the user's terminal, and a carriage return would overwrite a table row.
 */
class HostileTextTest {
  private static final String TITLE = "tab\there\rCR \u009b2J\u009d0;owned bell \u0085 c1";

  @TempDir Path home;

  @Test
  void tablesAndDetailsShowControlCharactersHarmlessly() throws Exception {
    Cli cli = new Cli(home);
    String key =
        cli.ok("new", TITLE, "-d", "line\n\u009b31mred\u009b0m", "--assignee", "ev\u009bil")
            .strip();
    cli.ok("comment", key, "see \u009b5mblink\u009b0m\r\nsecond line");
    for (String[] command :
        new String[][] {{"ls"}, {"show", key}, {"log"}, {"history", key}, {"undo"}}) {
      String out = cli.ok(command);
      assertThat(out.chars().filter(HostileTextTest::unsafe))
          .as("control characters in tern %s:%n%s", String.join(" ", command), out)
          .isEmpty();
    }
    String show = cli.ok("show", key);
    assertThat(show).contains("line\n").contains("red"); // the text itself is still there
    // --json carries the exact text; JSON escaping makes it safe.
    String json = cli.ok("show", key, "--json");
    assertThat(json.chars().filter(c -> c < 0x20 && c != '\n')).isEmpty();
    assertThat(new ObjectMapper().readTree(json).get("title").asText()).isEqualTo(TITLE);
  }

  private static boolean unsafe(int c) {
    return (c < 0x20 && c != '\n') || (c >= 0x7f && c <= 0x9f);
  }
}
