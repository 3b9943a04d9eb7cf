package dev.tern.cli.view;

import static dev.tern.cli.view.Text.printable;

import dev.tern.replica.IssueJson;
import dev.tern.replica.ReplicaStatus;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Map;

/** {@code tern status}: the profile, its server, what waits, conflicts and issue counts. */
public final class StatusView {
  private final Output output;
  private final Terminal terminal;

  public StatusView(Output output) {
    this.output = output;
    this.terminal = output.terminal();
  }

  /**
   * One profile as {@code tern profile ls} shows it: its status, or why its store could not be read
   * ({@code error}, with {@code status} null).
   */
  public record ProfileLine(String name, boolean current, ReplicaStatus status, String error) {}

  /** Every profile: name (the current one marked), user, team, server, issues, pending. */
  public void profiles(java.util.List<ProfileLine> profiles) throws IOException {
    if (output.json()) {
      Json.print(
          terminal,
          json -> {
            json.writeStartArray();
            for (ProfileLine line : profiles) {
              json.writeStartObject();
              json.writeStringField("profile", line.name());
              json.writeBooleanField("current", line.current());
              ReplicaStatus status = line.status();
              json.writeStringField("user", status == null ? null : status.user());
              json.writeStringField("team", status == null ? null : status.defaultTeam());
              json.writeStringField("server", status == null ? null : status.server());
              if (status == null) {
                json.writeNullField("issues");
                json.writeNullField("pending");
              } else {
                json.writeNumberField("issues", status.issues());
                json.writeNumberField("pending", status.pending());
              }
              json.writeStringField("note", line.error());
              json.writeEndObject();
            }
            json.writeEndArray();
          });
      return;
    }
    if (profiles.isEmpty()) {
      terminal.err().println("no profiles yet; the first command makes 'default'");
      return;
    }
    PrintStream out = terminal.out();
    for (ProfileLine line : profiles) {
      String name = (line.current() ? "* " : "  ") + printable(line.name(), false);
      ReplicaStatus status = line.status();
      if (status == null) {
        out.println(name + "  (" + printable(String.valueOf(line.error()), false) + ")");
        continue;
      }
      out.println(
          Text.pad(name, 16)
              + "  "
              + printable(
                  status.user()
                      + "  "
                      + status.defaultTeam()
                      + "  "
                      + (status.server() == null ? "offline" : status.server())
                      + "  "
                      + status.issues()
                      + " issues, "
                      + status.pending()
                      + " pending",
                  false));
    }
    out.flush();
  }

  /** The status of the replica of profile {@code profile}. */
  public void status(String profile, ReplicaStatus status) throws IOException {
    if (output.json()) {
      Json.print(
          terminal,
          json -> {
            json.writeStartObject();
            json.writeStringField("profile", profile);
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
      return;
    }
    PrintStream out = terminal.out();
    out.println("profile   " + printable(profile + "  (" + status.store() + ")", false));
    out.println("user      " + printable(status.user() + "   team " + status.defaultTeam(), false));
    out.println(
        "server    "
            + (status.server() == null
                ? "none (offline only; `tern login URL --token T` to sync)"
                : printable(status.server(), false)
                    + "   cursor "
                    + status.cursor()
                    + "   last sync "
                    + (status.lastSync() == null ? "never" : output.time(status.lastSync()))));
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
    if (status.identityNote() != null) {
      // "MILLIS REASON": when the profile took a new client id, and why.
      String note = status.identityNote();
      int space = note.indexOf(' ');
      String when = note;
      try {
        when = output.time(Long.parseLong(note.substring(0, space)));
        note = note.substring(space + 1);
      } catch (RuntimeException e) {
        when = "";
      }
      out.println("identity  renewed " + printable(when + ": " + note, false));
    }
    StringBuilder counts = new StringBuilder("issues    " + status.issues());
    status
        .byState()
        .forEach((state, count) -> counts.append("   ").append(state).append(' ').append(count));
    out.println(counts);
    out.flush();
  }
}
