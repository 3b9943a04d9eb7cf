package dev.tern.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.op.Op;
import dev.tern.protocol.Message;
import dev.tern.protocol.Protocol;
import dev.tern.server.ServerSettings;
import dev.tern.server.TernServer;
import dev.tern.server.TestOps;
import dev.tern.server.store.JdbcServerStore;
import dev.tern.sync.ServerConnection;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** /healthz and /metrics on a real server, with real pushes over a real WebSocket. */
class OpsHttpTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;
  JdbcServerStore store;
  TernServer server;
  OpsHttp http;
  Metrics metrics = new Metrics();
  AtomicBoolean serving = new AtomicBoolean(true);
  String token;

  @BeforeEach
  void start() {
    store = JdbcServerStore.openSqlite(dir.resolve("server.db"));
    store.addTeam("ENG", "Engineering");
    token = store.addUser("alice", List.of("ENG"));
    server =
        TernServer.start(
            store,
            ServerSettings.defaults()
                .withAddress("127.0.0.1", 0)
                .withLog(new PrintStream(OutputStream.nullOutputStream())),
            metrics);
    metrics.watch(server);
    http = OpsHttp.start("127.0.0.1", 0, serving::get, metrics::render);
  }

  @AfterEach
  void stop() {
    http.close();
    server.shutdown();
    store.close();
  }

  HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  long metric(String series) throws Exception {
    HttpResponse<String> response = get("/metrics");
    Matcher value =
        Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(response.body());
    assertThat(value.find()).as(series + " in\n" + response.body()).isTrue();
    return (long) Double.parseDouble(value.group(1));
  }

  /** The metric once it reaches {@code expected}, or its value after 5 s. */
  long eventually(String series, long expected) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    long value = metric(series);
    while (value != expected && System.nanoTime() < deadline) {
      Thread.sleep(20);
      value = metric(series);
    }
    return value;
  }

  @Test
  void healthzAnswersOkWhileServingAnd503AfterwardsAndOtherPathsAre404() throws Exception {
    HttpResponse<String> healthy = get("/healthz");
    assertThat(healthy.statusCode()).isEqualTo(200);
    assertThat(healthy.body()).isEqualTo("ok\n");
    assertThat(get("/nothing").statusCode()).isEqualTo(404);
    assertThat(get("/healthz/deeper").statusCode()).isEqualTo(404);
    serving.set(false);
    assertThat(get("/healthz").statusCode()).isEqualTo(503);
  }

  @Test
  void metricsMoveWhenOpsFlow() throws Exception {
    HttpResponse<String> first = get("/metrics");
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("text/plain; version=0.0.4");
    assertThat(first.body())
        .contains("# TYPE tern_ops_accepted_total counter\n")
        .contains("# TYPE tern_push_seconds histogram\n")
        .contains("# TYPE tern_fanout_seconds histogram\n")
        .contains("# TYPE tern_queued_bytes gauge\n")
        .contains("tern_errors_total{code=\"bad_message\"} 0\n");
    assertThat(metric("tern_ops_accepted_total")).isZero();
    assertThat(metric("tern_connections")).isZero();

    ServerConnection client =
        ServerConnection.open(
            "ws://127.0.0.1:" + server.port(), Duration.ofSeconds(5), Duration.ofSeconds(30));
    client.send(new Message.Hello(Protocol.PROTOCOL, token, "alice-1", 0));
    assertThat(client.receive(Duration.ofSeconds(5))).isInstanceOf(Message.Welcome.class);
    TestOps ops = new TestOps("alice-1", "alice", 1_000);
    List<Op> batch = new ArrayList<>();
    for (int index = 0; index < 3; index++) {
      batch.add(ops.createIssue("ENG", TestOps.newId(), "issue " + index));
    }
    client.send(new Message.Push(batch));
    Message answer = client.receive(Duration.ofSeconds(5));
    while (!(answer instanceof Message.Ack)) {
      answer = client.receive(Duration.ofSeconds(5));
    }

    assertThat(metric("tern_connections")).isEqualTo(1);
    assertThat(metric("tern_ops_accepted_total")).isEqualTo(3);
    assertThat(metric("tern_ops_total{outcome=\"applied\"}")).isEqualTo(3);
    assertThat(metric("tern_push_batches_total")).isEqualTo(1);
    assertThat(metric("tern_push_seconds_count")).isEqualTo(1);
    assertThat(metric("tern_push_seconds_bucket{le=\"+Inf\"}")).isEqualTo(1);

    // The same batch again: duplicates take no new sync id.
    client.send(new Message.Push(batch));
    do {
      answer = client.receive(Duration.ofSeconds(5));
    } while (!(answer instanceof Message.Ack));
    assertThat(metric("tern_ops_accepted_total")).isEqualTo(3);
    assertThat(metric("tern_ops_total{outcome=\"duplicate\"}")).isEqualTo(3);

    assertThat(eventually("tern_fanout_seconds_count", 2)).isEqualTo(2);

    // A second hello is a protocol error: the server closes the connection and counts it.
    client.send(new Message.Hello(Protocol.PROTOCOL, token, "alice-1", 0));
    assertThat(eventually("tern_errors_total{code=\"bad_message\"}", 1)).isEqualTo(1);
    assertThat(eventually("tern_connections", 0)).isZero();
    client.close();
  }
}
