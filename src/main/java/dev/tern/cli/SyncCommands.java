package dev.tern.cli;

import dev.tern.cli.view.SyncView;
import dev.tern.model.InvalidInputException;
import dev.tern.protocol.Message;
import dev.tern.replica.Replica;
import dev.tern.replica.SyncState;
import dev.tern.sync.IdentityRenewed;
import dev.tern.sync.ServerConnection;
import dev.tern.sync.SyncException;
import dev.tern.sync.SyncReport;
import dev.tern.sync.SyncRound;
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
      String chosen = chooseTeam(welcome.user(), teams);
      replica.sync().attach(url, token, welcome.user(), teams, chosen);
      new SyncView(output()).loggedIn(url, welcome.user(), chosen, replica.sync().pendingCount());
      return ExitCode.OK;
    }

    /** The team new issues go to: --team, else the user's first team on the server. */
    private String chooseTeam(String user, Map<String, String> teams) {
      if (teams.isEmpty()) {
        throw new InvalidInputException("user " + user + " belongs to no team on " + url);
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
      return chosen;
    }
  }

  @Command(name = "sync", description = "Push pending operations and pull others' changes, once.")
  static final class Sync extends TernCommand {
    @Override
    int run() throws Exception {
      SyncState state = replica().sync();
      SyncState.Login login = SyncCommands.loggedIn(state);
      SyncView view = new SyncView(output());
      SyncView.Progress progress = view.progress();
      SyncReport report = null;
      try {
        // A second attempt only after the profile took a new client id (a copied profile).
        for (int attempt = 1; report == null; attempt++) {
          try (ServerConnection connection =
              ServerConnection.open(login.server(), CONNECT_TIMEOUT, PING_INTERVAL)) {
            SyncRound round =
                new SyncRound(
                    state, connection, ANSWER_TIMEOUT, System::currentTimeMillis, progress);
            round.greet(login.token());
            report = round.run();
          } catch (IdentityRenewed e) {
            if (attempt == 2) {
              throw e;
            }
          }
        }
      } catch (SyncException e) {
        throw unreachableOrRefused(e, state.pendingCount());
      } finally {
        progress.clear();
      }
      view.report(login.server(), report);
      return report.conflicts() > 0 ? ExitCode.CONFLICTS : ExitCode.OK;
    }
  }

  static ExitStatus unreachableOrRefused(SyncException e, int pending) {
    if (e.reason() == SyncException.Reason.UNREACHABLE) {
      return new ExitStatus(
          ExitCode.UNREACHABLE,
          e.getMessage() + "; " + SyncView.waiting(pending) + ", nothing lost");
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
}
