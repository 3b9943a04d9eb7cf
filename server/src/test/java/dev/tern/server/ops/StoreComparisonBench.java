package dev.tern.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.op.Op;
import dev.tern.protocol.Message;
import dev.tern.protocol.Protocol;
import dev.tern.server.ServerSettings;
import dev.tern.server.TernServer;
import dev.tern.server.TestOps;
import dev.tern.server.store.JdbcServerStore;
import dev.tern.server.store.ServerStore;
import dev.tern.sync.ServerConnection;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The figures of server/README.md's scaling guide: one client pushes the same 1000-op batches
 * through one server node on SQLite and on PostgreSQL (embedded, same machine), timed per batch
 * from send to ack. Run with {@code mvn -o test -Dtest=StoreComparisonBench -Dtern.bench=true
 * -Dspotless.check.skip=true}; never part of {@code mvn verify}.
 */
@EnabledIfSystemProperty(named = "tern.bench", matches = "true")
class StoreComparisonBench {
  private static final int BATCHES = 30;
  private static final int BATCH_SIZE = 1000;

  @TempDir Path directory;

  @Test
  void pushThroughOneNodeOnEachStore() throws Exception {
    try (ServerStore sqlite = JdbcServerStore.open("sqlite:" + directory.resolve("server.db"))) {
      report("SQLite", push(sqlite));
    }
    try (EmbeddedPostgres postgres = EmbeddedPostgres.start()) {
      try (Connection connection = postgres.getPostgresDatabase().getConnection();
          Statement statement = connection.createStatement()) {
        statement.execute("CREATE DATABASE bench");
      }
      try (ServerStore store =
          JdbcServerStore.openPostgresql(
              postgres.getJdbcUrl("postgres", "bench"), "postgres", null)) {
        report("PostgreSQL", push(store));
      }
    }
  }

  /** Milliseconds from send to ack of each batch, after two warm-up batches. */
  private static double[] push(ServerStore store) {
    store.addTeam("ENG", "Engineering");
    String token = store.addUser("alice", List.of("ENG"));
    TernServer server =
        TernServer.start(
            store,
            ServerSettings.defaults()
                .withAddress("127.0.0.1", 0)
                .withLog(new PrintStream(OutputStream.nullOutputStream())));
    try {
      ServerConnection client =
          ServerConnection.open(
              "ws://127.0.0.1:" + server.port(), Duration.ofSeconds(5), Duration.ofSeconds(60));
      client.send(new Message.Hello(Protocol.PROTOCOL, token, "alice-1", 0));
      assertThat(client.receive(Duration.ofSeconds(10))).isInstanceOf(Message.Welcome.class);
      TestOps ops = new TestOps("alice-1", "alice", 1_000);
      double[] millis = new double[BATCHES];
      for (int round = -2; round < BATCHES; round++) {
        List<Op> batch = new ArrayList<>();
        for (int index = 0; index < BATCH_SIZE; index++) {
          batch.add(ops.createIssue("ENG", TestOps.newId(), "issue " + round + "/" + index));
        }
        long start = System.nanoTime();
        client.send(new Message.Push(batch));
        Message answer;
        do {
          answer = client.receive(Duration.ofSeconds(60));
        } while (!(answer instanceof Message.Ack));
        if (round >= 0) {
          millis[round] = (System.nanoTime() - start) / 1e6;
        }
      }
      client.close();
      return millis;
    } finally {
      server.shutdown();
    }
  }

  private static void report(String store, double[] millis) {
    double[] sorted = millis.clone();
    Arrays.sort(sorted);
    double total = Arrays.stream(millis).sum();
    System.out.printf(
        "%s: %d ops in %d-op batches, %.0f ops/s; per batch send-to-ack p50 %.0f ms, max %.0f"
            + " ms%n",
        store,
        BATCHES * BATCH_SIZE,
        BATCH_SIZE,
        BATCHES * BATCH_SIZE / (total / 1000),
        sorted[sorted.length / 2],
        sorted[sorted.length - 1]);
  }
}
