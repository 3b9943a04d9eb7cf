package dev.tern.bench;

import dev.tern.op.Change;
import dev.tern.op.Hlc;
import dev.tern.op.Kind;
import dev.tern.op.Op;
import dev.tern.op.OpHeader;
import dev.tern.protocol.Message;
import dev.tern.protocol.MessageCodec;
import dev.tern.protocol.Protocol;
import dev.tern.server.store.JdbcServerStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many held connections on one server node (docs/performance.md): a {@code tern server} process
 * with a 512 MB heap, {@code teams} teams of {@code perTeam} watchers each, and one writer per team
 * pushing issue creations at {@code rate} ops/s in total. Each watcher is a lightweight JDK {@link
 * WebSocket}; delivery latency is the time from a push leaving the writer to the delta reaching a
 * watcher of that team (all in this one JVM, so one clock).
 *
 * <p>Arguments: {@code --teams N --per-team N --rate N --seconds N}.
 */
public final class ConnectionsBench {
  private ConnectionsBench() {}

  public static void main(String[] args) throws Exception {
    int teams = 100;
    int perTeam = 100;
    int rate = 200;
    int seconds = 20;
    for (int index = 0; index < args.length; index++) {
      switch (args[index]) {
        case "--teams" -> teams = Integer.parseInt(args[++index]);
        case "--per-team" -> perTeam = Integer.parseInt(args[++index]);
        case "--rate" -> rate = Integer.parseInt(args[++index]);
        case "--seconds" -> seconds = Integer.parseInt(args[++index]);
        default -> throw new IllegalArgumentException("unknown argument " + args[index]);
      }
    }
    Path dir = Files.createTempDirectory("tern-connbench");
    Path database = dir.resolve("server.db");
    List<String> writerTokens = new ArrayList<>();
    List<List<String>> watcherTokens = new ArrayList<>();
    try (JdbcServerStore store = JdbcServerStore.openSqlite(database)) {
      for (int team = 0; team < teams; team++) {
        String key = teamKey(team);
        store.addTeam(key, "Team " + team);
        writerTokens.add(store.addUser("writer" + team, List.of(key)));
        List<String> tokens = new ArrayList<>();
        for (int watcher = 0; watcher < perTeam; watcher++) {
          tokens.add(store.addUser("w" + team + "x" + watcher, List.of(key)));
        }
        watcherTokens.add(tokens);
      }
    }
    Process server = startServer(database);
    try {
      int port = awaitPort(server);
      URI uri = URI.create("ws://127.0.0.1:" + port);
      HttpClient http = HttpClient.newHttpClient();
      ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
      AtomicInteger welcomed = new AtomicInteger();
      AtomicInteger closed = new AtomicInteger();
      long connectStarted = System.nanoTime();
      Semaphore opening = new Semaphore(200);
      List<WebSocket> sockets = new ArrayList<>();
      for (int team = 0; team < teams; team++) {
        for (String token : watcherTokens.get(team)) {
          opening.acquire();
          Watcher watcher = new Watcher(latencies, welcomed, closed, opening);
          WebSocket socket =
              http.newWebSocketBuilder().buildAsync(uri, watcher).get(30, TimeUnit.SECONDS);
          socket.sendText(hello(token, UUID.randomUUID().toString()), true);
          sockets.add(socket);
        }
      }
      int total = teams * perTeam;
      while (welcomed.get() < total && closed.get() == 0) {
        if (System.nanoTime() - connectStarted > TimeUnit.SECONDS.toNanos(300)) {
          throw new IllegalStateException("only " + welcomed.get() + " of " + total + " welcomed");
        }
        Thread.sleep(20);
      }
      double connectSeconds = (System.nanoTime() - connectStarted) / 1e9;

      List<Writer> writers = new ArrayList<>();
      for (int team = 0; team < teams; team++) {
        Writer writer = new Writer("writer" + team, teamKey(team));
        WebSocket socket =
            http.newWebSocketBuilder().buildAsync(uri, writer).get(30, TimeUnit.SECONDS);
        writer.socket = socket;
        socket.sendText(hello(writerTokens.get(team), writer.clientId), true);
        writers.add(writer);
      }
      // Pushes sent before a writer's welcome would be refused; on a busy machine a hello can take
      // longer than any fixed pause.
      for (Writer writer : writers) {
        writer.welcomed.get(60, TimeUnit.SECONDS);
      }
      Thread.sleep(500);
      latencies.clear();
      long serverCpuBefore = cpuNanos(server);
      Map<String, Long> threadsBefore = threadTicks(server.pid());
      long intervalNanos = 1_000_000_000L / rate;
      long started = System.nanoTime();
      long sent = 0;
      while (System.nanoTime() - started < TimeUnit.SECONDS.toNanos(seconds)) {
        long due = started + sent * intervalNanos;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        writers.get((int) (sent % teams)).push();
        sent++;
      }
      // Until every delta has arrived (at most 60 s more): the server's CPU is then the whole cost
      // of these deliveries, however long a busy machine made them take.
      long expected = sent * perTeam;
      long drainStarted = System.nanoTime();
      while (latencies.size() < expected
          && System.nanoTime() - drainStarted < TimeUnit.SECONDS.toNanos(60)) {
        Thread.sleep(50);
      }
      long serverCpu = cpuNanos(server) - serverCpuBefore;
      Map<String, Long> threadsAfter = threadTicks(server.pid());
      long heap = heapUsedAfterGc(server.pid());
      long[] values = latencies.stream().mapToLong(Long::longValue).toArray();
      System.out.printf(
          "%-44s %14s   %-34s %14s   %s%n",
          "held connections (" + teams + " teams x " + perTeam + ")",
          String.format("%,d", welcomed.get()),
          "connected in",
          String.format("%.1f s", connectSeconds),
          (closed.get() == 0 ? "none dropped" : closed.get() + " dropped")
              + ", "
              + writers.stream().filter(writer -> writer.closed).count()
              + " of the writers closed");
      System.out.printf(
          "%-44s %14s   %-34s %14s   %s%n",
          "delivery at " + rate + " ops/s (p50 / p99)",
          SyncBench.millis(SyncBench.percentile(values, 50)),
          "p99",
          SyncBench.millis(SyncBench.percentile(values, 99)),
          String.format("%,d of %,d deliveries", values.length, expected));
      System.out.printf(
          "%-44s %14s   %-34s %14s   %s%n",
          "server CPU per delivery",
          String.format("%.1f us", values.length == 0 ? 0.0 : serverCpu / 1e3 / values.length),
          "server CPU over the push phase",
          String.format("%.1f s", serverCpu / 1e9),
          "");
      StringBuilder byThread = new StringBuilder();
      threadsAfter.entrySet().stream()
          .map(
              e -> Map.entry(e.getKey(), e.getValue() - threadsBefore.getOrDefault(e.getKey(), 0L)))
          .filter(e -> e.getValue() > 0)
          .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
          .limit(6)
          .forEach(
              e ->
                  byThread.append(
                      String.format(
                          "%s %.1f  ",
                          e.getKey(), e.getValue() * 10_000.0 / Math.max(1, values.length))));
      System.out.printf(
          "%-44s %s%n", "  by server thread, us per delivery", byThread.toString().trim());
      System.out.printf(
          "%-44s %14s   %-34s %14s   %s%n",
          "server heap after GC (limit -Xmx512m)",
          String.format("%d MB", heap / (1024 * 1024)),
          "",
          "",
          "");
      for (WebSocket socket : sockets) {
        socket.abort();
      }
      writers.forEach(writer -> writer.socket.abort());
    } finally {
      server.destroy();
      server.waitFor(10, TimeUnit.SECONDS);
      SyncBench.delete(dir);
    }
  }

