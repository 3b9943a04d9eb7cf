package dev.tern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.tern.model.Comment;
import dev.tern.model.Issue;
import dev.tern.model.Priority;
import dev.tern.model.State;
import dev.tern.replica.IssueJson;
import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tern import} then {@code tern export} gives back the very bytes it was given. */
class ImportExportTest {
  private static final int ISSUES = 10_000;
  private static final String[] NASTY = {
    "plain",
    "naïve café — Ünïcödé",
    "emoji 🐛🔥👩‍💻 and a flag 🇳🇿",
    "\"double\" and 'single' quotes",
    "back\\slash \\n not a newline \\u0041",
    "line one\nline two\r\nline three",
    "tab\there\tand\tthere",
    "控制 文字 テスト 한국어 עברית العربية",
    "no c1 controls (refused since the client keeps the server's text rules) and a\ttab",
    "<script>alert('x')</script> & ; DROP TABLE issues; --",
    "  leading and trailing spaces  ",
    "\u2028 line separator \u2029 paragraph"
  };

  @TempDir Path dir;

  @Test
  void tenThousandIssuesRoundTripByteForByte() throws Exception {
    byte[] canonical = canonicalExport(new Random(42));
    Path input = dir.resolve("issues.jsonl");
    Files.write(input, canonical);

    Cli first = new Cli(dir.resolve("first"));
    Cli.Result imported = first.run("import", input.toString(), "--json");
    assertThat(imported.err()).isEmpty();
    assertThat(imported.out()).startsWith("{\"issues\":" + ISSUES + ",");
    byte[] exported = exportBytes(first);
    assertSameBytes(exported, canonical);

    // And once more through a second profile, from the first one's export.
    Path again = dir.resolve("again.jsonl");
    Files.write(again, exported);
    Cli second = new Cli(dir.resolve("second"));
    assertThat(second.run("import", again.toString()).code()).isZero();
    assertSameBytes(exportBytes(second), canonical);

    // Importing the same file again skips every issue and changes nothing.
    assertThat(second.run("import", again.toString(), "--json").out())
        .startsWith("{\"issues\":0,\"comments\":0,\"skipped\":" + ISSUES);
    assertSameBytes(exportBytes(second), canonical);
  }

  @Test
  void anImportedCommentShowsWhoWroteItAndWhoPostedIt() throws Exception {
    String id = "0b7c9f3e-1111-4222-8333-944455556666";
    Path file = dir.resolve("one.jsonl");
    Files.writeString(
        file,
        "{\"id\":\""
            + id
            + "\",\"team\":\"LOCAL\",\"title\":\"Old\",\"creator\":\"carol\",\"createdAt\":\"2020-01-01T00:00:00Z\","
            + "\"updatedAt\":\"2020-01-01T00:00:00Z\",\"comments\":[{\"id\":\"0b7c9f3e-2222-4222-8333-944455556666\","
            + "\"author\":\"carol\",\"body\":\"hello\",\"createdAt\":\"2020-01-02T00:00:00Z\"}]}\n");
    Cli cli = new Cli(dir.resolve("credit"));
    cli.ok("import", file.toString());
    assertThat(cli.ok("show", id)).contains("carol (imported by alice)");
    assertThat(cli.ok("log")).contains("written by: carol").doesNotContain("author: carol");
    assertThat(cli.ok("export")).contains("\"author\":\"carol\"");
  }

  @Test
  void aBadLineNamesItselfAndNothingIsImported() throws Exception {
    Random random = new Random(7);
    List<Issue> issues = new ArrayList<>();
    for (int index = 0; index < 5; index++) {
      issues.add(issue(random, index, 1_600_000_000_000L + index * 1000L, null));
    }
    String good = new String(write(issues), StandardCharsets.UTF_8);
    String[] lines = good.split("\n");
    for (String bad :
        new String[] {
          "{not json",
          "{\"id\":\"x\"}",
          "[1,2]",
          lines[0].replaceFirst("\"state\":\"[a-z_]+\"", "\"state\":\"someday\"")
        }) {
      String file = lines[0] + "\n" + lines[1] + "\n\n" + bad + "\n" + lines[2] + "\n";
      Path path = dir.resolve("bad.jsonl");
      Files.writeString(path, file);
      Cli cli = new Cli(dir.resolve("bad"));
      Cli.Result result = cli.run("import", path.toString());
      assertThat(result.code()).as(bad).isEqualTo(ExitCode.USAGE);
      assertThat(result.err()).as(bad).startsWith("tern: line 4").hasLineCount(1);
      assertThat(cli.ok("export")).as(bad).isEmpty();
      assertThat(cli.ok("log")).as(bad).isEmpty();
    }
  }

