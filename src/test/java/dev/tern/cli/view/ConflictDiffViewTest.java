package dev.tern.cli.view;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.model.Conflict;
import dev.tern.op.Hlc;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Golden files for {@code tern conflicts show}: a short field and a fifteen-paragraph description
 * whose seventh paragraph collided, at 80 and 160 columns, coloured and plain. To accept a
 * deliberate change: {@code mvn -o test -Dtest=ConflictDiffViewTest -Dgolden.update=true}, then
 * review the diff of {@code src/test/resources/golden/conflicts/}.
 */
class ConflictDiffViewTest {
  private static final Path GOLDEN = Path.of("src", "test", "resources", "golden", "conflicts");
  private static final boolean UPDATE = Boolean.getBoolean("golden.update");
  private static final long NOON = 1_780_000_000_000L;

  private final List<String> failures = new ArrayList<>();

  static Conflict title() {
    return conflict(
        "title",
        "Crash on start when the cache is empty",
        "Crash on launch when the cache is empty",
        "Crash on start when the cache directory is missing (macOS)");
  }

  static List<String> paragraphs() {
    return IntStream.rangeClosed(1, 15)
        .mapToObj(
            number ->
                "Paragraph "
                    + number
                    + ": the importer reads each row, checks it against the schema and writes it"
                    + " to the store in one transaction, so a crash leaves nothing half done.")
        .collect(Collectors.toCollection(ArrayList::new));
  }

  static Conflict description() {
    List<String> base = paragraphs();
    List<String> theirs = paragraphs();
    theirs.set(6, "Paragraph 7: rows are batched by 500 now; a crash loses at most one batch.");
    List<String> mine = paragraphs();
    mine.set(6, "Paragraph 7: the importer streams rows and never holds the file in memory.");
    mine.add(7, "A new paragraph of mine, after seven.");
    return conflict(
        "description", String.join("\n", base), String.join("\n", theirs), String.join("\n", mine));
  }

  private static Conflict conflict(String field, String base, String theirs, String mine) {
    return new Conflict(
        "c0ffee00-0000-4000-8000-000000000000",
        42,
        "0123abcd-0000-4000-8000-000000000000",
        field,
        base,
        theirs,
        mine,
        "alice",
        new Hlc(NOON, 0, "a").encode(),
        new Hlc(NOON + 300_000, 0, "b").encode(),
        null,
        Conflict.Status.OPEN,
        NOON);
  }

  static String render(Conflict conflict, int columns, boolean color) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream stream = new PrintStream(out, true, StandardCharsets.UTF_8);
    Map<String, String> env = new HashMap<>();
    env.put("COLUMNS", String.valueOf(columns));
    env.put("TERM", "xterm-256color");
    if (!color) {
      env.put("NO_COLOR", "1");
    }
    Terminal terminal = new Terminal(stream, stream, true, env);
    new ConflictDiffView(new Output(terminal, ZoneOffset.UTC, false))
        .show(conflict, "ENG-7", "Importer crashes on big files", "bob");
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void conflictsShowMatchesTheGoldenFiles() throws IOException {
    for (int columns : new int[] {80, 160}) {
      for (boolean color : new boolean[] {false, true}) {
        String suffix = columns + (color ? "-color" : "-plain") + ".txt";
        golden("title-" + suffix, render(title(), columns, color));
        golden("description-" + suffix, render(description(), columns, color));
      }
    }
    assertThat(failures).as("outputs differ from " + GOLDEN).isEmpty();
  }

  @Test
  void nothingIsCutAndPlainOutputHasNoEscapes() {
    for (int columns : new int[] {80, 160}) {
      String shown = render(description(), columns, false);
      assertThat(shown).doesNotContain("\u001b").doesNotContain("…");
      for (String line : shown.split("\n")) {
        assertThat(line.codePointCount(0, line.length())).as(line).isLessThanOrEqualTo(columns);
      }
      String joined = shown.replaceAll("\n[ +|-]*", "");
      assertThat(joined.replace(" ", ""))
          .contains("Paragraph7:rowsarebatchedby500now;acrashlosesatmostonebatch.".replace(" ", ""))
          .contains("Paragraph7:theimporterstreamsrowsandneverholdsthefileinmemory.")
          .contains("Anewparagraphofmine,afterseven.");
      assertThat(shown).contains("unchanged lines").doesNotContain("Paragraph 1:");
    }
    String wide = render(description(), 160, false);
    assertThat(wide).contains("theirs (kept)").contains(" | ");
    String narrow = render(description(), 80, false);
    assertThat(narrow)
        .contains("theirs (kept) against base:")
        .contains("mine (lost) against base:");
    assertThat(render(title(), 80, false))
        .contains("Crash on [-start-]{+launch+} when")
        .contains("{+directory +}")
        .contains("tern conflicts resolve c0ffee00");
  }

  @Test
  void pipedOutputIsPlainAndUnwrapped() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream stream = new PrintStream(out, true, StandardCharsets.UTF_8);
    Terminal terminal = new Terminal(stream, stream, false, Map.of("COLUMNS", "40"));
    new ConflictDiffView(new Output(terminal, ZoneOffset.UTC, false))
        .show(description(), "ENG-7", "Importer", "bob");
    String shown = out.toString(StandardCharsets.UTF_8);
    assertThat(shown)
        .doesNotContain("\u001b")
        .contains("+ Paragraph 7: rows are batched by 500 now; a crash loses at most one batch.");
  }

  private void golden(String name, String actual) throws IOException {
    Path file = GOLDEN.resolve(name);
    if (UPDATE) {
      Files.createDirectories(GOLDEN);
      Files.writeString(file, actual);
      return;
    }
    if (!Files.exists(file) || !Files.readString(file).equals(actual)) {
      failures.add(name);
    }
  }
}
