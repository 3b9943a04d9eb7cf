package dev.tern.cli.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.model.Conflict;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Both values of a conflict and the other side's name come from other people through the server:
 * none of their control or bidi characters may reach the terminal raw.
 */
class ConflictViewTest {
  private static final String ISSUE = "0123abcd-0000-4000-8000-000000000000";

  @Test
  void conflictLinesShowHostileTextHarmlessly() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream stream = new PrintStream(out, true, StandardCharsets.UTF_8);
    Terminal terminal = new Terminal(stream, stream, false, Map.of());
    Conflict conflict =
        new Conflict(
            "c0ffee00-0000-4000-8000-000000000000",
            7,
            ISSUE,
            "title",
            "base\ttext",
            "theirs \u001b]0;owned\u0007 \u202eevil",
            "mine\r\nsecond line",
            "mal\u009blory",
            null,
            null,
            null,
            dev.tern.model.Conflict.Status.OPEN,
            0);
    Map<String, String> keys = new HashMap<>();
    keys.put(ISSUE, "ENG-\u001b[2J1");

    new ConflictView(new Output(terminal, ZoneOffset.UTC, false))
        .list(List.of(conflict), ids -> keys);

    String shown = out.toString(StandardCharsets.UTF_8);
    assertThat(shown.chars().filter(ConflictViewTest::unsafe)).as(shown).isEmpty();
    assertThat(shown)
        .contains("ENG-^[[2J1")
        .contains("theirs ^[]0;owned^G \ufffdevil")
        .contains("mine^M⏎second line")
        .contains("(mal\ufffdlory, kept)");
  }

  private static boolean unsafe(int c) {
    return (c < 0x20 && c != '\n')
        || (c >= 0x7f && c <= 0x9f)
        || (c >= 0x202a && c <= 0x202e)
        || (c >= 0x2066 && c <= 0x2069);
  }
}