  @Test
  void bytesThatAreNotUtf8NameTheirLineAndNothingIsImported() throws Exception {
    String[] lines =
        new String(
                write(List.of(issue(new Random(9), 0, 1_600_000_000_000L, null))),
                StandardCharsets.UTF_8)
            .split("\n");
    byte[] good = (lines[0] + "\n").getBytes(StandardCharsets.UTF_8);
    byte[] bad =
        "{\"id\":\"0b7c9f3e-1111-4222-8333-944455556666\",\"title\":\"caf"
            .getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    file.write(good);
    file.write(bad);
    file.write(new byte[] {(byte) 0xff, (byte) 0xfe});
    file.write("\"}\n".getBytes(StandardCharsets.UTF_8));
    Path path = dir.resolve("latin1.jsonl");
    Files.write(path, file.toByteArray());
    Cli cli = new Cli(dir.resolve("latin1"));
    Cli.Result result = cli.run("import", path.toString());
    assertThat(result.code()).isEqualTo(ExitCode.USAGE);
    assertThat(result.err()).startsWith("tern: line 2: not valid JSON").hasLineCount(1);
    assertThat(cli.ok("export")).isEmpty();
  }

  private static void assertSameBytes(byte[] actual, byte[] expected) {
    if (!java.util.Arrays.equals(actual, expected)) {
      int at = java.util.Arrays.mismatch(actual, expected);
      int from = Math.max(0, at - 200);
      throw new AssertionError(
          "exports differ at byte "
              + at
              + " (lengths "
              + actual.length
              + " and "
              + expected.length
              + ")\nactual:   "
              + new String(
                  actual, from, Math.min(400, actual.length - from), StandardCharsets.UTF_8)
              + "\nexpected: "
              + new String(
                  expected, from, Math.min(400, expected.length - from), StandardCharsets.UTF_8));
    }
  }

  private static byte[] exportBytes(Cli cli) {
    Cli.Result result = cli.run("export");
    assertThat(result.code()).isZero();
    assertThat(result.err()).isEmpty();
    return result.out().getBytes(StandardCharsets.UTF_8);
  }

  /** 10k issues in the export's own form and order (creation time, then id). */
  private static byte[] canonicalExport(Random random) throws Exception {
    List<Issue> issues = new ArrayList<>();
    long time = 1_600_000_000_000L;
    for (int index = 0; index < ISSUES; index++) {
      time += 1 + random.nextInt(5000);
      String parent =
          index > 0 && random.nextInt(10) == 0
              ? issues.get(random.nextInt(issues.size())).id()
              : null;
      issues.add(issue(random, index, time, parent));
    }
    return write(issues);
  }

  private static Issue issue(Random random, int index, long created, String parent) {
    String id = new UUID(random.nextLong(), random.nextLong()).toString();
    String description =
        index == 1234
            ? "0123456789abcdef\n".repeat(58_823) // 1 MB: just under the 1 MiB limit
            : random.nextInt(4) == 0 ? "" : nasty(random) + "\n" + nasty(random);
    List<Comment> comments = new ArrayList<>();
    int count = random.nextInt(10) == 0 ? 1 + random.nextInt(4) : 0;
    long at = created;
    for (int comment = 0; comment < count; comment++) {
      at += 1 + random.nextInt(100_000);
      comments.add(
          new Comment(
              new UUID(random.nextLong(), random.nextLong()).toString(),
              id,
              random.nextBoolean() ? "bob" : "ünï",
              null,
              nasty(random) + " #" + comment,
              at));
    }
    TreeSet<String> labels = new TreeSet<>();
    for (int label = random.nextInt(3); label > 0; label--) {
      labels.add(random.nextBoolean() ? "bug" : "ü-" + random.nextInt(5));
    }
    boolean numbered = random.nextInt(3) == 0;
    return new Issue(
        id,
        random.nextInt(5) == 0 ? "ENG" : "LOCAL",
        numbered ? (long) index + 1 : null,
        // A title is one line: no tabs or line breaks (docs/reliability.md, text rules).
        nasty(random).replaceAll("[\t\r\n]+", " ") + " " + index,
        description,
        State.values()[random.nextInt(State.values().length)],
        Priority.values()[random.nextInt(Priority.values().length)],
        random.nextBoolean() ? null : (random.nextBoolean() ? "carol" : "zoë 🦊"),
        labels,
        random.nextBoolean() ? null : (long) random.nextInt(20),
        parent,
        random.nextBoolean() ? "alice" : "dave",
        created,
        Math.max(created, at) + random.nextInt(1000),
        random.nextInt(20) == 0,
        comments);
  }

  private static String nasty(Random random) {
    return NASTY[random.nextInt(NASTY.length)];
  }

  private static byte[] write(List<Issue> issues) throws Exception {
    // One generator per line: JSONL is one JSON object per line and nothing else.
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Writer out = new OutputStreamWriter(bytes, StandardCharsets.UTF_8);
    for (Issue issue : issues) {
      JsonGenerator json = IssueJson.FACTORY.createGenerator(out);
      json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      IssueJson.write(json, issue, true);
      json.close();
      out.write('\n');
    }
    out.flush();
    return bytes.toByteArray();
  }
}
