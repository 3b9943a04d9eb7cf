package dev.tern.bench;

import dev.tern.model.Issue;
import dev.tern.protocol.DeltaEntry;
import dev.tern.protocol.Message;
import dev.tern.replica.IssueEdit;
import dev.tern.replica.IssueJson;
import dev.tern.replica.Replica;
import dev.tern.replica.SyncState;
import dev.tern.server.ServerSettings;
import dev.tern.server.TernServer;
import dev.tern.server.store.JdbcServerStore;
import dev.tern.sync.ServerConnection;
import dev.tern.sync.SyncReport;
import dev.tern.sync.SyncRound;
import dev.tern.sync.Watcher;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.java_websocket.WebSocket;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.handshake.ServerHandshake;
import org.java_websocket.server.WebSocketServer;

/**
 * The sync figures of docs/performance.md, each beside a raw baseline measured in the same run:
 * push of pending operations to a SQLite server, bootstrap of an empty client, and edit-to-watcher
 * latency. Run by scripts/bench; arguments: {@code push bootstrap latency} (default all) and {@code
 * --ops N}.
 */
public final class SyncBench {
  private static final PrintStream SILENT = new PrintStream(OutputStream.nullOutputStream());

  public static void main(String[] args) throws Exception {
    List<String> sections = new ArrayList<>();
    int ops = 100_000;
    int samples = 300;
    Path serverCopy = null;
    for (int index = 0; index < args.length; index++) {
      switch (args[index]) {
        case "--ops" -> ops = Integer.parseInt(args[++index]);
        case "--server-copy" -> serverCopy = Path.of(args[++index]).toAbsolutePath();
        case "--samples" -> samples = Integer.parseInt(args[++index]);
        default -> sections.add(args[index]);
      }
    }
    if (sections.isEmpty()) {
      sections = List.of("push", "bootstrap", "latency");
    }
    Path dir = Files.createTempDirectory("tern-syncbench");
    try {
      if (sections.contains("push") || sections.contains("bootstrap")) {
        pushAndBootstrap(
            dir, ops, sections.contains("push"), sections.contains("bootstrap"), serverCopy);
      }
      if (sections.contains("latency")) {
        latency(dir.resolve("latency"), samples);
      }
    } finally {
      delete(dir);
    }
  }

  static void row(String what, String value, String baseline, String baselineValue, String ratio) {
    System.out.printf(
        "%-44s %14s   %-34s %14s   %s%n", what, value, baseline, baselineValue, ratio);
  }

  // ---- push and bootstrap ------------------------------------------------------------------

