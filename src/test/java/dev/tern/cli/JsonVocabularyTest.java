package dev.tern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rules of docs/json.md, checked over the {@code --json} output of every command that runs
 * without a server ({@code SyncCommandTest} and {@code WatcherTest} cover login, sync and watch):
 * {@code id} a UUID and {@code key} never one, one type per field, changes as {@code {field, from,
 * to}}, errors as {@code {"error": {"code", "message"}}} on stdout with the exit code, and no
 * silent cut.
 */
class JsonVocabularyTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Pattern UUID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  @TempDir Path home;

  private final List<String> problems = new ArrayList<>();

  @Test
  void everyCommandsJsonFollowsTheOneVocabulary() throws Exception {
    Cli cli = new Cli(home);
    String key =
        document(
                cli,
                "new",
                "Crash",
                "--priority",
                "high",
                "--label",
                "bug",
                "--estimate",
                "2",
                "--json")
            .get("key")
            .asText();
    String other = document(cli, "new", "Other", "--json").get("key").asText();
    document(cli, "edit", key, "--label", "+ui", "--priority", "urgent", "--json");
    document(cli, "edit", key, "--estimate", "-1", "--json");
    document(cli, "comment", key, "a comment", "--json");
    document(cli, "label", "add", key, "backend", "--json");
    document(cli, "close", other, "--json");
    document(cli, "reopen", other, "--json");
    document(cli, "archive", other, "--json");
    document(cli, "show", key, "--json");
    document(cli, "ls", "--all", "--json");
    document(cli, "log", "--json");
    document(cli, "history", key, "--json");
    document(cli, "status", "--json");
    JsonNode conflicts = document(cli, "conflicts", "--json");
    assertThat(conflicts).isEmpty();
    document(cli, "label", "ls", "--json");
    document(cli, "profile", "ls", "--json");
    document(cli, "undo", "--json");
    document(cli, "redo", "--json");
    String exported = cli.ok("export");
    for (String line : exported.split("\n")) {
      check("export", MAPPER.readTree(line));
    }

    JsonNode history = document(cli, "history", key, "--json");
    JsonNode create = history.get(0);
    assertThat(create.get("key").asText()).isEqualTo(key);
    assertThat(create.get("changes").isArray()).isTrue();
    boolean sawLabels = false;
    for (JsonNode change : history.get(1).get("changes")) {
      if (change.get("field").asText().equals("labels")) {
        sawLabels = true;
        assertThat(change.get("from").toString()).isEqualTo("[\"bug\"]");
        assertThat(change.get("to").toString()).isEqualTo("[\"bug\",\"ui\"]");
      }
      if (change.get("field").asText().equals("priority")) {
        assertThat(change.get("from").asInt()).isEqualTo(2);
        assertThat(change.get("to").asInt()).isEqualTo(1);
      }
    }
    assertThat(sawLabels).isTrue();
    assertThat(problems).isEmpty();
  }

  @Test
  void aConflictIsTheKeptAndTheLostChangeFromTheSameBase() throws Exception {
    Cli cli = new Cli(home);
    JsonNode issue = document(cli, "new", "Crash", "--priority", "high", "--json");
    String id = issue.get("id").asText();
    // The record a sync leaves when bob's priority beat ours, written to the real store.
    String conflictId = java.util.UUID.randomUUID().toString();
    try (dev.tern.store.LocalStore store =
            dev.tern.store.LocalStore.open(home.resolve("default.db"));
        dev.tern.store.StoreTxn txn = store.write()) {
      txn.conflicts()
          .insert(
              new dev.tern.model.Conflict(
                  conflictId,
                  7,
                  id,
                  "priority",
                  "2",
                  "1",
                  "4",
                  "bob",
                  new dev.tern.op.Hlc(1_764_467_554_123L, 0, "c1").encode(),
                  new dev.tern.op.Hlc(1_764_467_550_000L, 0, "c2").encode(),
                  java.util.UUID.randomUUID().toString(),
                  dev.tern.model.Conflict.Status.OPEN,
                  1_764_467_560_000L));
      txn.commit();
    }
    JsonNode listed = document(cli, "conflicts", "--json");
    assertThat(listed).hasSize(1);
    JsonNode conflict = listed.get(0);
    assertThat(conflict.get("id").asText()).isEqualTo(conflictId);
    assertThat(conflict.get("issue").asText()).isEqualTo(id);
    assertThat(conflict.get("key").asText()).isEqualTo(issue.get("key").asText());
    assertThat(conflict.get("actor").asText()).isEqualTo("bob");
    assertThat(conflict.get("kept").toString())
        .isEqualTo("{\"field\":\"priority\",\"from\":2,\"to\":1}");
    assertThat(conflict.get("lost").toString())
        .isEqualTo("{\"field\":\"priority\",\"from\":2,\"to\":4}");
    assertThat(conflict.get("keptAt").asText()).isEqualTo("2025-11-30T01:52:34.123Z");
    assertThat(conflict.get("status").asText()).isEqualTo("open");
    JsonNode shown = document(cli, "conflicts", "show", conflictId.substring(0, 8), "--json");
    assertThat(shown).isEqualTo(conflict);
    JsonNode dismissed = document(cli, "conflicts", "dismiss", conflictId, "--json");
    assertThat(dismissed.get("conflict").get("key").asText()).isEqualTo(issue.get("key").asText());
    assertThat(problems).isEmpty();
  }

  @Test
  void errorsUnderJsonAreDocumentsOnStdoutWithTheSameExitCode() throws Exception {
    Cli cli = new Cli(home);
    cli.ok("new", "one");
    expectError(cli.run("show", "NOPE-999", "--json"), ExitCode.NOT_FOUND);
    expectError(cli.run("ls", "--bogus", "--json"), ExitCode.USAGE);
    expectError(cli.run("--json", "ls", "--sort", "sideways"), ExitCode.USAGE);
    expectError(cli.run("new", "x", "--priority", "huge", "--json"), ExitCode.USAGE);

    Cli.Result batch =
        cli.runWithInput("new fine\nshow NOPE-1\nnew \"unclosed\n", "batch", "--json");
    String[] lines = batch.out().split("\n");
    assertThat(lines).hasSize(3);
    JsonNode missing = MAPPER.readTree(lines[1]).get("error");
    assertThat(missing.get("code").asInt()).isEqualTo(ExitCode.NOT_FOUND);
    assertThat(missing.get("message").asText()).contains("NOPE-1");
    assertThat(missing.get("line").asInt()).isEqualTo(2);
    JsonNode unclosed = MAPPER.readTree(lines[2]).get("error");
    assertThat(unclosed.get("code").asInt()).isEqualTo(ExitCode.USAGE);
    assertThat(unclosed.get("line").asInt()).isEqualTo(3);
    assertThat(unclosed.get("message").asText()).isNotBlank();
  }

  @Test
  void jsonIsNeverCutAndACutTableSaysSoDownAPipe() throws Exception {
    Cli cli = new Cli(home);
    StringBuilder script = new StringBuilder();
    for (int index = 0; index < 60; index++) {
      script.append("new \"issue ").append(index).append("\"\n");
    }
    assertThat(cli.runWithInput(script.toString(), "batch", "--atomic").code()).isZero();

    assertThat(document(cli, "ls", "--json").size()).isEqualTo(60);
    assertThat(document(cli, "log", "--json").size()).isEqualTo(60);
    assertThat(document(cli, "ls", "--json", "--limit", "7").size()).isEqualTo(7);

    Cli.Result table = cli.run("ls");
    assertThat(table.out().split("\n")).hasSize(51); // header and 50 rows
    assertThat(table.err()).contains("50 of 60 issues shown");
    Cli.Result log = cli.run("log");
    assertThat(log.out().split("\n")).hasSize(20);
    assertThat(log.err()).contains("newest 20 operations shown");
    assertThat(cli.run("ls", "--limit", "0").err()).isEmpty();
  }

  private void expectError(Cli.Result result, int code) throws Exception {
    assertThat(result.code()).isEqualTo(code);
    assertThat(result.err()).as("nothing on stderr under --json").isEmpty();
    JsonNode error = MAPPER.readTree(result.out()).get("error");
    assertThat(error).as("error document in %s", result.out()).isNotNull();
    assertThat(error.get("code").asInt()).isEqualTo(code);
    assertThat(error.get("message").asText()).isNotBlank();
  }

  /** Runs a command that must succeed with one JSON document, and checks it against the rules. */
  private JsonNode document(Cli cli, String... args) throws Exception {
    Cli.Result result = cli.run(args);
    assertThat(result.code()).as("tern %s: %s", String.join(" ", args), result.err()).isZero();
    String out = result.out().strip();
    assertThat(out).as("one line").doesNotContain("\n");
    JsonNode node = MAPPER.readTree(out);
    check(args[0], node);
    return node;
  }

  private void check(String where, JsonNode node) {
    if (node.isArray()) {
      node.forEach(element -> check(where, element));
      return;
    }
    if (!node.isObject()) {
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
      Map.Entry<String, JsonNode> field = fields.next();
      String name = field.getKey();
      JsonNode value = field.getValue();
      switch (name) {
        case "id", "issue", "entity", "parent", "clientId" -> {
          if (!value.isNull() && !(value.isTextual() && UUID.matcher(value.asText()).matches())) {
            problems.add(where + ": " + name + " is not a UUID: " + value);
          }
        }
        case "key" -> {
          if (!value.isTextual() || UUID.matcher(value.asText()).matches()) {
            problems.add(where + ": key is not a human key: " + value);
          }
        }
        case "priority" -> expect(where, name, value, value.isInt());
        case "estimate", "number", "syncId" ->
            expect(where, name, value, value.isNull() || value.isIntegralNumber());
        case "labels" -> expect(where, name, value, value.isArray());
        case "archived" -> expect(where, name, value, value.isBoolean());
        case "changes" -> {
          expect(where, name, value, value.isArray());
          for (JsonNode change : value) {
            change(where, change);
          }
        }
        case "kept", "lost" -> change(where, value);
        case "base", "value", "mine", "theirs", "theirActor", "exit" ->
            problems.add(where + ": word outside the vocabulary: " + name);
        case "error" ->
            expect(
                where,
                name,
                value,
                value.path("code").isInt() && value.path("message").isTextual());
        default -> check(where, value);
      }
    }
  }

  /** Checks one change: exactly field, from and to, each side in the field's own type. */
  private void change(String where, JsonNode change) {
    expect(
        where,
        "change",
        change,
        change.size() == 3 && change.has("field") && change.has("from") && change.has("to"));
    String changed = change.path("field").asText();
    for (String side : List.of("from", "to")) {
      JsonNode typed = change.path(side);
      if (typed.isNull()) {
        continue;
      }
      switch (changed) {
        case "priority" -> expect(where, "change priority", typed, typed.isInt());
        case "estimate" -> expect(where, "change estimate", typed, typed.isIntegralNumber());
        case "labels" -> expect(where, "change labels", typed, typed.isArray());
        case "archived", "deleted" -> expect(where, "change " + changed, typed, typed.isBoolean());
        default -> expect(where, "change " + changed, typed, typed.isTextual());
      }
    }
  }

  private void expect(String where, String name, JsonNode value, boolean ok) {
    if (!ok) {
      problems.add(where + ": " + name + " has the wrong type: " + value);
    }
  }
}
