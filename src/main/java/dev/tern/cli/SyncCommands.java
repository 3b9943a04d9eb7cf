package dev.tern.cli;

import dev.tern.cli.view.SyncView;
import dev.tern.model.InvalidInputException;
import dev.tern.protocol.Message;
import dev.tern.replica.Replica;
import dev.tern.replica.SyncState;
import dev.tern.sync.IdentityRenewed;
import dev.tern.sync.ServerConnection;
import dev.tern.sync.ServerList;
import dev.tern.sync.SyncException;
import dev.tern.sync.SyncReport;
import dev.tern.sync.SyncRound;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code login}, {@code logout} and {@code sync}. */
final class SyncCommands {
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);
  static final Duration PING_INTERVAL = Duration.ofSeconds(15);

  private SyncCommands() {}

  @Command(name = "login", description = "Connect this profile to a tern server.")
  static final class Login extends TernCommand {
    @Parameters(
        paramLabel = "URL",
        arity = "0..1",
        description = "ws://HOST:PORT or wss://HOST:PORT; several nodes separated by commas")
    String url;

    @Option(
        names = "--server",
        paramLabel = "URL",
        description = "A node of the server (repeatable): sync moves to the next when one fails.")
    List<String> servers = new ArrayList<>();

    @Option(
        names = "--token",
        paramLabel = "TOKEN|-",
        description =
            "Your token (from `tern server user add`); - reads it from standard input"
                + " (default: $TERN_TOKEN). A token on the command line shows in `ps` and in"
                + " the shell's history.")
    String token;

    @Option(
        names = "--team",
        paramLabel = "KEY",
        description = "Default team for new issues (default: your first team).")
    String team;

    @Override
    int run() throws Exception {
      List<String> given = new ArrayList<>();
      if (url != null) {
        given.add(url);
      }
      given.addAll(servers);
      if (given.isEmpty()) {
        throw new InvalidInputException("give the server's URL: tern login URL --token TOKEN|-");
      }
      String nodes = ServerList.format(ServerList.parse(String.join(",", given)));
      String token = token();
      Replica replica = replica();
      Message.Welcome welcome;
      try {
        welcome =
            new ServerList(ServerConnection.opener(CONNECT_TIMEOUT, PING_INTERVAL))
                .run(
                    nodes,
                    link ->
                        new SyncRound(
                                replica.sync(),
                                link,
                                ANSWER_TIMEOUT,
                                System::currentTimeMillis,
                                (phase, done, total) -> {})
                            .greet(token));
      } catch (SyncException e) {
        throw unreachableOrRefused(e, replica.sync().pendingCount());
      }
      Map<String, String> teams = SyncRound.teams(welcome.teams());
      String chosen = chooseTeam(welcome.user(), teams, nodes);
      replica.sync().attach(nodes, token, welcome.user(), teams, chosen);
      new SyncView(output()).loggedIn(nodes, welcome.user(), chosen, replica.sync().pendingCount());
      return ExitCode.OK;
    }

    /** The token: --token, its first line on standard input for "-", else TERN_TOKEN. */
    private String token() throws IOException {
      String given = token;
      if ("-".equals(given)) {
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(session().stdin(), StandardCharsets.UTF_8));
        given = reader.readLine();
        if (given == null) {
          throw new InvalidInputException("--token -: standard input is empty");
        }
      } else if (given == null) {
        given = session().env().get("TERN_TOKEN");
        if (given == null) {
          throw new InvalidInputException(
              "a token is needed: --token TOKEN, --token - (standard input) or TERN_TOKEN");
        }
      }
      given = given.strip();
      if (given.isEmpty()) {
        throw new InvalidInputException("the token is empty");
      }
      return given;
    }

    /** The team new issues go to: --team, else the user's first team on the server. */
    private String chooseTeam(String user, Map<String, String> teams, String nodes) {
      if (teams.isEmpty()) {
        throw new InvalidInputException("user " + user + " belongs to no team on " + nodes);
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

  @Command(
      name = "logout",
      description =
          "Forget this profile's token; its issues and pending operations stay (they go out after"
              + " the next login).")
  static final class Logout extends TernCommand {
    @Override
    int run() throws Exception {
      Replica replica = replica();
      String server =
          replica
              .sync()
              .logout()
              .orElseThrow(() -> new InvalidInputException("this profile is not logged in"));
      new SyncView(output()).loggedOut(server, replica.sync().pendingCount());
      return ExitCode.OK;
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
        // A node that fails part-way is left for the next one; the round starts over there from
        // what this replica has committed, so nothing is lost or sent twice. A second attempt
        // only after the profile took a new client id (a copied profile).
        // No pings: each answer is awaited at most ANSWER_TIMEOUT, and a one-shot round is over
        // long before a ping would matter; it saves the pinging timer's thread.
        ServerList nodes = new ServerList(ServerConnection.opener(CONNECT_TIMEOUT, Duration.ZERO));
        for (int attempt = 1; report == null; attempt++) {
          try {
            report =
                nodes.run(
                    login.server(),
                    link -> {
                      SyncRound round =
                          new SyncRound(
                              state, link, ANSWER_TIMEOUT, System::currentTimeMillis, progress);
                      round.greet(login.token());
                      return round.run();
                    });
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
    SyncState.Login login =
        state
            .login()
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        "this profile has no server: run `tern login URL --token TOKEN` first"));
    if (login.token().isEmpty()) {
      throw new InvalidInputException(
          "this profile is logged out of " + login.server() + ": run `tern login` again");
    }
    return login;
  }
}
