package dev.tern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.op.Op;
import dev.tern.op.Outcome;
import dev.tern.protocol.AckResult;
import dev.tern.protocol.DeltaEntry;
import dev.tern.protocol.Message;
import dev.tern.protocol.Protocol;
import dev.tern.server.TestOps;
import dev.tern.server.store.JdbcServerStore;
import dev.tern.sync.ServerConnection;
import dev.tern.sync.SyncException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tern server} in its own process, stopped with SIGTERM while a client pushes: it exits 0,
 * every op it acknowledged is in the database, the client is told to come back (a transient close),
 * and it finishes against the restarted server with every op in the log exactly once.
 */
class ServerShutdownTest {
  private static final Pattern LISTENING =
      Pattern.compile("listening on ws://[^:]+:(\\d+).* http=127\\.0\\.0\\.1:(\\d+)");

  @TempDir Path home;

  /** A running server process and what it wrote to stderr. */
  record Child(Process process, int port, int httpPort, List<String> log, Thread drain) {
    /** Waits for the process to exit and its log to be read; returns the exit code. */
    int exit() throws InterruptedException {
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("exited within 30 s").isTrue();
      drain.join(5000);
      return process.exitValue();
    }
  }

  @Test
  void sigtermUnderAPushingClientLosesNothingAndExitsZero() throws Exception {
    Path database = home.resolve("server.db");
    String token;
    try (JdbcServerStore store = JdbcServerStore.openSqlite(database)) {
      store.addTeam("ENG", "Engineering");
      token = store.addUser("alice", List.of("ENG"));
    }
    Path config = home.resolve("tern-server.conf");
    Files.writeString(
        config, "db = sqlite:" + database + "\nhost = 127.0.0.1\nport = 0\nhttp-port = 0\n");

    TestOps ops = new TestOps("alice-1", "alice", 1_000);
    List<List<Op>> batches = new ArrayList<>();
    Set<String> acked = new HashSet<>();

    Child first = start(config);
    assertThat(get(first.httpPort(), "/healthz")).isEqualTo(200);
    ServerConnection client = signIn(first.port(), token);
    String closeReason = null;
    long signalled = 0;
    try {
      for (int round = 0; round < 1000; round++) {
        List<Op> batch = new ArrayList<>();
        for (int index = 0; index < 20; index++) {
          batch.add(ops.createIssue("ENG", TestOps.newId(), "issue " + round + "." + index));
        }
        batches.add(batch);
        client.send(new Message.Push(batch));
        if (round == 5) {
          // The batch just sent is in flight when the signal arrives.
          signalled = System.nanoTime();
          sigterm(first);
        }
        for (AckResult result : ack(client).results()) {
          assertThat(result.outcome().accepted()).as(result.toString()).isTrue();
          acked.add(result.opId());
        }
      }
    } catch (SyncException closed) {
      assertThat(closed.reason()).isEqualTo(SyncException.Reason.UNREACHABLE);
      closeReason = closed.getMessage();
    } finally {
      client.close();
    }
    assertThat(closeReason).as("the client was told to reconnect").contains("shutting down");
    assertThat(first.exit()).as(String.join("\n", first.log())).isZero();
    System.out.printf(
        "server stopped %d ms after SIGTERM%n", (System.nanoTime() - signalled) / 1_000_000);
    assertThat(first.log()).anyMatch(line -> line.contains("msg=\"shutting down\""));
    assertThat(first.log()).anyMatch(line -> line.contains("msg=stopped ops_accepted="));
    assertThat(first.log()).allMatch(line -> line.startsWith("time="));
    assertThat(acked).hasSizeGreaterThanOrEqualTo(5 * 20);
    assertThat(opsInLog(database)).containsAll(acked);

    // The client pushes everything not known to be acked again, this time to the new server.
    Child second = start(config);
    try {
      client = signIn(second.port(), token);
      for (List<Op> batch : batches) {
        client.send(new Message.Push(batch));
        for (AckResult result : ack(client).results()) {
          assertThat(result.outcome().accepted() || result.outcome() == Outcome.DUPLICATE)
              .as(result.toString())
              .isTrue();
        }
      }
      client.close();
    } finally {
      sigterm(second);
    }
    assertThat(second.exit()).isZero();
    List<String> logged = opsInLog(database);
    Set<String> sent = new HashSet<>();
    batches.forEach(batch -> batch.forEach(op -> sent.add(op.id())));
    assertThat(logged).hasSize(sent.size()).doesNotHaveDuplicates();
    assertThat(new HashSet<>(logged)).isEqualTo(sent);
  }

  /**
   * Sends SIGTERM. (Process.destroy sends it too, but then closes our end of the child's pipes, so
   * its last log lines would be lost.)
   */
  private static void sigterm(Child child) {
    assertThat(child.process().toHandle().destroy()).isTrue();
  }

  private static Message.Ack ack(ServerConnection client) {
    while (true) {
      Message message = client.receive(Duration.ofSeconds(10));
      assertThat(message).as("an answer within 10 s").isNotNull();
      if (message instanceof Message.Ack ack) {
        return ack;
      }
    }
  }

  private static ServerConnection signIn(int port, String token) {
    ServerConnection client =
        ServerConnection.open(
            "ws://127.0.0.1:" + port, Duration.ofSeconds(5), Duration.ofSeconds(30));
    client.send(new Message.Hello(Protocol.PROTOCOL, token, "alice-1", 0));
    Message welcome = client.receive(Duration.ofSeconds(10));
    assertThat(welcome).isInstanceOf(Message.Welcome.class);
    return client;
  }

  private static List<String> opsInLog(Path database) {
    try (JdbcServerStore store = JdbcServerStore.openSqlite(database)) {
      return store.readLog(Set.of("ENG"), 0, store.head(), 100_000).stream()
          .map(DeltaEntry::op)
          .map(Op::id)
          .toList();
    }
  }

  private static int get(int port, String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private Child start(Path config) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            "dev.tern.Main",
            "server",
            "--config",
            config.toString());
    builder.environment().put("TERN_HOME", home.toString());
    builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    Process process = builder.start();
    BufferedReader err =
        new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
    List<String> log = new CopyOnWriteArrayList<>();
    for (String line = err.readLine(); line != null; line = err.readLine()) {
      log.add(line);
      Matcher listening = LISTENING.matcher(line);
      if (listening.find()) {
        Thread drain =
            new Thread(
                () -> {
                  try {
                    for (String more = err.readLine(); more != null; more = err.readLine()) {
                      log.add(more);
                    }
                  } catch (java.io.IOException ignored) {
                    // The process is gone.
                  }
                });
        drain.setDaemon(true);
        drain.start();
        return new Child(
            process,
            Integer.parseInt(listening.group(1)),
            Integer.parseInt(listening.group(2)),
            log,
            drain);
      }
    }
    throw new AssertionError("the server exited before listening: " + log);
  }
}