  static String teamKey(int team) {
    return String.format("T%03d", team);
  }

  static String hello(String token, String clientId) {
    return MessageCodec.write(new Message.Hello(Protocol.PROTOCOL, token, clientId, 0));
  }

  /**
   * Starts {@code tern server} from this JVM's class path (so the jar the bench runs with is the
   * server measured). {@code -Dbench.serverFlags} holds extra JVM options, split at spaces (for
   * example a JFR recording: {@code -XX:StartFlightRecording=filename=server.jfr}).
   */
  static Process startServer(Path database) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.addAll(List.of(System.getProperty("bench.serverFlags", "-Xshare:auto").split(" +")));
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            "dev.tern.Main",
            "server",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--db",
            "sqlite:" + database));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    return builder.start();
  }

  /**
   * CPU time of a process's threads by name (digits dropped, so a pool is one line), in clock ticks
   * of 10 ms, from /proc; empty where there is no /proc.
   */
  static Map<String, Long> threadTicks(long pid) {
    Map<String, Long> ticks = new TreeMap<>();
    try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : (Iterable<Path>) tasks::iterator) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
          long used = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
          ticks.merge(name.replaceAll("[0-9]+", "N"), used, Long::sum);
        } catch (java.io.IOException | RuntimeException e) {
          // The thread ended meanwhile.
        }
      }
    } catch (java.io.IOException e) {
      return Map.of();
    }
    return ticks;
  }

  /** CPU time the process has used so far, all its threads; 0 where the system does not say. */
  static long cpuNanos(Process process) {
    return process.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
  }

  static int awaitPort(Process server) throws Exception {
    BufferedReader err =
        new BufferedReader(new InputStreamReader(server.getErrorStream(), StandardCharsets.UTF_8));
    for (String line = err.readLine(); line != null; line = err.readLine()) {
      int at = line.indexOf("listening on ws://");
      if (at >= 0) {
        String rest = line.substring(line.indexOf(':', at + "listening on ws://".length()) + 1);
        int port = Integer.parseInt(rest.replaceAll("[^0-9].*$", ""));
        Thread drain = new Thread(() -> drain(err), "server-log");
        drain.setDaemon(true);
        drain.start();
        return port;
      }
    }
    throw new IllegalStateException("the server exited before listening");
  }

  private static void drain(BufferedReader err) {
    try {
      // The server's log is not part of the figures; -Dbench.serverLog=true shows it on stderr.
      boolean show = Boolean.getBoolean("bench.serverLog");
      for (String line = err.readLine(); line != null; line = err.readLine()) {
        if (show) {
          System.err.println("server: " + line);
        }
      }
    } catch (java.io.IOException e) {
      // The server went away: the bench is ending.
    }
  }

  /** Heap in use after a full GC, as jcmd reports it for the server process. */
  static long heapUsedAfterGc(long pid) throws Exception {
    String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    new ProcessBuilder(jcmd, Long.toString(pid), "GC.run").start().waitFor(30, TimeUnit.SECONDS);
    Process info = new ProcessBuilder(jcmd, Long.toString(pid), "GC.heap_info").start();
    String text = new String(info.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    info.waitFor(30, TimeUnit.SECONDS);
    long used = 0;
    for (String line : text.split("\n")) {
      int at = line.indexOf(" used ");
      if (at >= 0 && line.contains("total")) {
        String number = line.substring(at + 6).trim().split("K")[0];
        used += Long.parseLong(number) * 1024;
      }
    }
    return used;
  }

  /** One watching connection: counts the welcome, times every delta's entries. */
  static final class Watcher implements WebSocket.Listener {
    private final ConcurrentLinkedQueue<Long> latencies;
    private final AtomicInteger welcomed;
    private final AtomicInteger closed;
    private final Semaphore opening;
    private final StringBuilder partial = new StringBuilder();

    Watcher(
        ConcurrentLinkedQueue<Long> latencies,
        AtomicInteger welcomed,
        AtomicInteger closed,
        Semaphore opening) {
      this.latencies = latencies;
      this.welcomed = welcomed;
      this.closed = closed;
      this.opening = opening;
    }

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
      long now = System.nanoTime();
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        if (text.startsWith("{\"type\":\"welcome\"")) {
          welcomed.incrementAndGet();
          opening.release();
        } else {
          for (int at = text.indexOf("\"title\":\"t=");
              at >= 0;
              at = text.indexOf("\"title\":\"t=", at + 1)) {
            int start = at + "\"title\":\"t=".length();
            long sentAt = Long.parseLong(text.substring(start, text.indexOf('"', start)));
            latencies.add(now - sentAt);
          }
        }
      }
      socket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket socket, int status, String reason) {
      closed.incrementAndGet();
      return null;
    }

    @Override
    public void onError(WebSocket socket, Throwable error) {
      closed.incrementAndGet();
      opening.release();
    }
  }

  /** One team's writer: pushes one issue creation at a time, its title the send time. */
  static final class Writer implements WebSocket.Listener {
    final String user;
    final String team;
    final String clientId = UUID.randomUUID().toString();
    final AtomicLong seq = new AtomicLong();
    volatile WebSocket socket;
    final CompletableFuture<Void> welcomed = new CompletableFuture<>();
    volatile boolean closed;
    private CompletableFuture<WebSocket> sending = CompletableFuture.completedFuture(null);

    Writer(String user, String team) {
      this.user = user;
      this.team = team;
    }

    synchronized void push() {
      long sequence = seq.incrementAndGet();
      Map<String, Change<String>> changes = new TreeMap<>();
      changes.put("title", new Change<>("t=" + System.nanoTime(), null));
      changes.put("state", new Change<>("todo", null));
      changes.put("priority", new Change<>("0", null));
      Op op =
          Op.fromText(
              new OpHeader(
                  UUID.randomUUID().toString(),
                  clientId,
                  sequence,
                  new Hlc(System.currentTimeMillis(), 0, clientId),
                  user,
                  UUID.randomUUID().toString(),
                  team),
              Kind.CREATE_ISSUE,
              changes);
      String text = MessageCodec.write(new Message.Push(List.of(op)));
      sending = sending.thenCompose(previous -> socket.sendText(text, true));
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      if (data.toString().startsWith("{\"type\":\"welcome\"")) {
        welcomed.complete(null);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int status, String reason) {
      // The server closes a writer whose pushes pile up unanswered: its later pushes are lost.
      closed = true;
      return null;
    }
  }
}
