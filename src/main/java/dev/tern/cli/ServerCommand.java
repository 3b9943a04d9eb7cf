package dev.tern.cli;

import dev.tern.cli.view.Text;
import dev.tern.model.InvalidInputException;
import dev.tern.protocol.Protocol;
import dev.tern.server.ServerDatabase;
import dev.tern.server.ServerSettings;
import dev.tern.server.TernServer;
import dev.tern.server.TlsContext;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code tern server}: runs the sync server until stopped, and administers its teams and users.
 *
 * <p>The database defaults to {@code sqlite:$TERN_HOME/server.db}, where TERN_HOME defaults to the
 * XDG data directory ({@code $XDG_DATA_HOME/tern}, else {@code ~/.local/share/tern}), as for the
 * client's profiles.
 */
@Command(
    name = "server",
    description = "Run the sync server (WebSocket), or manage its teams and users.",
    mixinStandardHelpOptions = true,
    subcommands = {ServerCommand.TeamCommand.class, ServerCommand.UserCommand.class})
public final class ServerCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--port",
      defaultValue = "" + Protocol.DEFAULT_PORT,
      description = "TCP port to listen on (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--host", description = "Address to bind (default: every interface).")
  String host;

  @Option(
      names = "--db",
      paramLabel = "sqlite:PATH|postgresql://...",
      description = "Server database (default: sqlite:$TERN_HOME/server.db).")
  String database;

  @Option(
      names = "--tls-keystore",
      paramLabel = "FILE",
      description = "PKCS#12 or JKS key store: serve wss:// instead of ws://.")
  Path keyStore;

  @Option(
      names = "--tls-password",
      paramLabel = "PASSWORD",
      description = "Key store password (default: $TERN_TLS_PASSWORD).")
  String keyStorePassword;

  @Option(
      names = "--keep-ops",
      paramLabel = "N",
      defaultValue = "0",
      description =
          "Keep only the newest N log entries; older clients bootstrap from a snapshot"
              + " (default: 0, keep the whole log).")
  long keepOps;

  private final Map<String, String> environment;

  public ServerCommand() {
    this(System.getenv());
  }

  ServerCommand(Map<String, String> environment) {
    this.environment = environment;
  }

  @Override
  public Integer call() throws InterruptedException {
    if (port < 0 || port > 65535) {
      throw new InvalidInputException("--port must be between 0 and 65535");
    }
    if (keepOps < 0) {
      throw new InvalidInputException("--keep-ops must not be negative");
    }
    ServerSettings settings =
        ServerSettings.defaults().withAddress(host, port).withKeepOps(keepOps);
    if (keyStore != null) {
      settings = settings.withSsl(TlsContext.fromKeyStore(keyStore, tlsPassword()));
    }
    ServerDatabase serverDatabase = ServerDatabase.open(databaseLocation(database));
    TernServer server;
    try {
      server = serverDatabase.serve(settings);
    } catch (IllegalStateException e) {
      serverDatabase.close();
      spec.commandLine().getErr().println("tern server: " + Text.printable(e.getMessage(), false));
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.shutdown();
                  serverDatabase.close();
                  stopped.countDown();
                }));
    System.err.println(
        "tern server listening on "
            + (keyStore == null ? "ws://" : "wss://")
            + (host == null ? "0.0.0.0" : host)
            + ":"
            + server.port()
            + " (database "
            + serverDatabase.location()
            + ")");
    CountDownLatch failedOrStopped = new CountDownLatch(1);
    String[] failure = new String[1];
    server
        .failed()
        .thenAccept(
            reason -> {
              failure[0] = reason;
              failedOrStopped.countDown();
            });
    Thread waiter =
        new Thread(
            () -> {
              try {
                stopped.await();
              } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
              }
              failedOrStopped.countDown();
            });
    waiter.setDaemon(true);
    waiter.start();
    failedOrStopped.await();
    if (failure[0] != null) {
      // Never a live process that serves nothing: exit so that a supervisor restarts the server.
      spec.commandLine().getErr().println("tern server: " + Text.printable(failure[0], false));
      return 1;
    }
    return 0;
  }

  private char[] tlsPassword() {
    String password =
        keyStorePassword != null ? keyStorePassword : environment.get("TERN_TLS_PASSWORD");
    if (password == null) {
      throw new InvalidInputException(
          "--tls-keystore needs a password: --tls-password or TERN_TLS_PASSWORD");
    }
    return password.toCharArray();
  }

  /** The database to use: the option, else the SQLite file in TERN_HOME (created if needed). */
  String databaseLocation(String option) {
    if (option != null) {
      return option;
    }
    Path home;
    if (environment.get("TERN_HOME") != null) {
      home = Path.of(environment.get("TERN_HOME"));
    } else if (environment.get("XDG_DATA_HOME") != null) {
      home = Path.of(environment.get("XDG_DATA_HOME"), "tern");
    } else {
      home = Path.of(System.getProperty("user.home"), ".local", "share", "tern");
    }
    try {
      if (!Files.exists(home)
          && FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
        // It will hold the server database: every team's issues and the token hashes.
        Files.createDirectories(
            home,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
      Files.createDirectories(home);
    } catch (IOException e) {
      throw new InvalidInputException("cannot create " + home + ": " + e.getMessage());
    }
    return "sqlite:" + home.resolve("server.db");
  }

  /** {@code tern server team add KEY NAME}. */
  @Command(
      name = "team",
      description = "Manage teams.",
      mixinStandardHelpOptions = true,
      subcommands = {TeamAdd.class, TeamList.class, TeamJoin.class, TeamLeave.class})
  static final class TeamCommand implements Callable<Integer> {
    @ParentCommand ServerCommand server;

    @Override
    public Integer call() {
      throw new InvalidInputException(
          "missing command: tern server team add|ls|join|leave (see --help)");
    }
  }

  @Command(name = "add", description = "Add a team.", mixinStandardHelpOptions = true)
  static final class TeamAdd implements Callable<Integer> {
    @ParentCommand TeamCommand team;
    @Spec CommandSpec spec;

    @Option(names = "--db", paramLabel = "sqlite:PATH|postgresql://...", description = "Database.")
    String database;

    @Parameters(index = "0", paramLabel = "KEY", description = "Team key, like ENG.")
    String key;

    @Parameters(index = "1", paramLabel = "NAME", description = "Team name.")
    String name;

    @Override
    public Integer call() {
      ServerCommand server = team.server;
      String location = server.databaseLocation(database != null ? database : server.database);
      try (ServerDatabase serverDatabase = ServerDatabase.open(location)) {
        serverDatabase.addTeam(key, name);
      }
      spec.commandLine().getErr().println("added team " + Text.printable(key, false));
      return 0;
    }
  }

  /** The database an admin command uses: its own --db, else tern server's, else the default. */
  ServerDatabase openFor(String ownOption) {
    return ServerDatabase.open(databaseLocation(ownOption != null ? ownOption : database));
  }

  @Command(
      name = "ls",
      description = "List teams and their members.",
      mixinStandardHelpOptions = true)
  static final class TeamList implements Callable<Integer> {
    @ParentCommand TeamCommand team;
    @Spec CommandSpec spec;

    @Option(names = "--db", paramLabel = "sqlite:PATH|postgresql://...", description = "Database.")
    String database;

    @Override
    public Integer call() {
      try (ServerDatabase serverDatabase = team.server.openFor(database)) {
        Map<String, List<String>> users = serverDatabase.users();
        serverDatabase
            .teams()
            .forEach(
                (key, name) -> {
                  List<String> members =
                      users.entrySet().stream()
                          .filter(entry -> entry.getValue().contains(key))
                          .map(Map.Entry::getKey)
                          .toList();
                  spec.commandLine()
                      .getOut()
                      .println(
                          Text.printable(key, false)
                              + "\t"
                              + Text.printable(name, false)
                              + "\t"
                              + Text.printable(String.join(",", members), false));
                });
      }
      return 0;
    }
  }

  @Command(name = "join", description = "Add a user to a team.", mixinStandardHelpOptions = true)
  static final class TeamJoin implements Callable<Integer> {
    @ParentCommand TeamCommand team;
    @Spec CommandSpec spec;

    @Option(names = "--db", paramLabel = "sqlite:PATH|postgresql://...", description = "Database.")
    String database;

    @Parameters(index = "0", paramLabel = "KEY", description = "Team key.")
    String key;

    @Parameters(index = "1", paramLabel = "USER", description = "User name.")
    String user;

    @Override
    public Integer call() {
      try (ServerDatabase serverDatabase = team.server.openFor(database)) {
        serverDatabase.join(key, user);
      }
      spec.commandLine()
          .getErr()
          .println(Text.printable(user, false) + " joined team " + Text.printable(key, false));
      return 0;
    }
  }

  @Command(
      name = "leave",
      description = "Remove a user from a team.",
      mixinStandardHelpOptions = true)
  static final class TeamLeave implements Callable<Integer> {
    @ParentCommand TeamCommand team;
    @Spec CommandSpec spec;

    @Option(names = "--db", paramLabel = "sqlite:PATH|postgresql://...", description = "Database.")
    String database;

    @Parameters(index = "0", paramLabel = "KEY", description = "Team key.")
    String key;

    @Parameters(index = "1", paramLabel = "USER", description = "User name.")
    String user;

    @Override
    public Integer call() {
      try (ServerDatabase serverDatabase = team.server.openFor(database)) {
        serverDatabase.leave(key, user);
      }
      spec.commandLine()
          .getErr()
          .println(Text.printable(user, false) + " left team " + Text.printable(key, false));
      return 0;
    }
  }

  @Command(
      name = "ls",
      description = "List users and their teams.",
      mixinStandardHelpOptions = true)
  static final class UserList implements Callable<Integer> {
    @ParentCommand UserCommand user;
    @Spec CommandSpec spec;

    @Option(names = "--db", paramLabel = "sqlite:PATH|postgresql://...", description = "Database.")
    String database;

    @Override
    public Integer call() {
      try (ServerDatabase serverDatabase = user.server.openFor(database)) {
        serverDatabase
            .users()
            .forEach(
                (name, teams) ->
                    spec.commandLine()
                        .getOut()
                        .println(
                            Text.printable(name, false)
                                + "\t"
                                + Text.printable(String.join(",", teams), false)));
      }
      return 0;
    }
  }

  @Command(
      name = "token",
      description = "Give a user a new token and print it (once); the old one stops working.",
      mixinStandardHelpOptions = true)
  static final class UserToken implements Callable<Integer> {
    @ParentCommand UserCommand user;
    @Spec CommandSpec spec;

    @Option(names = "--db", paramLabel = "sqlite:PATH|postgresql://...", description = "Database.")
    String database;

    @Parameters(index = "0", paramLabel = "NAME", description = "User name.")
    String name;

    @Override
    public Integer call() {
      String token;
      try (ServerDatabase serverDatabase = user.server.openFor(database)) {
        token = serverDatabase.reissueToken(name);
      }
      spec.commandLine().getOut().println(token);
      spec.commandLine()
          .getErr()
          .println(
              "new token for "
                  + Text.printable(name, false)
                  + "; the old one no longer works, and this one is shown only this once");
      return 0;
    }
  }

  @Command(
      name = "rm",
      description = "Remove a user; its token stops working.",
      mixinStandardHelpOptions = true)
  static final class UserRemove implements Callable<Integer> {
    @ParentCommand UserCommand user;
    @Spec CommandSpec spec;

    @Option(names = "--db", paramLabel = "sqlite:PATH|postgresql://...", description = "Database.")
    String database;

    @Parameters(index = "0", paramLabel = "NAME", description = "User name.")
    String name;

    @Override
    public Integer call() {
      try (ServerDatabase serverDatabase = user.server.openFor(database)) {
        serverDatabase.removeUser(name);
      }
      spec.commandLine().getErr().println("removed user " + Text.printable(name, false));
      return 0;
    }
  }

  /** {@code tern server user add NAME --team KEY...}. */
  @Command(
      name = "user",
      description = "Manage users.",
      mixinStandardHelpOptions = true,
      subcommands = {UserAdd.class, UserList.class, UserToken.class, UserRemove.class})
  static final class UserCommand implements Callable<Integer> {
    @ParentCommand ServerCommand server;

    @Override
    public Integer call() {
      throw new InvalidInputException(
          "missing command: tern server user add|ls|token|rm (see --help)");
    }
  }

  @Command(
      name = "add",
      description = "Add a user and print its token (once: the server keeps only a hash).",
      mixinStandardHelpOptions = true)
  static final class UserAdd implements Callable<Integer> {
    @ParentCommand UserCommand user;
    @Spec CommandSpec spec;

    @Option(names = "--db", paramLabel = "sqlite:PATH|postgresql://...", description = "Database.")
    String database;

    @Option(
        names = "--team",
        paramLabel = "KEY",
        required = true,
        description = "A team the user belongs to; repeat for several.")
    List<String> teams;

    @Parameters(index = "0", paramLabel = "NAME", description = "User name.")
    String name;

    @Override
    public Integer call() {
      ServerCommand server = user.server;
      String location = server.databaseLocation(database != null ? database : server.database);
      String token;
      try (ServerDatabase serverDatabase = ServerDatabase.open(location)) {
        token = serverDatabase.addUser(name, teams);
      }
      spec.commandLine().getOut().println(token);
      spec.commandLine()
          .getErr()
          .println(
              "added user "
                  + Text.printable(name, false)
                  + "; the token above is shown only this once");
      return 0;
    }
  }
}
