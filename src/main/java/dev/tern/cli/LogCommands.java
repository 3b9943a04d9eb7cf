package dev.tern.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.tern.model.InvalidInputException;
import dev.tern.op.Change;
import dev.tern.replica.IssueJson;
import dev.tern.replica.LogEntry;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The operation log, whole ({@code log}) or for one issue ({@code history}). */
final class LogCommands {
  private LogCommands() {}

  @Command(name = "log", description = "The operation log, newest first.")
  static final class Log extends TernCommand {
    @Option(names = "--pending", description = "Only operations not yet pushed to a server.")
    boolean pending;

    @Option(
        names = {"--limit", "-n"},
        paramLabel = "N",
        description = "At most N operations (default 20).")
    int limit = 20;

    @Override
    int run() throws Exception {
      if (limit < 1) {
        throw new InvalidInputException("--limit must be 1 or more");
      }
      print(this, replica().log(pending, limit));
      return ExitCode.OK;
    }
  }

  @Command(name = "history", description = "Every operation on one issue, oldest first.")
  static final class History extends TernCommand {
    @Parameters(paramLabel = "REF")
    String reference;

    @Override
    int run() throws Exception {
      print(this, replica().history(reference));
      return ExitCode.OK;
    }
  }

  static void print(TernCommand command, List<LogEntry> ops) throws IOException {
    Terminal terminal = command.terminal();
    if (command.json()) {
      Json.print(
          terminal,
          json -> {
            json.writeStartArray();
            for (LogEntry logged : ops) {
              write(json, logged);
            }
            json.writeEndArray();
          });
      return;
    }
    if (ops.isEmpty()) {
      terminal.err().println("no operations");
      return;
    }
    Map<String, String> keys = command.replica().keys(ops.stream().map(LogEntry::issue).toList());
    Render render = new Render(terminal, command.session().zone());
    for (LogEntry logged : ops) {
      render.opLine(logged, keys.get(logged.issue()));
    }
    terminal.out().flush();
  }

  static void write(JsonGenerator json, LogEntry logged) throws IOException {
    json.writeStartObject();
    json.writeStringField("id", logged.op().id());
    json.writeStringField("clientId", logged.op().clientId());
    json.writeNumberField("seq", logged.op().seq());
    json.writeStringField("stamp", logged.op().stamp().encode());
    json.writeStringField("time", IssueJson.time(logged.op().stamp().millis()));
    json.writeStringField("actor", logged.op().actor());
    json.writeStringField("kind", logged.op().kind().wireName());
    json.writeStringField("entity", logged.op().entity());
    json.writeStringField("issue", logged.issue());
    json.writeStringField("team", logged.op().team());
    json.writeStringField("status", logged.status().text());
    if (logged.syncId() == null) {
      json.writeNullField("syncId");
    } else {
      json.writeNumberField("syncId", logged.syncId());
    }
    json.writeStringField("outcome", logged.outcome());
    json.writeStringField("note", logged.note());
    json.writeObjectFieldStart("changes");
    for (Map.Entry<String, Change> entry : logged.op().changes().entrySet()) {
      json.writeObjectFieldStart(entry.getKey());
      json.writeStringField("value", entry.getValue().value());
      json.writeStringField("base", entry.getValue().base());
      json.writeEndObject();
    }
    json.writeEndObject();
    json.writeEndObject();
  }
}
