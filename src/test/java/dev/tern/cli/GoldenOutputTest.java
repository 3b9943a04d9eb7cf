package dev.tern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Golden files for the output scripts and people read: {@code --json} of every data command and the
 * main tables. Ids, times and clock stamps change from run to run, so they are replaced by
 * placeholders numbered in the order the operation log first names them.
 *
 * <p>To accept a deliberate change of output: {@code mvn -o test -Dtest=GoldenOutputTest
 * -Dgolden.update=true}, then review the diff of {@code src/test/resources/golden/}.
 */
class GoldenOutputTest {
  static final Path GOLDEN = Path.of("src", "test", "resources", "golden", "cli");
  private static final boolean UPDATE = Boolean.getBoolean("golden.update");

  private static final Pattern UUID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final Pattern ISO_TIME =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
  private static final Pattern TABLE_TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}");
  private static final Pattern STAMP = Pattern.compile("\\b[0-9a-f]{12}-[0-9a-f]{4}-");

  @TempDir Path home;

  private final List<String> failures = new ArrayList<>();

  @Test
  void outputMatchesTheGoldenFiles() throws Exception {
    Cli cli = new Cli(home);
    String imported =
        BadInputTest.issueLine("11111111-aaaa-4bbb-8ccc-000000000001", "Imported \"quoted\" ü")
            + BadInputTest.issueLine("22222222-aaaa-4bbb-8ccc-000000000002", "Second import");
    golden(cli, "import.json", imported, "import", "-", "--json");

    String crash =
        golden(
                cli,
                "new",
                "",
                "new",
                "Crash on start",
                "-d",
                "The app dies\nat boot.",
                "--priority",
                "urgent",
                "--label",
                "bug",
                "--label",
                "ui",
                "--assignee",
                "bob",
                "--estimate",
                "3")
            .strip();
    golden(cli, "new.json", "", "new", "Login form", "--json");
    golden(
        cli,
        "edit.json",
        "",
        "edit",
        crash,
        "--state",
        "in_progress",
        "--label",
        "+backend",
        "--label",
        "-ui",
        "--json");
    golden(cli, "edit", "", "edit", crash, "--title", "Crash on start (macOS)");
    golden(cli, "comment.json", "", "comment", crash, "Seen on 1.2 too.\nTwice.", "--json");
    golden(cli, "comment", "", "comment", "11111111", "Also here");
    golden(cli, "close", "", "close", "22222222");
    golden(cli, "show", "", "show", crash);
    golden(cli, "show.json", "", "show", crash, "--json");
    golden(cli, "ls", "", "ls");
    golden(cli, "ls-all", "", "ls", "--all", "--sort", "title");
    golden(cli, "ls.json", "", "ls", "--json");
    golden(cli, "log", "", "log");
    golden(cli, "log.json", "", "log", "--json", "--limit", "3");
    golden(cli, "history", "", "history", crash);
    golden(cli, "history.json", "", "history", crash, "--json");
    golden(cli, "status", "", "status");
    golden(cli, "status.json", "", "status", "--json");
    golden(cli, "undo.json", "", "undo", "--json");
    golden(cli, "redo.json", "", "redo", "--json");
    golden(cli, "undo", "", "undo");
    golden(cli, "export", "", "export");

    assertThat(failures)
        .as("outputs differ from src/test/resources/golden/cli (accept with -Dgolden.update=true)")
        .isEmpty();
  }

  @Test
  void aChangedOutputFailsTheComparison() throws IOException {
    if (UPDATE) {
      return;
    }
    Path file = GOLDEN.resolve("status.txt");
    assertThat(file).as("golden file present").exists();
    String expected = Files.readString(file);
    compare("status", expected);
    assertThat(failures).isEmpty();
    compare("status", expected.replace("pending", "waiting"));
    compare("status", expected + " ");
    assertThat(failures).hasSize(2);
    failures.clear();
  }

  @Test
  void theNormalisationNumbersIdsByFirstUseAndHidesTimes() {
    Map<String, String> names = new LinkedHashMap<>();
    names.put("0123abcd-0000-4000-8000-000000000000", "<issue1>");
    String text =
        "0123abcd 0123abcd-0000-4000-8000-000000000000 2026-11-28T16:19:37.106Z 2026-11-28 16:19"
            + " 01a222f47a12-0000-c";
    assertThat(normalise(text, names, Path.of("/nowhere")))
        .isEqualTo("<issue1.key> <issue1> <time> <time> <hlc>-c");
  }

  /** Runs a command and compares its normalised exit code, output and errors with a golden file. */
  private String golden(Cli cli, String name, String stdin, String... args) throws Exception {
    Thread.sleep(3); // distinct update times keep `ls` order stable
    Cli.Result result = cli.runWithInput(stdin, args);
    StringBuilder text = new StringBuilder();
    text.append("$ tern ").append(String.join(" ", args).replace("\n", "\\n")).append('\n');
    text.append("exit ").append(result.code()).append('\n');
    text.append("--- stdout\n").append(result.out());
    if (!result.out().isEmpty() && !result.out().endsWith("\n")) {
      text.append("\n(no newline at end)\n");
    }
    text.append("--- stderr\n").append(result.err());
    compare(name, normalise(text.toString(), names(home.resolve("default.db")), home));
    return result.out();
  }

  private void compare(String name, String actual) throws IOException {
    Path file = GOLDEN.resolve(name + ".txt");
    if (UPDATE) {
      Files.createDirectories(GOLDEN);
      Files.writeString(file, actual, StandardCharsets.UTF_8);
      return;
    }
    if (!Files.exists(file)) {
      failures.add(name + ": no golden file " + file + "; output was:\n" + actual);
      return;
    }
    String expected = Files.readString(file, StandardCharsets.UTF_8);
    if (!expected.equals(actual)) {
      failures.add(name + ":\n--- expected\n" + expected + "\n--- actual\n" + actual);
    }
  }

  /**
   * Placeholders for every id in the operation log, in log order: the client, then each entity
   * ({@code <issue1>}, {@code <comment1>}) and operation ({@code <op1>}) as first seen.
   */
  private static Map<String, String> names(Path store) throws Exception {
    Map<String, String> names = new LinkedHashMap<>();
    int[] counters = new int[3];
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + store);
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery("SELECT client_id, kind, entity, id FROM ops ORDER BY rowid")) {
      while (rows.next()) {
        names.putIfAbsent(rows.getString(1), "<client>");
        String kind = rows.getString(2).startsWith("issue") ? "issue" : "comment";
        if (!names.containsKey(rows.getString(3))) {
          int number = ++counters[kind.equals("issue") ? 0 : 1];
          names.put(rows.getString(3), "<" + kind + number + ">");
        }
        names.put(rows.getString(4), "<op" + ++counters[2] + ">");
      }
    }
    return names;
  }

  static String normalise(String text, Map<String, String> names, Path home) {
    String result = text.replace(home.toString(), "<home>");
    result = replaceAll(result, UUID, id -> names.getOrDefault(id, "<unknown-uuid>"));
    for (Map.Entry<String, String> entry : names.entrySet()) {
      String key = entry.getKey().substring(0, 8);
      String placeholder = entry.getValue();
      result =
          result.replaceAll(
              "(?<![0-9a-f])" + key + "(?![0-9a-f])",
              Matcher.quoteReplacement(
                  placeholder.substring(0, placeholder.length() - 1) + ".key>"));
    }
    result = ISO_TIME.matcher(result).replaceAll("<time>");
    result = TABLE_TIME.matcher(result).replaceAll("<time>");
    return STAMP.matcher(result).replaceAll("<hlc>-");
  }

  private static String replaceAll(
      String text, Pattern pattern, java.util.function.Function<String, String> replacement) {
    Matcher matcher = pattern.matcher(text);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      matcher.appendReplacement(out, Matcher.quoteReplacement(replacement.apply(matcher.group())));
    }
    matcher.appendTail(out);
    return out.toString();
  }

  @Test
  void theComparisonReportsAMissingGoldenFile() throws IOException {
    if (UPDATE) {
      return;
    }
    compare("no-such-golden", "x");
    assertThat(failures).singleElement().asString().contains("no golden file");
    failures.clear();
  }
}
