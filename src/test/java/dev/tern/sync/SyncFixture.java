package dev.tern.sync;

import dev.tern.protocol.CommentState;
import dev.tern.protocol.IssueState;
import dev.tern.replica.Replica;
import dev.tern.server.ServerSettings;
import dev.tern.server.TernServer;
import dev.tern.server.store.JdbcServerStore;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * A real server on loopback over a real SQLite file, and clients that are real replicas on their
 * own SQLite files syncing through the same code `tern sync` runs.
 */
final class SyncFixture implements AutoCloseable {
  final Path dir;
  final JdbcServerStore store;
  private TernServer server;
  private int port;

  SyncFixture(Path dir) {
    this(dir, settings -> settings);
  }

  /** A fixture whose server runs with {@code tweak} applied to the test settings. */
  SyncFixture(Path dir, java.util.function.UnaryOperator<ServerSettings> tweak) {
    this.dir = dir;
    this.store = JdbcServerStore.openSqlite(dir.resolve("server.db"));
    this.server = TernServer.start(store, tweak.apply(settings(0)));
    this.port = server.port();
  }

  private static ServerSettings settings(int port) {
    return ServerSettings.defaults()
        .withAddress("127.0.0.1", port)
        .withLog(new PrintStream(OutputStream.nullOutputStream()));
  }

  String url() {
    return "ws://127.0.0.1:" + port;
  }

  /** Stops the server and starts a new one on the same store and port. */
  void restart() {
    server.shutdown();
    server = TernServer.start(store, settings(port));
  }

  void stop() {
    server.shutdown();
  }

  String user(String name, String... teams) {
    return store.addUser(name, List.of(teams));
  }

  Client client(String name, String token) {
    return client(name, token, System::currentTimeMillis);
  }

  Client client(String name, String token, LongSupplier clock) {
    return new Client(name, token, Replica.open(dir.resolve(name + ".db"), clock, name));
  }

  /** The server's current issues of {@code teams}, by id. */
  TreeMap<String, IssueState> serverIssues(Set<String> teams) {
    TreeMap<String, IssueState> issues = new TreeMap<>();
    String after = null;
    while (true) {
      List<IssueState> page = store.issues(teams, after, 1000);
      if (page.isEmpty()) {
        return issues;
      }
      page.forEach(issue -> issues.put(issue.id(), issue));
      after = page.get(page.size() - 1).id();
    }
  }

  TreeMap<String, CommentState> serverComments(Set<String> teams) {
    TreeMap<String, CommentState> comments = new TreeMap<>();
    String after = null;
    while (true) {
      List<CommentState> page = store.comments(teams, after, 1000);
      if (page.isEmpty()) {
        return comments;
      }
      page.forEach(comment -> comments.put(comment.id(), comment));
      after = page.get(page.size() - 1).id();
    }
  }

  @Override
  public void close() {
    server.shutdown();
    store.close();
  }

  /** One user's replica and token. */
  final class Client implements AutoCloseable {
    final String name;
    final String token;
    final Replica replica;

    Client(String name, String token, Replica replica) {
      this.name = name;
      this.token = token;
      this.replica = replica;
    }

    /** What `tern login URL --token T` does: greet, then record the server, user and team. */
    void login(String team) {
      try (ServerConnection connection = connect()) {
        var welcome = round(connection).greet(token);
        replica.sync().attach(url(), token, welcome.user(), SyncRound.teams(welcome.teams()), team);
      }
    }

    /** One `tern sync`: a round, and a second one when the first renewed the client id. */
    SyncReport sync() {
      try {
        return syncOnce();
      } catch (IdentityRenewed renewed) {
        return syncOnce();
      }
    }

    private SyncReport syncOnce() {
      try (ServerConnection connection = connect()) {
        SyncRound round = round(connection);
        round.greet(token);
        return round.run();
      }
    }

    /** Pulls only: what a round does after its push. */
    void pullOnly() {
      try (ServerConnection connection = connect()) {
        SyncRound round = round(connection);
        round.greet(token);
        round.pull();
      }
    }

    ServerConnection connect() {
      return ServerConnection.open(url(), Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    SyncRound round(ServerConnection connection) {
      return new SyncRound(
          replica.sync(),
          connection,
          Duration.ofSeconds(30),
          System::currentTimeMillis,
          (phase, done, total) -> {});
    }

    @Override
    public void close() {
      replica.close();
    }
  }
}
