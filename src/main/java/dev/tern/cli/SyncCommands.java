package dev.tern.cli;

import dev.tern.model.InvalidInputException;
import dev.tern.protocol.Message;
import dev.tern.replica.Replica;
import dev.tern.replica.SyncState;
import dev.tern.sync.ServerConnection;
import dev.tern.sync.SyncException;
import dev.tern.sync.SyncReport;
import dev.tern.sync.SyncRound;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code login} and {@code sync}. */
final class SyncCommands {
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);
  static final Duration PING_INTERVAL = Duration.ofSeconds(15);

  private SyncCommands() {}

  @Command(name = "login", description = "Connect this profile to a tern server.")
  static final class Login extends TernCommand {
    @Parameters(paramLabel = "URL", description = "ws://HOST:PORT or wss://HOST:PORT")
    String url;

    @Option(
        names = "--token",
        required = true,
        paramLabel = "TOKEN",
        description = "Your token (from `tern server user add`).")
    String token;

    @Option(
        names = "--team",
        paramLabel = "KEY",
        description = "Default team for new issues (default: your first team).")
    String team;

    @Override
    int run() throws Exception {
      ServerConnection.parse(url);
      Replica replica = replica();
      Message.Welcome welcome;
      try (ServerConnection connection =
          ServerConnection.open(url, CONNECT_TIMEOUT, PING_INTERVAL)) {
        welcome =
            new SyncRound(
                    replica.sync(),
                    connection,
                    ANSWER_TIMEOUT,
                    System::currentTimeMillis,
                    (phase, done, total) -> {})
                .greet(token);
      } catch (SyncException e) {
        throw unreachableOrRefused(e, replica.sync().pendingCount());
      }
      Map<String, String> teams = SyncRound.teams(welcome.teams());
      if (teams.isEmpty()) {
        throw new InvalidInputException("user " + welcome.user() + " belongs to no team on " + url);
      }
      String chosen =
          team == null ? teams.keySet().iterator().next() : team.toUpperCase(Locale.ROOT);
      if (!teams.containsKey(chosen)) {
        throw new InvalidInputException(
            "you are not in team '"
                + chosen
                + "' (your teams: "
                + String.join(", ", teams.keySet())
                + ")");
      }
      replica.sync().attach(url, token, welcome.user(), teams, chosen);
      int pending = replica.sync().pendingCount();
      if (json()) {
        Json.print(
            terminal(),
            json -> {
              json.writeStartObject();
              json.writeStringField("server", url);
              json.writeStringField("user", welcome.user());
              json.writeStringField("team", chosen);
              json.writeNumberField("pending", pending);
              json.writeEndObject();
            });
      } else {
        terminal()
            .out()
            .println(
                "logged in to "
                    + url
                    + " as "
                    + welcome.user()
                    + " (team "
                    + chosen
                    + ")"
                    + (pending > 0 ? "; " + waiting(pending) + ": run `tern sync`" : ""));
        terminal().out().flush();
      }
      return ExitCode.OK;
    }
  }

  @Command(name = "sync", description = "Push pending operations and pull others' changes, once.")
  static final class Sync extends TernCommand {
    @Override
    int run() throws Exception {
      Replica replica = replica();
      SyncState state = replica.sync();
      SyncState.Login login = SyncCommands.loggedIn(state);
      SyncReport report;
      Progress progress = new Progress(terminal());
      try (ServerConnection connection =
          ServerConnection.open(login.server(), CONNECT_TIMEOUT, PING_INTERVAL)) {
        SyncRound round =
            new SyncRound(state, connection, ANSWER_TIMEOUT, System::currentTimeMillis, progress);
        round.greet(login.token());
        report = round.run();
      } catch (SyncException e) {
        progress.clear();
        throw unreachableOrRefused(e, state.pendingCount());
      }
      progress.clear();
      if (json()) {
        Json.print(
            terminal(),
            json -> {
              json.writeStartObject();
              json.writeStringField("server", login.server());
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
      } else {
        terminal().out().println(summary(report));
        terminal().out().flush();
      }
      return report.conflicts() > 0 ? ExitCode.CONFLICTS : ExitCode.OK;
    }
  }

  static String summary(SyncReport report) {
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

  static ExitStatus unreachableOrRefused(SyncException e, int pending) {
    if (e.reason() == SyncException.Reason.UNREACHABLE) {
      return new ExitStatus(
          ExitCode.UNREACHABLE, e.getMessage() + "; " + waiting(pending) + ", nothing lost");
    }
    return new ExitStatus(ExitCode.FAILURE, e.getMessage());
  }

  /** The profile's login; a usage error when it has never logged in. */
  static SyncState.Login loggedIn(SyncState state) {
    return state
        .login()
        .orElseThrow(
            () ->
                new InvalidInputException(
                    "this profile has no server: run `tern login URL --token TOKEN` first"));
  }

  /** "1 operation waits", "3 operations wait". */
  static String waiting(int pending) {
    return pending == 1 ? "1 operation waits" : pending + " operations wait";
  }

  /** Progress of a long sync on stderr, only on a terminal and only after half a second. */
  static final class Progress implements SyncRound.Progress {
    private final Terminal terminal;
    private final long started = System.nanoTime();
    private boolean shown;

    Progress(Terminal terminal) {
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

    void clear() {
      if (shown) {
        terminal.err().print("\r\u001b[K");
        terminal.err().flush();
        shown = false;
      }
    }
  }
}
