package dev.tern.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.op.Outcome;
import dev.tern.protocol.AckResult;
import dev.tern.protocol.Message;
import dev.tern.server.store.JdbcServerStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One enormous concurrent description edit must not hold the writer: the merge gives up within its
 * budget and settles the edit as last writer wins, while another team's pushes keep their latency.
 */
class MergeBudgetTest {
  @TempDir Path dir;

  @Test
  void aFortyThousandLineMergeDoesNotDelayAnotherTeamsPushes() throws Exception {
    ServerSettings settings =
        ServerSettings.defaults()
            .withAddress("127.0.0.1", 0)
            .withLog(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    try (JdbcServerStore store = JdbcServerStore.openSqlite(dir.resolve("server.db"))) {
      store.addTeam("ENG", "Engineering");
      store.addTeam("OPS", "Operations");
      String aliceToken = store.addUser("alice", List.of("ENG"));
      String bobToken = store.addUser("bob", List.of("ENG"));
      String carolToken = store.addUser("carol", List.of("OPS"));
      TernServer server = TernServer.start(store, settings);
      try {
        RawClient alice = RawClient.signedIn(server.port(), aliceToken, "alice-1");
        RawClient bob = RawClient.signedIn(server.port(), bobToken, "bob-1");
        RawClient carol = RawClient.signedIn(server.port(), carolToken, "carol-1");
        TestOps aliceOps = new TestOps("alice-1", "alice", 1_000);
        TestOps bobOps = new TestOps("bob-1", "bob", 2_000);
        TestOps carolOps = new TestOps("carol-1", "carol", 3_000);

        String issue = TestOps.newId();
        String base = numbered("line", 40_000);
        alice.send(new Message.Push(List.of(aliceOps.createIssue("ENG", issue, "spec"))));
        alice.next(Message.Ack.class);
        alice.send(
            new Message.Push(List.of(aliceOps.update("ENG", issue, "description", base, ""))));
        alice.next(Message.Ack.class);
        alice.send(
            new Message.Push(
                List.of(
                    aliceOps.update("ENG", issue, "description", numbered("ours", 40_000), base))));
        alice.next(Message.Ack.class);

        // Carol (another team) pushes steadily while Bob's rewrite of the same 40k lines lands.
        AtomicBoolean stop = new AtomicBoolean();
        List<Long> latencies = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> steady =
            CompletableFuture.runAsync(
                () -> {
                  try {
                    while (!stop.get()) {
                      long started = System.nanoTime();
                      carol.send(
                          new Message.Push(
                              List.of(carolOps.createIssue("OPS", TestOps.newId(), "ping"))));
                      carol.next(Message.Ack.class);
                      latencies.add(System.nanoTime() - started);
                      Thread.sleep(20);
                    }
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                });
        Thread.sleep(200);
        long started = System.nanoTime();
        bob.send(
            new Message.Push(
                List.of(
                    bobOps.update("ENG", issue, "description", numbered("theirs", 40_000), base))));
        AckResult result = bob.next(Message.Ack.class).results().get(0);
        Duration bobsPush = Duration.ofNanos(System.nanoTime() - started);
        Thread.sleep(300);
        stop.set(true);
        steady.get();

        // Bob's stamp is later: his text wins, and Alice hears of it by a conflict record.
        assertThat(result.outcome()).isEqualTo(Outcome.APPLIED);
        assertThat(store.conflicts("alice", 0, store.head())).hasSize(1);
        assertThat(bobsPush).isLessThan(Duration.ofSeconds(3));
        assertThat(latencies).hasSizeGreaterThan(5);
        assertThat(Duration.ofNanos(latencies.stream().mapToLong(Long::longValue).max().orElse(0)))
            .isLessThan(Duration.ofSeconds(2));
      } finally {
        server.shutdown();
      }
    }
  }

  private static String numbered(String word, int count) {
    return IntStream.range(0, count)
        .mapToObj(index -> word + " " + index)
        .collect(Collectors.joining("\n"));
  }
}
