package dev.tern.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.op.Op;
import dev.tern.op.Outcome;
import dev.tern.protocol.AckResult;
import dev.tern.protocol.Message;
import dev.tern.server.store.JdbcServerStore;
import dev.tern.server.store.ServerStore;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Push of 100k operations in 1000-op batches to a SQLite server over loopback, one batch after
 * another's ack, as a client syncs. Run with {@code mvn -o test -Dtest=PushThroughputTest
 * -Dtern.bench=true}; docs/performance.md asks for at least 50k ops/s.
 */
@Tag("bench")
@EnabledIfSystemProperty(named = "tern.bench", matches = "true")
class PushThroughputTest {
  @TempDir Path directory;

  /**
   * Seconds to write the same data with plain JDBC and no protocol, checks or reconciliation: each
   * op's JSON and its resulting issue into a log table, the issue into a state table, one
   * transaction per batch, same pragmas. What the server's own work adds shows beside it.
   */
  private double rawBaseline(List<List<Op>> batches) throws Exception {
    String url = "jdbc:sqlite:" + directory.resolve("raw.db");
    try (java.sql.Connection connection = java.sql.DriverManager.getConnection(url);
        java.sql.Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA journal_mode = WAL");
      statement.execute("PRAGMA synchronous = FULL");
      statement.execute("PRAGMA cache_size = -65536");
      statement.execute("PRAGMA wal_autocheckpoint = 20000");
      statement.execute(
          "CREATE TABLE log (id INTEGER PRIMARY KEY, op_id TEXT UNIQUE, op TEXT, entity TEXT)");
      statement.execute("CREATE TABLE state (id TEXT PRIMARY KEY, json TEXT) WITHOUT ROWID");
      connection.setAutoCommit(false);
      long start = System.nanoTime();
      long id = 0;
      try (var log = connection.prepareStatement("INSERT INTO log VALUES (?, ?, ?, ?)");
          var state = connection.prepareStatement("INSERT INTO state VALUES (?, ?)")) {
        for (List<Op> batch : batches) {
          for (Op op : batch) {
            String entity =
                dev.tern.protocol.MessageCodec.issueNode(
                        Reconciler.createIssue((dev.tern.op.CreateIssue) op, ++id).state())
                    .toString();
            log.setLong(1, id);
            log.setString(2, op.id());
            log.setString(3, dev.tern.protocol.MessageCodec.opNode(op).toString());
            log.setString(4, entity);
            log.addBatch();
            state.setString(1, op.entity());
            state.setString(2, entity);
            state.addBatch();
          }
          log.executeBatch();
          state.executeBatch();
          connection.commit();
        }
      }
      return (System.nanoTime() - start) / 1e9;
    }
  }

  @Test
  void pushOf100kOps() throws Exception {
    int total = 100_000;
    int batchSize = 1_000;
    try (ServerStore store = JdbcServerStore.open("sqlite:" + directory.resolve("server.db"))) {
      store.addTeam("ENG", "Engineering");
      String token = store.addUser("alice", List.of("ENG"));
      TernServer server =
          TernServer.start(
              store,
              ServerSettings.defaults()
                  .withAddress("127.0.0.1", 0)
                  .withLog(new PrintStream(OutputStream.nullOutputStream())));
      try {
        RawClient client = RawClient.signedIn(server.port(), token, "alice-1");
        TestOps ops = new TestOps("alice-1", "alice", 1_000);
        List<List<Op>> batches = new ArrayList<>();
        for (int b = 0; b < total / batchSize; b++) {
          List<Op> batch = new ArrayList<>();
          for (int i = 0; i < batchSize; i++) {
            batch.add(ops.createIssue("ENG", TestOps.newId(), "issue " + b + "/" + i));
          }
          batches.add(batch);
        }
        long start = System.nanoTime();
        for (List<Op> batch : batches) {
          client.send(new Message.Push(batch));
          List<AckResult> results = client.next(Message.Ack.class).results();
          assertThat(results).extracting(AckResult::outcome).containsOnly(Outcome.APPLIED);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double baseline = rawBaseline(batches);
        System.out.printf(
            "push of %d ops in %d-op batches to SQLite over loopback: %.2f s, %.0f ops/s"
                + " (raw baseline, same rows by plain JDBC: %.0f ops/s)%n",
            total, batchSize, seconds, total / seconds, total / baseline);
        assertThat(store.head()).isEqualTo(total);
      } finally {
        server.shutdown();
      }
    }
  }
}
