package dev.tern.cli;

import dev.tern.replica.IssueJson;
import dev.tern.replica.ReplicaStatus;
import java.io.PrintStream;
import java.util.Map;
import picocli.CommandLine.Command;

@Command(
    name = "status",
    description = "Profile, server, pending operations, conflicts, issue counts.")
final class StatusCommand extends TernCommand {
  @Override
  int run() throws Exception {
    ReplicaStatus status = replica().status();
    if (json()) {
      Json.print(
          terminal(),
          json -> {
            json.writeStartObject();
            json.writeStringField("profile", session().profile().name());
            json.writeStringField("store", status.store());
            json.writeStringField("clientId", status.clientId());
            json.writeStringField("user", status.user());
            json.writeStringField("team", status.defaultTeam());
            json.writeStringField("server", status.server());
            json.writeNumberField("cursor", status.cursor());
            json.writeStringField(
                "lastSync", status.lastSync() == null ? null : IssueJson.time(status.lastSync()));
            json.writeNumberField("pending", status.pending());
            json.writeNumberField("rejected", status.rejected());
            json.writeNumberField("conflicts", status.conflicts());
            json.writeNumberField("issues", status.issues());
            json.writeObjectFieldStart("byState");
            for (Map.Entry<String, Integer> entry : status.byState().entrySet()) {
              json.writeNumberField(entry.getKey(), entry.getValue());
            }
            json.writeEndObject();
            json.writeEndObject();
          });
      return ExitCode.OK;
    }
    PrintStream out = terminal().out();
    Render render = new Render(terminal(), session().zone());
    out.println("profile   " + session().profile().name() + "  (" + status.store() + ")");
    out.println("user      " + status.user() + "   team " + status.defaultTeam());
    out.println(
        "server    "
            + (status.server() == null
                ? "none (offline only; `tern login URL --token T` to sync)"
                : status.server()
                    + "   cursor "
                    + status.cursor()
                    + "   last sync "
                    + (status.lastSync() == null ? "never" : render.time(status.lastSync()))));
    out.println(
        "pending   "
            + status.pending()
            + " operation"
            + (status.pending() == 1 ? "" : "s")
            + (status.rejected() > 0
                ? "   rejected " + status.rejected() + " (see tern log)"
                : ""));
    out.println(
        "conflicts " + status.conflicts() + (status.conflicts() > 0 ? "  (tern conflicts)" : ""));
    StringBuilder counts = new StringBuilder("issues    " + status.issues());
    status
        .byState()
        .forEach((state, count) -> counts.append("   ").append(state).append(' ').append(count));
    out.println(counts);
    out.flush();
    return ExitCode.OK;
  }
}