  /**
   * The push, then the bootstrap of its issues. With {@code serverCopy} (a bootstrap alone, timed
   * again and again): the server's file after the push is kept there, and a later run that finds it
   * starts from a copy of it instead of importing and pushing again.
   */
  static void pushAndBootstrap(
      Path dir, int ops, boolean showPush, boolean showBootstrap, Path serverCopy)
      throws Exception {
    Files.createDirectories(dir);
    boolean reuse = serverCopy != null && Files.exists(serverCopy) && !showPush;
    if (reuse) {
      Files.copy(serverCopy, dir.resolve("server.db"));
    }
    try (JdbcServerStore store = JdbcServerStore.openSqlite(dir.resolve("server.db"))) {
      String aliceToken;
      String bobToken;
      if (reuse) {
        aliceToken = store.reissueToken("alice");
        bobToken = store.reissueToken("bob");
      } else {
        store.addTeam("ENG", "Engineering");
        aliceToken = store.addUser("alice", List.of("ENG"));
        bobToken = store.addUser("bob", List.of("ENG"));
      }
      TernServer server =
          TernServer.start(
              store, ServerSettings.defaults().withAddress("127.0.0.1", 0).withLog(SILENT));
      String url = "ws://127.0.0.1:" + server.port();
      if (!reuse) {
        pushAll(dir, ops, showPush, url, aliceToken);
        if (serverCopy != null) {
          try (Connection copy =
                  DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("server.db"));
              Statement statement = copy.createStatement()) {
            statement.execute("VACUUM INTO '" + serverCopy.toString().replace("'", "''") + "'");
          }
        }
      }
      if (showBootstrap) {
        try (Replica bob = Replica.open(dir.resolve("bob.db"), System::currentTimeMillis, "b")) {
          login(bob, url, bobToken);
          long cpuBefore = processCpuNanos();
          long started = System.nanoTime();
          SyncReport report = syncOnce(bob, url, bobToken);
          double seconds = (System.nanoTime() - started) / 1e9;
          double cpuSeconds = (processCpuNanos() - cpuBefore) / 1e9;
          if (!report.bootstrapped() || bob.status().issues() != ops) {
            throw new IllegalStateException(
                "bootstrap brought " + bob.status().issues() + " of " + ops + " issues: " + report);
          }
          double raw = rawCopy(dir.resolve("server.db"), dir.resolve("raw-client.db"));
          row(
              "bootstrap " + ops + " issues into an empty client",
              String.format("%.2f s", seconds),
              "raw read + batched insert",
              String.format("%.2f s", raw),
              String.format("%.1fx raw", seconds / raw));
          // CPU of the whole JVM (client, server, GC, JIT): steadier than wall time on a shared
          // machine, where the wall figure mostly measures the wait for a core.
          row("  its CPU time, client and server", String.format("%.2f s", cpuSeconds), "", "", "");
        }
      }
      server.shutdown();
    }
  }

  /** Imports {@code ops} issues into a client and pushes them; prints the push rows if asked. */
  static void pushAll(Path dir, int ops, boolean showPush, String url, String aliceToken)
      throws Exception {
    try (Replica alice = Replica.open(dir.resolve("alice.db"), System::currentTimeMillis, "a")) {
      login(alice, url, aliceToken);
      importIssues(alice, ops);
      // The push alone: the round that sends every pending operation and has it acknowledged.
      // Pulling the confirmations back is timed apart.
      double seconds;
      double pullSeconds;
      double serverCpuPerOp;
      double clientCpuPerOp;
      try (ServerConnection connection =
          ServerConnection.open(url, Duration.ofSeconds(5), Duration.ofSeconds(30))) {
        SyncRound round = round(alice.sync(), connection);
        round.greet(aliceToken);
        long serverCpuBefore = serverCpuNanos();
        long processCpuBefore = processCpuNanos();
        long started = System.nanoTime();
        round.push();
        seconds = (System.nanoTime() - started) / 1e9;
        long serverCpu = serverCpuNanos() - serverCpuBefore;
        serverCpuPerOp = serverCpu / 1e3 / ops;
        clientCpuPerOp = (processCpuNanos() - processCpuBefore - serverCpu) / 1e3 / ops;
        started = System.nanoTime();
        round.pull();
        pullSeconds = (System.nanoTime() - started) / 1e9;
        SyncReport report = round.report();
        if (report.pushed() != ops || report.rejected() != 0) {
          throw new IllegalStateException("push went wrong: " + report);
        }
      }
      double rawInserts = rawServerInserts(dir.resolve("raw-server.db"), ops);
      if (showPush) {
        row(
            "push " + ops + " ops to a SQLite server",
            String.format("%,.0f ops/s", ops / seconds),
            "raw SQLite batched inserts",
            String.format("%,.0f rows/s", ops / rawInserts),
            String.format("%.2fx of raw (%.2f s)", rawInserts / seconds, seconds));
        // CPU time is what the server's work costs whatever else the machine runs; on a busy
        // machine the wall-clock rate above mostly measures the wait for a core.
        row(
            "  server CPU per op (its threads)",
            String.format("%.1f us", serverCpuPerOp),
            "",
            "",
            String.format("%,.0f ops/s per core", 1e6 / serverCpuPerOp));
        row(
            "  client CPU per op (the rest of the JVM)",
            String.format("%.1f us", clientCpuPerOp),
            "",
            "",
            "client, its WebSocket, GC and JIT");
        row(
            "  then pull the " + ops + " confirmations back",
            String.format("%.2f s", pullSeconds),
            "",
            "",
            "");
      }
    }
  }

  /**
   * CPU time so far of the server's threads in this JVM: its writer, senders and workers ({@code
   * tern-*}) and Java-WebSocket's server-side selector and decoders.
   */
  static long serverCpuNanos() {
    java.lang.management.ThreadMXBean threads =
        java.lang.management.ManagementFactory.getThreadMXBean();
    long total = 0;
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      String name = thread.getName();
      if (name.startsWith("tern-")
          || name.startsWith("WebSocketWorker-")
          || name.startsWith("WebSocketSelector-")) {
        total += Math.max(0, threads.getThreadCpuTime(thread.getId()));
      }
    }
    return total;
  }

  /** CPU time so far of this whole JVM (every thread, GC and JIT included). */
  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  static void login(Replica replica, String url, String token) {
    try (ServerConnection connection =
        ServerConnection.open(url, Duration.ofSeconds(5), Duration.ofSeconds(30))) {
      SyncRound round = round(replica.sync(), connection);
      Message.Welcome welcome = round.greet(token);
      replica.sync().attach(url, token, welcome.user(), SyncRound.teams(welcome.teams()), "ENG");
    }
  }

  static SyncReport syncOnce(Replica replica, String url, String token) {
    try (ServerConnection connection =
        ServerConnection.open(url, Duration.ofSeconds(5), Duration.ofSeconds(30))) {
      SyncRound round = round(replica.sync(), connection);
      round.greet(token);
      return round.run();
    }
  }

  static SyncRound round(SyncState state, ServerConnection connection) {
    return new SyncRound(
        state, connection, Duration.ofSeconds(120), System::currentTimeMillis, (p, d, t) -> {});
  }

  /** Makes {@code count} pending create operations quickly, through tern's own import. */
  static void importIssues(Replica replica, int count) throws IOException {
    StringWriter lines = new StringWriter();
    long now = System.currentTimeMillis();
    for (int index = 0; index < count; index++) {
      String id = UUID.randomUUID().toString();
      lines.write(
          "{\"id\":\""
              + id
              + "\",\"team\":\"ENG\",\"title\":\"Issue "
              + index
              + "\",\"description\":\"Some words about issue "
              + index
              + "\",\"state\":\"todo\",\"priority\":"
              + (index % 5)
              + ",\"labels\":[\"bench\"],\"creator\":\"alice\",\"createdAt\":\""
              + IssueJson.time(now)
              + "\",\"updatedAt\":\""
              + IssueJson.time(now)
              + "\"}\n");
    }
    replica.importIssues(
        new java.io.ByteArrayInputStream(
            lines.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  /** Seconds to insert {@code rows} op-sized rows into a fresh WAL SQLite file, 1,000 a commit. */
  static double rawServerInserts(Path file, int rows) throws Exception {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA journal_mode = WAL");
      statement.execute("PRAGMA synchronous = NORMAL");
      statement.execute(
          "CREATE TABLE log (sync_id INTEGER PRIMARY KEY, op_id TEXT UNIQUE, body TEXT)");
      connection.setAutoCommit(false);
      String body = "x".repeat(400);
      long started = System.nanoTime();
      try (PreparedStatement insert =
          connection.prepareStatement("INSERT INTO log (sync_id, op_id, body) VALUES (?, ?, ?)")) {
        for (int index = 1; index <= rows; index++) {
          insert.setLong(1, index);
          insert.setString(2, UUID.randomUUID().toString());
          insert.setString(3, body);
          insert.executeUpdate();
          if (index % 1000 == 0) {
            connection.commit();
          }
        }
        connection.commit();
      }
      return (System.nanoTime() - started) / 1e9;
    }
  }

  /** Seconds to read every issue row of the server and insert it into a fresh client file. */
  static double rawCopy(Path server, Path client) throws Exception {
    long started = System.nanoTime();
    try (Connection from = DriverManager.getConnection("jdbc:sqlite:" + server);
        Connection to = DriverManager.getConnection("jdbc:sqlite:" + client);
        Statement setup = to.createStatement()) {
      setup.execute("PRAGMA journal_mode = WAL");
      setup.execute("CREATE TABLE issues (id TEXT PRIMARY KEY, body TEXT)");
      to.setAutoCommit(false);
      String table = firstTable(from, "issue");
      try (Statement read = from.createStatement();
          ResultSet rows = read.executeQuery("SELECT * FROM " + table);
          PreparedStatement insert = to.prepareStatement("INSERT INTO issues VALUES (?, ?)")) {
        int count = 0;
        while (rows.next()) {
          insert.setString(1, rows.getString(1));
          insert.setString(2, rows.getString(2));
          insert.executeUpdate();
          if (++count % 5000 == 0) {
            to.commit();
          }
        }
        to.commit();
      }
    }
    return (System.nanoTime() - started) / 1e9;
  }

  private static String firstTable(Connection connection, String prefix) throws Exception {
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT name FROM sqlite_schema WHERE type = 'table' AND name LIKE '"
                    + prefix
                    + "%' ORDER BY name")) {
      if (!rows.next()) {
        throw new IllegalStateException("no " + prefix + " table on the server");
      }
      return rows.getString(1);
    }
  }

  // ---- latency -----------------------------------------------------------------------------

  static void latency(Path dir, int samples) throws Exception {
    Files.createDirectories(dir);
    try (JdbcServerStore store = JdbcServerStore.openSqlite(dir.resolve("server.db"))) {
      store.addTeam("ENG", "Engineering");
      String aliceToken = store.addUser("alice", List.of("ENG"));
      String bobToken = store.addUser("bob", List.of("ENG"));
      TernServer server =
          TernServer.start(
              store, ServerSettings.defaults().withAddress("127.0.0.1", 0).withLog(SILENT));
      String url = "ws://127.0.0.1:" + server.port();
      try (Replica alice = Replica.open(dir.resolve("alice.db"), System::currentTimeMillis, "a");
          Replica bob = Replica.open(dir.resolve("bob.db"), System::currentTimeMillis, "b")) {
        login(alice, url, aliceToken);
        login(bob, url, bobToken);
        Issue issue = alice.create(dev.tern.replica.NewIssue.titled("latency"));
        syncOnce(alice, url, aliceToken);
        BlockingQueue<Long> arrivals = new ArrayBlockingQueue<>(samples * 2);
        CountDownLatch connected = new CountDownLatch(1);
        Watcher watcher =
            new Watcher(
                bob.sync(),
                url,
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
        Thread watching = new Thread(watcher::run, "bench-watcher");
        watching.start();
        connected.await(10, TimeUnit.SECONDS);
        long[] latencies = new long[samples];
        try (ServerConnection connection =
            ServerConnection.open(url, Duration.ofSeconds(5), Duration.ofSeconds(30))) {
          SyncRound round = round(alice.sync(), connection);
          round.greet(aliceToken);
          for (int index = 0; index < samples + 20; index++) {
            alice.update(issue.id(), IssueEdit.none().withTitle("title " + index));
            long started = System.nanoTime();
            round.push();
            Long arrived = arrivals.poll(5, TimeUnit.SECONDS);
            if (arrived == null) {
              throw new IllegalStateException("the watcher did not receive edit " + index);
            }
            if (index >= 20) {
              latencies[index - 20] = arrived - started;
            }
          }
        }
        watcher.stop();
        watching.join(5_000);
        long[] raw = rawRoundTrips(samples);
        row(
            "edit on A -> applied on watching B (p50)",
            millis(percentile(latencies, 50)),
            "raw loopback WebSocket round trip",
            millis(percentile(raw, 50)),
            String.format("%.1fx raw", (double) percentile(latencies, 50) / percentile(raw, 50)));
        row(
            "edit on A -> applied on watching B (p99)",
            millis(percentile(latencies, 99)),
            "raw loopback WebSocket round trip",
            millis(percentile(raw, 99)),
            String.format("%.1fx raw", (double) percentile(latencies, 99) / percentile(raw, 99)));
      }
      server.shutdown();
    }
  }

  /** Round trips of a small text frame to an echo server on loopback, in nanoseconds. */
  static long[] rawRoundTrips(int samples) throws Exception {
    WebSocketServer echo =
        new WebSocketServer(new InetSocketAddress("127.0.0.1", 0)) {
          @Override
          public void onOpen(WebSocket connection, ClientHandshake handshake) {}

          @Override
          public void onClose(WebSocket connection, int code, String reason, boolean remote) {}

          @Override
          public void onMessage(WebSocket connection, String message) {
            connection.send(message);
          }

          @Override
          public void onError(WebSocket connection, Exception e) {}

          @Override
          public void onStart() {}
        };
    echo.setReuseAddr(true);
    echo.start();
    while (echo.getPort() == 0) {
      Thread.sleep(5);
    }
    Thread.sleep(100);
    BlockingQueue<String> replies = new ArrayBlockingQueue<>(16);
    WebSocketClient client =
        new WebSocketClient(new URI("ws://127.0.0.1:" + echo.getPort())) {
          @Override
          public void onOpen(ServerHandshake handshake) {}

          @Override
          public void onMessage(String message) {
            replies.add(message);
          }

          @Override
          public void onClose(int code, String reason, boolean remote) {}

          @Override
          public void onError(Exception e) {}
        };
    client.setTcpNoDelay(true);
    client.connectBlocking(5, TimeUnit.SECONDS);
    long[] times = new long[samples];
    String payload = "x".repeat(400);
    for (int index = 0; index < samples + 20; index++) {
      long started = System.nanoTime();
      client.send(payload);
      replies.poll(5, TimeUnit.SECONDS);
      if (index >= 20) {
        times[index - 20] = System.nanoTime() - started;
      }
    }
    client.closeBlocking();
    echo.stop(1000);
    return times;
  }

  static long percentile(long[] values, int percent) {
    long[] sorted = values.clone();
    Arrays.sort(sorted);
    int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  static String millis(long nanos) {
    return String.format("%.2f ms", nanos / 1e6);
  }

  static void delete(Path dir) throws IOException {
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  private SyncBench() {}
}
