package dev.tern.cli.view;

import static dev.tern.cli.view.Text.cut;
import static dev.tern.cli.view.Text.printable;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.tern.cli.view.Terminal.Style;
import dev.tern.model.Conflict;
import dev.tern.model.Issue;
import dev.tern.op.Hlc;
import dev.tern.op.Op;
import dev.tern.replica.IssueJson;
import dev.tern.replica.LogEntry;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/** Conflicts: per lost edit, the issue and field, the base, their value (kept) and mine (lost). */
public final class ConflictView {
  private static final int SHORT_VALUE = 70;

  private final Output output;
  private final Terminal terminal;

  public ConflictView(Output output) {
    this.output = output;
    this.terminal = output.terminal();
  }

  /** Conflict records, three lines each under a heading line. */
  public void list(List<Conflict> conflicts, IssueKeys keys) throws IOException {
    if (output.json()) {
      Json.print(
          terminal,
          json -> {
            json.writeStartArray();
            Map<String, String> issueKeys =
                keys.of(conflicts.stream().map(Conflict::issueId).distinct().toList());
            for (Conflict conflict : conflicts) {
              write(json, conflict, issueKeys.get(conflict.issueId()));
            }
            json.writeEndArray();
          });
      return;
    }
    if (conflicts.isEmpty()) {
      terminal.err().println("no conflicts");
      return;
    }
    Map<String, String> issueKeys = keys.of(conflicts.stream().map(Conflict::issueId).toList());
    PrintStream out = terminal.out();
    for (Conflict conflict : conflicts) {
      out.println(
          terminal.style(Style.CYAN, printable(issueKeys.get(conflict.issueId()), false))
              + "  "
              + terminal.style(Style.BOLD, printable(conflict.field(), false))
              + "   conflict "
              + printable(ConflictDiffView.shortId(conflict.id()), false)
              + (conflict.status() == Conflict.Status.OPEN
                  ? ""
                  : terminal.style(Style.DIM, " (" + conflict.status().text() + ")")));
      out.println(
          "  base    " + shown(ConflictDiffView.readable(conflict.field(), conflict.base())));
      out.println(
          "  "
              + terminal.style(Style.GREEN, "theirs")
              + "  "
              + shown(ConflictDiffView.readable(conflict.field(), conflict.theirs()))
              + terminal.style(
                  Style.DIM,
                  "   ("
                      + printable(String.valueOf(conflict.theirActor()), false)
                      + when(conflict.theirStamp())
                      + ", kept)"));
      out.println(
          "  "
              + terminal.style(Style.RED, "mine")
              + "    "
              + shown(ConflictDiffView.readable(conflict.field(), conflict.mine()))
              + terminal.style(Style.DIM, "   (you" + when(conflict.myStamp()) + ", lost)"));
      out.println(
          terminal.style(
              Style.DIM,
              conflict.status() == Conflict.Status.OPEN
                  ? "  tern conflicts show "
                      + printable(ConflictDiffView.shortId(conflict.id()), false)
                      + " to see it whole; settle it: tern conflicts resolve "
                      + printable(ConflictDiffView.shortId(conflict.id()), false)
                      + " --mine | --theirs | --edit"
                  : "  tern conflicts show "
                      + printable(ConflictDiffView.shortId(conflict.id()), false)));
    }
    out.flush();
  }

  /**
   * One conflict whole ({@link ConflictDiffView}); {@code issue} is null when this replica no
   * longer holds it, {@code me} is this profile's user.
   */
  public void show(Conflict conflict, Issue issue, String me) throws IOException {
    if (output.json()) {
      Json.print(terminal, json -> write(json, conflict, issue == null ? null : issue.key()));
      return;
    }
    String key = issue == null ? conflict.issueId() : issue.key();
    new ConflictDiffView(output).show(conflict, key, issue == null ? null : issue.title(), me);
  }

