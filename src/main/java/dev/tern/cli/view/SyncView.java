package dev.tern.cli.view;

import static dev.tern.cli.view.Text.printable;

import dev.tern.sync.SyncReport;
import dev.tern.sync.SyncRound;
import java.io.IOException;
import java.io.PrintStream;

/** {@code login} and {@code sync}: who we are on which server, and what one round moved. */
public final class SyncView {
  private final Output output;
  private final Terminal terminal;

  public SyncView(Output output) {
    this.output = output;
    this.terminal = output.terminal();
  }

  /** "1 operation waits", "3 operations wait". */
  public static String waiting(int pending) {
    return pending == 1 ? "1 operation waits" : pending + " operations wait";
  }

  /** A login to {@code server} as {@code user}, new issues going to {@code team}. */
  public void loggedIn(String server, String user, String team, int pending) throws IOException {
    if (output.json()) {
      Json.print(
          terminal,
          json -> {
            json.writeStartObject();
            json.writeStringField("server", server);
            json.writeStringField("user", user);
            json.writeStringField("team", team);
            json.writeNumberField("pending", pending);
            json.writeEndObject();
          });
      return;
    }
    terminal
        .out()
        .println(
            printable("logged in to " + server + " as " + user + " (team " + team + ")", false)
                + (pending > 0 ? "; " + waiting(pending) + ": run `tern sync`" : ""));
    terminal.out().flush();
  }

  /** A logout from {@code server}: the token is forgotten, {@code pending} operations wait. */
  public void loggedOut(String server, int pending) throws IOException {
    if (output.json()) {
      Json.print(
          terminal,
          json -> {
            json.writeStartObject();
            json.writeStringField("server", server);
            json.writeNumberField("pending", pending);
            json.writeEndObject();
          });
      return;
    }
    terminal
        .out()
        .println(
            printable("logged out of " + server + "; the token is forgotten", false)
                + (pending > 0 ? "; " + waiting(pending) + " for the next `tern login`" : ""));
    terminal.out().flush();
  }

  /** What one sync round with {@code server} did. */
  public void report(String server, SyncReport report) throws IOException {
    if (report.clockAhead() != null) {
      terminal
          .err()
          .println(
              "tern: this machine's clock is wrong: "
                  + printable(report.clockAhead(), false)
                  + "; set the clock right (your edits cannot win collisions by it)");
      terminal.err().flush();
    }
    if (output.json()) {
      Json.print(
          terminal,
          json -> {
            json.writeStartObject();
            json.writeStringField("server", server);
            json.writeNumberField("pushed", report.pushed());
            json.writeNumberField("applied", report.applied());
            json.writeNumberField("merged", report.merged());
            json.writeNumberField("superseded", report.superseded());
            json.writeNumberField("rejected", report.rejected());
            json.writeNumberField("pulled", report.pulled());
            json.writeNumberField("conflicts", report.conflicts());
            json.writeBooleanField("bootstrapped", report.bootstrapped());
            json.writeNumberField("cursor", report.cursor());
            json.writeNumberField("pending", report.pending());
            json.writeEndObject();
          });
      return;
    }
    terminal.out().println(summary(report));
    terminal.out().flush();
  }

  private static String summary(SyncReport report) {
    StringBuilder line = new StringBuilder("synced: pushed " + report.pushed());
    StringBuilder detail = new StringBuilder();
    append(detail, report.merged(), "merged");
    append(detail, report.superseded(), "superseded");
    append(detail, report.rejected(), "rejected");
    if (detail.length() > 0) {
      line.append(" (").append(detail).append(')');
    }
    line.append(", pulled ").append(report.pulled());
    if (report.bootstrapped()) {
      line.append(" after a snapshot");
    }
    if (report.conflicts() > 0) {
      line.append(", ")
          .append(report.conflicts())
          .append(" new conflict")
          .append(report.conflicts() == 1 ? "" : "s")
          .append(" (tern conflicts)");
    }
    line.append("; at ").append(report.cursor());
    return line.toString();
  }

  private static void append(StringBuilder detail, int count, String what) {
    if (count > 0) {
      detail.append(detail.length() > 0 ? ", " : "").append(count).append(' ').append(what);
    }
  }

  /** Progress of a long sync on stderr; {@link Progress#clear} it before the report. */
  public Progress progress() {
    return new Progress(terminal);
  }

  /** Progress of a long sync on stderr, only on a terminal and only after half a second. */
  public static final class Progress implements SyncRound.Progress {
    private final Terminal terminal;
    private final long started = System.nanoTime();
    private boolean shown;

    private Progress(Terminal terminal) {
      this.terminal = terminal;
    }

    @Override
    public void update(String phase, long done, long total) {
      if (!terminal.interactive() || System.nanoTime() - started < 500_000_000L) {
        return;
      }
      PrintStream err = terminal.err();
      err.print("\r" + phase + " " + done + (total > 0 ? "/" + total : "") + "   ");
      err.flush();
      shown = true;
    }

    /** Takes the progress line off the screen, if one is there. */
    public void clear() {
      if (shown) {
        terminal.err().print("\r\u001b[K");
        terminal.err().flush();
        shown = false;
      }
    }
  }
}
