package dev.tern.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.op.Change;
import dev.tern.op.Op;
import dev.tern.protocol.Message;
import dev.tern.protocol.MessageCodec;
import dev.tern.protocol.Protocol;
import dev.tern.server.store.JdbcServerStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A watcher that stops reading its socket must not slow the others or make the server hold an
 * unbounded backlog for it: once its unsent frames pass the limit it is dropped (it would catch up
 * by cursor when it comes back).
 */
class SlowReaderTest {
  @TempDir Path dir;

  @Test
  void aWatcherThatStopsReadingIsDroppedAndOthersKeepTheirLatency() throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    ServerSettings defaults = ServerSettings.defaults();
    ServerSettings settings =
        new ServerSettings(
            "127.0.0.1",
            0,
            defaults.helloTimeout(),
            defaults.handshakeTimeout(),
            defaults.maxHelloBytes(),
            defaults.maxFrameBytes(),
            defaults.maxBatchOps(),
            defaults.maxPendingMessages(),
            2 * 1024 * 1024,
            defaults.maxTotalQueuedBytes(),
            defaults.maxConnections(),
            0,
            null,
            new PrintStream(log, true, StandardCharsets.UTF_8));
    try (JdbcServerStore store = JdbcServerStore.openSqlite(dir.resolve("server.db"))) {
      store.addTeam("ENG", "Engineering");
      String writerToken = store.addUser("writer", List.of("ENG"));
      String goodToken = store.addUser("good", List.of("ENG"));
      String stuckToken = store.addUser("stuck", List.of("ENG"));
      TernServer server = TernServer.start(store, settings);
      try {
        // The stuck watcher reads its welcome and then never asks the JDK client for more, so
        // nothing more is read from its socket: TCP buffers fill, then the server's queue does.
        WebSocket stuck =
            HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .buildAsync(
                    URI.create("ws://127.0.0.1:" + server.port()),
                    new WebSocket.Listener() {
                      @Override
                      public CompletionStage<?> onText(
                          WebSocket socket, CharSequence data, boolean last) {
                        return null;
                      }
                    })
                .get(5, TimeUnit.SECONDS);
        stuck.sendText(
            MessageCodec.write(new Message.Hello(Protocol.PROTOCOL, stuckToken, "stuck-1", 0)),
            true);
        RawClient good = RawClient.signedIn(server.port(), goodToken, "good-1");
        RawClient writer = RawClient.signedIn(server.port(), writerToken, "writer-1");

        TestOps ops = new TestOps("writer-1", "writer", 1_000);
        String description = "a long line of an issue description\n".repeat(2_000);
        int pushes = 400;
        long[] latencies = new long[pushes];
        for (int index = 0; index < pushes; index++) {
          Op create = ops.createIssue("ENG", TestOps.newId(), "issue " + index);
          TreeMap<String, Change<String>> changes = new TreeMap<>(create.changes());
          changes.put("description", new Change<>(description, null));
          Op big =
              TestOps.textOp(
                  create.id(),
                  create.clientId(),
                  create.seq(),
                  create.stamp(),
                  create.actor(),
                  create.kind(),
                  create.entity(),
                  create.team(),
                  changes);
          long started = System.nanoTime();
          writer.send(new Message.Push(List.of(big)));
          Message.Delta delta = good.next(Message.Delta.class);
          latencies[index] = System.nanoTime() - started;
          assertThat(delta.entries()).extracting(entry -> entry.op().id()).contains(big.id());
          writer.next(Message.Ack.class);
        }

        assertThat(log.toString(StandardCharsets.UTF_8)).contains("reads too slowly");
        Arrays.sort(latencies);
        long p99 = latencies[(int) (pushes * 0.99) - 1];
        assertThat(Duration.ofNanos(p99)).isLessThan(Duration.ofMillis(500));
        stuck.abort();
      } finally {
        server.shutdown();
      }
    }
  }
}
