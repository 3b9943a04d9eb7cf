package dev.tern.cli.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.model.Conflict;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Found as a new user after a real collision on priority: {@code tern conflicts} printed "base 2,
 * theirs 1, mine 4" (the wire's levels) where {@code show}, {@code ls} and {@code log} say high,
 * urgent and low. Both conflict views now name priorities as everything else does.
 */
class ConflictPriorityOutsideTest {
  private static final String ISSUE = "0123abcd-0000-4000-8000-000000000000";
  private static final Conflict PRIORITY =
      new Conflict(
          "7/priority",
          7,
          ISSUE,
          "priority",
          "2",
          "1",
          "4",
          "alice",
          null,
          null,
          null,
          Conflict.Status.OPEN,
          0);

  @Test
  void theListNamesPriorities() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Terminal terminal = terminal(out);
    new ConflictView(new Output(terminal, ZoneOffset.UTC, false))
        .list(List.of(PRIORITY), ids -> Map.of(ISSUE, "ENG-1"));
    String shown = out.toString(StandardCharsets.UTF_8);
    assertThat(shown).contains("base    high").contains("theirs  urgent").contains("mine    low");
  }

  @Test
  void theWholeConflictNamesPriorities() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new ConflictDiffView(new Output(terminal(out), ZoneOffset.UTC, false))
        .show(PRIORITY, "ENG-1", "A title", "bob");
    String shown = out.toString(StandardCharsets.UTF_8);
    assertThat(shown).contains("high").contains("urgent").contains("low");
    assertThat(shown).doesNotContainPattern("(?m)^\\s*(base|theirs|mine)\\s+[0-4]\\s*$");
  }

  @Test
  void aValueThatIsNoPriorityIsShownAsItCame() throws Exception {
    Conflict odd =
        new Conflict(
            "8/priority",
            8,
            ISSUE,
            "priority",
            null,
            "sky",
            "3",
            "alice",
            null,
            null,
            null,
            Conflict.Status.OPEN,
            0);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new ConflictView(new Output(terminal(out), ZoneOffset.UTC, false))
        .list(List.of(odd), ids -> Map.of(ISSUE, "ENG-1"));
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("theirs  sky")
        .contains("mine    medium");
  }

  private static Terminal terminal(ByteArrayOutputStream out) {
    PrintStream stream = new PrintStream(out, true, StandardCharsets.UTF_8);
    return new Terminal(stream, stream, false, Map.of());
  }
}
