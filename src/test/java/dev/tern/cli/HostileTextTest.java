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
  // C0 and C1 controls are refused in titles and C1 in descriptions since the client keeps the
  // server's text rules (src/main/java/dev/tern/op/TextRules.java): what may still arrive is tabs
  // and carriage returns in descriptions and comments, and control characters in data stored
  // before the rules (src/test/java/dev/tern/cli/view/TextTest.java checks those).
  private static final String TITLE = "a title with [2J and ]0;owned but no controls";

  @TempDir Path home;

  @Test
  void controlCharactersAreRefusedWhereTheServerWouldRefuseThem() {
    Cli cli = new Cli(home);
    for (String[] command :
        new String[][] {
          {"new", "tab\there"},
          {"new", "c1 \u009b2J"},
          {"new", "ok", "-d", "red \u009b31m"},
          {"new", "ok", "--assignee", "ev\u009bil"}
        }) {
      Cli.Result result = cli.run(command);
      assertThat(result.code()).as(String.join(" ", command)).isEqualTo(ExitCode.USAGE);
      assertThat(result.err()).hasLineCount(1).contains("control character");
    }
    assertThat(cli.ok("export")).isEmpty();
  }

  @Test
  void tablesAndDetailsShowControlCharactersHarmlessly() throws Exception {
    Cli cli = new Cli(home);
    String key =
        cli.ok("new", TITLE, "-d", "line\n\tred\rCR over it", "--assignee", "evil").strip();
    cli.ok("comment", key, "see\tblink\r\nsecond line\rover");
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