  /**
   * Operations the server refused, each with its reason and the way out; nothing under {@code
   * --json} (the conflict list keeps its shape) and nothing when there are none.
   */
  public void rejections(List<LogEntry> rejected, IssueKeys keys) {
    if (output.json() || rejected.isEmpty()) {
      return;
    }
    Map<String, String> issueKeys = keys.of(rejected.stream().map(LogEntry::issue).toList());
    PrintStream out = terminal.out();
    out.println(terminal.style(Style.BOLD, "refused by the server") + " (kept here until you act)");
    String last = null;
    for (LogEntry entry : rejected) {
      String key = printable(issueKeys.get(entry.issue()), false);
      out.println(
          "  "
              + terminal.style(Style.CYAN, key)
              + "  "
              + printable(entry.op().kind().wireName(), false)
              + "  "
              + terminal.style(
                  Style.RED, printable(entry.note() == null ? "rejected" : entry.note(), false)));
      if (!entry.issue().equals(last)) {
        out.println(
            terminal.style(
                Style.DIM,
                "  way out: tern conflicts move "
                    + key
                    + " --team TEAM (one of yours), then tern sync; or tern conflicts discard "
                    + key));
      }
      last = entry.issue();
    }
    out.flush();
  }

  /** An issue sent again under another team. */
  public void moved(Issue issue) throws IOException {
    if (output.json()) {
      Json.print(
          terminal,
          json -> {
            json.writeStartObject();
            json.writeStringField("id", issue.id());
            json.writeStringField("team", issue.team());
            json.writeEndObject();
          });
      return;
    }
    terminal
        .out()
        .println(
            "moved "
                + printable(issue.key(), false)
                + " to team "
                + printable(issue.team(), false)
                + "; tern sync sends it");
    terminal.out().flush();
  }

  /** What the server refused of an issue, given up. */
  public void discarded(String reference, int count) throws IOException {
    if (output.json()) {
      Json.print(
          terminal,
          json -> {
            json.writeStartObject();
            json.writeNumberField("discarded", count);
            json.writeEndObject();
          });
      return;
    }
    terminal
        .out()
        .println(
            "discarded "
                + count
                + " refused operation"
                + (count == 1 ? "" : "s")
                + " of "
                + printable(reference, false));
    terminal.out().flush();
  }

  /** What settling a conflict did: the record, and the operation written (null when none). */
  public void settled(Conflict conflict, Op written, IssueKeys keys) throws IOException {
    if (output.json()) {
      Json.print(
          terminal,
          json -> {
            json.writeStartObject();
            json.writeFieldName("conflict");
            write(json, conflict, keys.of(List.of(conflict.issueId())).get(conflict.issueId()));
            json.writeStringField("op", written == null ? null : written.id());
            json.writeEndObject();
          });
      return;
    }
    String key = keys.of(List.of(conflict.issueId())).get(conflict.issueId());
    terminal
        .out()
        .println(
            "conflict "
                + printable(ConflictDiffView.shortId(conflict.id()), false)
                + " on "
                + printable(key, false)
                + " "
                + printable(conflict.field(), false)
                + (written == null ? " closed; nothing written" : " settled by a new edit")
                + (written == null ? "" : " (tern undo reverses it; tern sync sends it)"));
    terminal.out().flush();
  }

  /**
   * A conflict in the vocabulary of docs/json.md: the value kept on the server and the one that
   * lost, each as a change from the shared base; {@code actor} is who made the kept one.
   */
  private static void write(JsonGenerator json, Conflict conflict, String key) throws IOException {
    json.writeStartObject();
    json.writeStringField("id", conflict.id());
    json.writeStringField("issue", conflict.issueId());
    json.writeStringField("key", key);
    json.writeNumberField("syncId", conflict.syncId());
    json.writeStringField("status", conflict.status().text());
    json.writeStringField("actor", conflict.theirActor());
    json.writeFieldName("kept");
    Json.change(json, conflict.field(), conflict.base(), conflict.theirs());
    json.writeStringField("keptAt", stampTime(conflict.theirStamp()));
    json.writeFieldName("lost");
    Json.change(json, conflict.field(), conflict.base(), conflict.mine());
    json.writeStringField("lostAt", stampTime(conflict.myStamp()));
    json.writeStringField("receivedAt", IssueJson.time(conflict.createdAt()));
    json.writeEndObject();
  }

  /** The wall-clock time in a clock stamp, as JSON writes times; null when unreadable. */
  private static String stampTime(String stamp) {
    try {
      return stamp == null ? null : IssueJson.time(Hlc.decode(stamp).millis());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String shown(String value) {
    return value == null || value.isEmpty() ? "-" : cut(printable(value, false), SHORT_VALUE);
  }

  private String when(String stamp) {
    if (stamp == null) {
      return "";
    }
    try {
      // A stamp this version cannot read costs the line its time, not the whole list.
      return ", " + output.time(Hlc.decode(stamp).millis());
    } catch (IllegalArgumentException e) {
      return "";
    }
  }
}
