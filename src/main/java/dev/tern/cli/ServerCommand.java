package dev.tern.cli;

import dev.tern.cli.view.Text;
import dev.tern.model.InvalidInputException;
import dev.tern.protocol.Protocol;
import dev.tern.server.LogLine;
import dev.tern.server.ServerDatabase;
import dev.tern.server.ServerSettings;
import dev.tern.server.TernServer;
import dev.tern.server.TlsContext;
import dev.tern.server.ops.ConfigFile;
import dev.tern.server.ops.Metrics;
import dev.tern.server.ops.OpsHttp;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
      names = "--config",
      paramLabel = "FILE",
      description =
          "Server config file (key = value lines, as server/tern-server.conf); options given"
              + " here win over it.")
  Path configFile;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      description = "TCP port to listen on (default: " + Protocol.DEFAULT_PORT + ").")
  Integer port;

  @Option(names = "--host", description = "Address to bind (default: every interface).")
  String host;

  @Option(
      names = "--db",
      paramLabel = "sqlite:PATH|postgresql://...",
      description =
          "Server database (default: sqlite:$TERN_HOME/server.db); a PostgreSQL password may"
              + " come from $PGPASSWORD.")
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
      description =
          "Keep only the newest N log entries; older clients bootstrap from a snapshot"
              + " (default: 0, keep the whole log).")
  Long keepOps;

  @Option(
      names = "--http-port",
      paramLabel = "PORT",
      description = "Serve GET /healthz and GET /metrics on this HTTP port (default: off).")
  Integer httpPort;

  @Option(
      names = "--http-host",
      paramLabel = "ADDRESS",
      description = "Address the HTTP port binds (default: 127.0.0.1).")
  String httpHost;

  @Option(
      names = "--max-connections",
      paramLabel = "N",
      description = "Most WebSocket connections held at once (default: 20000).")
  Integer maxConnections;

  private final Map<String, String> environment;

  /** Set when the process ends on its own (a failure), not on a signal: see {@link #call()}. */
  private volatile boolean exitingOnOwn;

  public ServerCommand() {
    this(System.getenv());
  }

  ServerCommand(Map<String, String> environment) {
    this.environment = environment;
  }

  /**
   * Serves until SIGTERM or SIGINT, then shuts down gracefully: {@code /healthz} turns 503, the
   * listener closes every connection with 1001 "server shutting down" (clients take it as a
   * transient failure and reconnect), the batch being written is committed (an acked operation is
   * always durable; an unacked one is pushed again by its client), the database is closed, and the
   * process exits 0. The steps are in docs/architecture.md.
   */
  @Override
  public Integer call() throws InterruptedException {
    ConfigFile config = config();
    ServerSettings settings = settings(config);
    String location =
        databaseLocation(database != null ? database : config.text("db").orElse(null));
    Integer http = httpPort(config);
    String httpAddress = httpHost != null ? httpHost : config.text("http-host").orElse("127.0.0.1");
    Metrics metrics = new Metrics();
    ServerDatabase serverDatabase = ServerDatabase.open(location);
    TernServer server;
    OpsHttp opsHttp = null;
    AtomicBoolean serving = new AtomicBoolean(true);
    try {
      server = serverDatabase.serve(settings, metrics);
    } catch (IllegalStateException e) {
      serverDatabase.close();
      spec.commandLine().getErr().println("tern server: " + Text.printable(e.getMessage(), false));
      return 1;
    }
    metrics.watch(server);
    if (http != null) {
      try {
        opsHttp = OpsHttp.start(httpAddress, http, serving::get, metrics::render);
      } catch (IllegalStateException e) {
        server.shutdown();
        serverDatabase.close();
        spec.commandLine()
            .getErr()
            .println("tern server: " + Text.printable(e.getMessage(), false));
        return 1;
      }
    }
    OpsHttp startedHttp = opsHttp;
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  serving.set(false);
                  System.err.println(LogLine.info("shutting down"));
                  server.shutdown();
                  serverDatabase.close();
                  if (startedHttp != null) {
                    startedHttp.close();
                  }
                  System.err.println(
                      LogLine.info("stopped").with("ops_accepted", metrics.opsAccepted()));
                  stopped.countDown();
                  if (!exitingOnOwn) {
                    // Stopped by a signal: a clean stop, so exit 0 (the JVM would say 143).
                    Runtime.getRuntime().halt(0);
                  }
                },
                "tern-shutdown"));
    String scheme = settings.ssl() == null ? "ws://" : "wss://";
    System.err.println(
        LogLine.info(
                "tern server listening on "
                    + scheme
                    + (settings.host() == null ? "0.0.0.0" : settings.host())
                    + ":"
                    + server.port())
            .with("database", serverDatabase.location())
            .with("http", startedHttp == null ? null : httpAddress + ":" + startedHttp.port()));
    CountDownLatch failedOrStopped = new CountDownLatch(1);
    String[] failure = new String[1];
    server
        .failed()
        .thenAccept(
            reason -> {
              serving.set(false);
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
      exitingOnOwn = true;
      System.err.println(
          LogLine.error("tern server stops: it no longer serves").with("reason", failure[0]));
      return 1;
    }
    return 0;
  }

  /** The config file named by --config, or none. */
  ConfigFile config() {
    return configFile == null ? ConfigFile.EMPTY : ConfigFile.read(configFile);
  }

  /** How to listen and what to enforce: each option, else the config file, else the default. */
  ServerSettings settings(ConfigFile config) {
    int listenPort =
        port != null
            ? port
            : config.number("port", 0, 65535).orElse((long) Protocol.DEFAULT_PORT).intValue();
    if (listenPort < 0 || listenPort > 65535) {
      throw new InvalidInputException("--port must be between 0 and 65535");
    }
    long keep = keepOps != null ? keepOps : config.number("keep-ops", 0, Long.MAX_VALUE).orElse(0L);
    if (keep < 0) {
      throw new InvalidInputException("--keep-ops must not be negative");
    }
    ServerSettings defaults = ServerSettings.defaults();
    ServerSettings settings =
        defaults
            .withAddress(host != null ? host : config.text("host").orElse(null), listenPort)
            .withKeepOps(keep);
    if (maxConnections != null && maxConnections < 1) {
      throw new InvalidInputException("--max-connections must be at least 1");
    }
    int connections =
        maxConnections != null
            ? maxConnections
            : config
                .number("max-connections", 1, Integer.MAX_VALUE)
                .orElse((long) defaults.maxConnections())
                .intValue();
    settings = settings.withMaxConnections(connections);
    int queued =
        config
            .number("max-queued-bytes", defaults.maxFrameBytes(), Integer.MAX_VALUE)
            .orElse((long) defaults.maxQueuedBytes())
            .intValue();
    long totalQueued =
        config
            .number("max-total-queued-bytes", queued, Long.MAX_VALUE)
            .orElse(Math.max(queued, defaults.maxTotalQueuedBytes()));
    settings = settings.withQueueLimits(queued, totalQueued);
    Optional<Long> helloSeconds = config.number("hello-timeout-seconds", 1, 3600);
    if (helloSeconds.isPresent()) {
      settings =
          settings.withTimeouts(
              Duration.ofSeconds(helloSeconds.get()), defaults.handshakeTimeout());
    }
    Path store =
        keyStore != null ? keyStore : config.text("tls-keystore").map(Path::of).orElse(null);
    if (store != null) {
      settings = settings.withSsl(TlsContext.fromKeyStore(store, tlsPassword(config)));
    }
    return settings;
  }

  /** The HTTP port for /healthz and /metrics, or null when off. */
  Integer httpPort(ConfigFile config) {
    if (httpPort != null) {
      if (httpPort < 0 || httpPort > 65535) {
        throw new InvalidInputException("--http-port must be between 0 and 65535");
      }
      return httpPort;
    }
    return config.number("http-port", 0, 65535).map(Long::intValue).orElse(null);
  }

  /** The key store password: the option, else $TERN_TLS_PASSWORD, else the config file. */
  private char[] tlsPassword(ConfigFile config) {
    String password =
        keyStorePassword != null
            ? keyStorePassword
            : environment.getOrDefault(
                "TERN_TLS_PASSWORD", config.text("tls-password").orElse(null));
    if (password == null) {
      throw new InvalidInputException(
          "--tls-keystore needs a password: --tls-password, TERN_TLS_PASSWORD or tls-password in"
              + " the config file");
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

    @Mixin AdminDatabase db;

    @Parameters(index = "0", paramLabel = "KEY", description = "Team key, like ENG.")
    String key;

    @Parameters(index = "1", paramLabel = "NAME", description = "Team name.")
    String name;

    @Override
    public Integer call() {
      try (ServerDatabase serverDatabase = team.server.openFor(db.database)) {
        serverDatabase.addTeam(key, name);
      }
      spec.commandLine().getErr().println("added team " + Text.printable(key, false));
      return 0;
    }
  }

  /**
   * The database an admin command uses: its own --db, else tern server's, else the config file's,
   * else the default.
   */
  /** The --db option of every admin command: the database it changes (see {@link #openFor}). */
  static final class AdminDatabase {
    @Option(
        names = "--db",
        paramLabel = "sqlite:PATH|postgresql://...",
        description =
            "The server's database (default: tern server's --db, else db in --config, else"
                + " sqlite:$TERN_HOME/server.db).")
    String database;
  }

  ServerDatabase openFor(String ownOption) {
    return ServerDatabase.open(databaseLocation(administeredDatabase(ownOption)));
  }

  private String administeredDatabase(String ownOption) {
    if (ownOption != null) {
      return ownOption;
    }
    if (database != null) {
      return database;
    }
    return config().text("db").orElse(null);
  }

  @Command(
      name = "ls",
      description = "List teams and their members.",
      mixinStandardHelpOptions = true)
  static final class TeamList implements Callable<Integer> {
    @ParentCommand TeamCommand team;
    @Spec CommandSpec spec;

    @Mixin AdminDatabase db;

    @Override
    public Integer call() {
      try (ServerDatabase serverDatabase = team.server.openFor(db.database)) {
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

    @Mixin AdminDatabase db;

    @Parameters(index = "0", paramLabel = "KEY", description = "Team key.")
    String key;

    @Parameters(index = "1", paramLabel = "USER", description = "User name.")
    String user;

    @Override
    public Integer call() {
      try (ServerDatabase serverDatabase = team.server.openFor(db.database)) {
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

    @Mixin AdminDatabase db;

    @Parameters(index = "0", paramLabel = "KEY", description = "Team key.")
    String key;

    @Parameters(index = "1", paramLabel = "USER", description = "User name.")
    String user;

    @Override
    public Integer call() {
      try (ServerDatabase serverDatabase = team.server.openFor(db.database)) {
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

    @Mixin AdminDatabase db;

    @Override
    public Integer call() {
      try (ServerDatabase serverDatabase = user.server.openFor(db.database)) {
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

    @Mixin AdminDatabase db;

    @Parameters(index = "0", paramLabel = "NAME", description = "User name.")
    String name;

    @Override
    public Integer call() {
      String token;
      try (ServerDatabase serverDatabase = user.server.openFor(db.database)) {
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

    @Mixin AdminDatabase db;

    @Parameters(index = "0", paramLabel = "NAME", description = "User name.")
    String name;

    @Override
    public Integer call() {
      try (ServerDatabase serverDatabase = user.server.openFor(db.database)) {
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

    @Mixin AdminDatabase db;

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
      String token;
      try (ServerDatabase serverDatabase = user.server.openFor(db.database)) {
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
