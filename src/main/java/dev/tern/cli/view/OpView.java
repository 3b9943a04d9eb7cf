package dev.tern.cli.view;

import static dev.tern.cli.view.Text.cut;
import static dev.tern.cli.view.Text.pad;
import static dev.tern.cli.view.Text.printable;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.tern.cli.view.OpChanges.FieldChange;
import dev.tern.cli.view.Terminal.Style;
import dev.tern.model.Priority;
import dev.tern.op.Op;
import dev.tern.replica.IssueJson;
import dev.tern.replica.LogEntry;
import dev.tern.replica.OpStatus;
import dev.tern.replica.Replica.Reversal;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Operations: the lines of {@code log} and {@code history}, and what undo and redo did. */
public final class OpView {
  private static final int SHORT_VALUE = 40;

  private final Output output;
  private final Terminal terminal;

  public OpView(Output output) {
    this.output = output;
    this.terminal = output.terminal();
  }

  /** Operations from the log, one line each, in the order given. */
  public void list(List<LogEntry> ops, IssueKeys keys) throws IOException {
    Map<String, String> issueKeys = keys.of(ops.stream().map(LogEntry::issue).toList());
    if (output.json()) {
      Json.print(
          terminal,
          json -> {
            json.writeStartArray();
            for (LogEntry logged : ops) {
              write(json, logged, issueKeys.get(logged.issue()));
            }
            json.writeEndArray();
          });
      return;
    }
    if (ops.isEmpty()) {
      terminal.err().println("no operations");
      return;
    }
    for (LogEntry logged : ops) {
      line(logged, issueKeys.get(logged.issue()));
    }
    terminal.out().flush();
  }

  /** What an undo ({@code redo} false) or a redo did, or that there was nothing to reverse. */
  public void reversal(Optional<Reversal> reversal, boolean redo) throws IOException {
    if (reversal.isEmpty()) {
      if (output.json()) {
        Json.print(
            terminal,
            json -> {
              json.writeStartObject();
              json.writeNullField("reversed");
              json.writeEndObject();
            });
      } else {
        terminal.err().println(redo ? "nothing to redo" : "nothing to undo");
      }
      return;
    }
    Reversal done = reversal.get();
    if (output.json()) {
      Json.print(
          terminal,
          json -> {
            json.writeStartObject();
            json.writeFieldName("reversed");
            write(json, done.reversed(), done.issueKey());
            json.writeStringField("issue", done.reversed().issue());
            json.writeStringField("key", done.issueKey());
            json.writeStringField("operation", done.written() == null ? null : done.written().id());
            json.writeEndObject();
          });
      return;
    }
    // An undo names the action it reversed; a redo reverses an undo, so naming that undo would
    // claim the opposite of what happened: describe the operation the redo wrote instead.
    Op shown = redo && done.written() != null ? done.written() : done.reversed().op();
    OpChanges changes = OpChanges.of(shown);
    String what = changes.action().word + " " + printable(done.issueKey(), false);
    String detail = summary(changes);
    terminal
        .out()
        .println(
            (redo ? "redid" : "undid")
                + " "
                + what
                + (detail.isEmpty() ? "" : " (" + detail + ")")
                + (done.written() == null ? "; it was already reversed" : ""));
    terminal.out().flush();
  }

  /** One log line: sequence, time, actor, what, issue key, changes, status. */
  private void line(LogEntry logged, String key) {
    Op op = logged.op();
    OpChanges changes = OpChanges.of(op);
    String status = logged.status().text();
    if (logged.status() == OpStatus.REJECTED && logged.note() != null) {
      status += " (" + logged.note() + ")";
    }
    terminal
        .out()
        .println(
            String.format("%6d", op.seq())
                + "  "
                + terminal.style(Style.DIM, output.time(op.stamp().millis()))
                + "  "
                + pad(printable(op.actor(), false), 10)
                + "  "
                + pad(changes.action().word, 8)
                + "  "
                + terminal.style(Style.CYAN, pad(printable(key, false), 9))
                + "  "
                + summary(changes)
                + "  "
                + terminal.style(
                    statusStyle(logged.status()), "[" + printable(status, false) + "]"));
  }

  private static Style statusStyle(OpStatus status) {
    return switch (status) {
      case PENDING, ACKED -> Style.YELLOW;
      case REJECTED -> Style.RED;
      case SYNCED, REMOTE -> Style.DIM;
    };
  }

  /** The changes of an operation, short: {@code state: todo → done, title: "A" → "B"}. */
  private static String summary(OpChanges changes) {
    List<String> parts = new ArrayList<>();
    for (FieldChange change : changes.fields()) {
      String field = change.field();
      if (OpChanges.CREATED_AT.equals(field) || OpChanges.ISSUE.equals(field)) {
        continue;
      }
      // On the wire a comment's writer travels as "author" (the name older clients used); beside
      // the actor of the line that reads as the poster, so say what it is.
      String name = OpChanges.WRITTEN_BY.equals(field) ? "written by" : printable(field, false);
      if (changes.action().creates()) {
        parts.add(name + ": " + value(field, change.value()));
      } else if (OpChanges.DESCRIPTION.equals(field)) {
        parts.add("description changed");
      } else if (OpChanges.BODY.equals(field)) {
        parts.add("body: " + value(field, change.value()));
      } else {
        parts.add(name + ": " + value(field, change.base()) + " → " + value(field, change.value()));
      }
    }
    return String.join(", ", parts);
  }

  private static String value(String field, String value) {
    if (value == null || value.isEmpty()) {
      return "-";
    }
    if (OpChanges.PRIORITY.equals(field)) {
      return IssueView.priority(Priority.parse(value));
    }
    String oneLine = printable(value, false);
    boolean quoted =
        OpChanges.TITLE.equals(field)
            || OpChanges.BODY.equals(field)
            || OpChanges.DESCRIPTION.equals(field);
    String shown = cut(oneLine, SHORT_VALUE);
    return quoted ? "\"" + shown + "\"" : shown;
  }

  /** One logged operation in JSON, as {@code log --json} and {@code undo --json} print it. */
  private static void write(JsonGenerator json, LogEntry logged, String key) throws IOException {
    Op op = logged.op();
    json.writeStartObject();
    json.writeStringField("id", op.id());
    json.writeStringField("clientId", op.clientId());
    json.writeNumberField("seq", op.seq());
    json.writeStringField("stamp", op.stamp().encode());
    json.writeStringField("time", IssueJson.time(op.stamp().millis()));
    json.writeStringField("actor", op.actor());
    json.writeStringField("kind", op.kind().wireName());
    json.writeStringField("entity", op.entity());
    json.writeStringField("issue", logged.issue());
    json.writeStringField("key", key);
    json.writeStringField("team", op.team());
    json.writeStringField("status", logged.status().text());
    if (logged.syncId() == null) {
      json.writeNullField("syncId");
    } else {
      json.writeNumberField("syncId", logged.syncId());
    }
    json.writeStringField("outcome", logged.outcome());
    json.writeStringField("note", logged.note());
    json.writeArrayFieldStart("changes");
    for (FieldChange change : OpChanges.of(op).fields()) {
      Json.change(json, change.field(), change.base(), change.value());
    }
    json.writeEndArray();
    json.writeEndObject();
  }
}
