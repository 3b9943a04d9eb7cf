package dev.tern.cli;

import dev.tern.cli.Terminal.Style;
import dev.tern.model.Conflict;
import dev.tern.op.Hlc;
import dev.tern.replica.IssueJson;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Lists the edits of yours that lost a collision on the server, with both values. (The diff view
 * and {@code resolve} are their own piece of work; this is the plain list.)
 */
@Command(name = "conflicts", description = "List your edits that lost a collision on the server.")
final class ConflictsCommand extends TernCommand {
  @Option(names = "--all", description = "Resolved ones too.")
  boolean all;

  @Override
  int run() throws Exception {
    List<Conflict> conflicts = replica().conflicts(!all);
    if (json()) {
      Json.print(
          terminal(),
          json -> {
            json.writeStartArray();
            for (Conflict conflict : conflicts) {
              json.writeStartObject();
              json.writeStringField("id", conflict.id());
              json.writeNumberField("syncId", conflict.syncId());
              json.writeStringField("issue", conflict.issueId());
              json.writeStringField("field", conflict.field());
              json.writeStringField("base", conflict.base());
              json.writeStringField("mine", conflict.mine());
              json.writeStringField("theirs", conflict.theirs());
              json.writeStringField("theirActor", conflict.theirActor());
              json.writeStringField("theirStamp", conflict.theirStamp());
              json.writeStringField("myStamp", conflict.myStamp());
              json.writeStringField("status", conflict.status().text());
              json.writeStringField("receivedAt", IssueJson.time(conflict.createdAt()));
              json.writeEndObject();
            }
            json.writeEndArray();
          });
      return ExitCode.OK;
    }
    if (conflicts.isEmpty()) {
      terminal().err().println("no conflicts");
      return ExitCode.OK;
    }
    Map<String, String> keys = replica().keys(conflicts.stream().map(Conflict::issueId).toList());
    PrintStream out = terminal().out();
    Render render = new Render(terminal(), session().zone());
    for (Conflict conflict : conflicts) {
      out.println(
          terminal().style(Style.CYAN, keys.get(conflict.issueId()))
              + "  "
              + terminal().style(Style.BOLD, conflict.field())
              + "   conflict "
              + conflict.id());
      out.println("  base    " + shown(conflict.base()));
      out.println(
          "  "
              + terminal().style(Style.GREEN, "theirs")
              + "  "
              + shown(conflict.theirs())
              + terminal()
                  .style(
                      Style.DIM,
                      "   ("
                          + conflict.theirActor()
                          + when(render, conflict.theirStamp())
                          + ", kept)"));
      out.println(
          "  "
              + terminal().style(Style.RED, "mine")
              + "    "
              + shown(conflict.mine())
              + terminal()
                  .style(Style.DIM, "   (you" + when(render, conflict.myStamp()) + ", lost)"));
    }
    out.flush();
    return ExitCode.OK;
  }

  private static String shown(String value) {
    return value == null || value.isEmpty() ? "-" : Render.cut(value.replace("\n", "⏎"), 70);
  }

  private static String when(Render render, String stamp) {
    if (stamp == null) {
      return "";
    }
    try {
      return ", " + render.time(Hlc.decode(stamp).millis());
    } catch (IllegalArgumentException e) {
      return "";
    }
  }
}
