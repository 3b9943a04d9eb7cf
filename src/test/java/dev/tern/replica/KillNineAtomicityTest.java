package dev.tern.replica;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/architecture.md, "Operations": an operation and its effect are written together or not at
 * all. A child JVM edits a store in a loop and is killed with SIGKILL at a random moment, several
 * times over the same file; after each kill the log and the view must agree and nothing reported
 * done may be missing.
 */
class KillNineAtomicityTest {
  private static final int ROUNDS = 8;

  @TempDir Path dir;

  @Test
  void killedMidEditLeavesNoHalfWrittenChange() throws Exception {
    Path file = dir.resolve("killed.db");
    Random random = new Random();
    long previousOps = 0;
    for (int round = 0; round < ROUNDS; round++) {
      Process child = start(file, null);
      AtomicLong reported = new AtomicLong();
      CountDownLatch ready = new CountDownLatch(1);
      Thread reader = readSeqs(child, reported, ready);
      assertThat(ready.await(15, TimeUnit.SECONDS)).as("child started").isTrue();
      // Kill it at a random moment once it is editing: on a loaded machine its first edit can take
      // longer than any fixed delay, and a kill before it would test nothing.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (reported.get() <= previousOps && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      Thread.sleep(random.nextInt(400));
      child.destroyForcibly();
      assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
      reader.join(2000);

      StoreInvariants.Summary summary = StoreInvariants.check(file);
      assertThat(summary.ops())
          .as("round %d: edits the child reported done are on disk", round)
          .isGreaterThanOrEqualTo(reported.get());
      assertThat(summary.ops()).as("round %d made progress", round).isGreaterThan(previousOps);
      previousOps = summary.ops();
      System.out.printf("round %d: %s%n", round, summary);
    }
    assertThat(Files.size(file)).isPositive();
  }

  @Test
  void theCheckItselfSeesAnEffectWithoutItsOperation() throws Exception {
    // The invariant check must be able to fail: remove one op row behind the store's back.
    Path file = dir.resolve("tampered.db");
    Process child = start(file, "20");
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    StoreInvariants.check(file);
    try (var connection = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
        var statement = connection.createStatement()) {
      statement.execute("DELETE FROM ops WHERE seq = (SELECT max(seq) FROM ops)");
      statement.execute("UPDATE clock SET next_seq = next_seq - 1");
    }
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> StoreInvariants.check(file))
        .isInstanceOf(AssertionError.class);
  }

  private static Process start(Path file, String limit) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        limit == null
            ? new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                EditLoop.class.getName(),
                file.toString())
            : new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                EditLoop.class.getName(),
                file.toString(),
                limit);
    builder.redirectError(ProcessBuilder.Redirect.INHERIT);
    return builder.start();
  }

  private static Thread readSeqs(Process child, AtomicLong reported, CountDownLatch ready) {
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                  if (line.equals("ready")) {
                    ready.countDown();
                  } else {
                    reported.accumulateAndGet(Long.parseLong(line), Math::max);
                  }
                }
              } catch (java.io.IOException e) {
                // the child was killed
              }
            });
    reader.setDaemon(true);
    reader.start();
    return reader;
  }
}
