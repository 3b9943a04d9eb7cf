package dev.tern.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.protocol.DeltaEntry;
import dev.tern.replica.NewIssue;
import dev.tern.sync.SyncFixture.Client;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real `tern sync` process pushing 10,000 operations is killed with SIGKILL part-way, more than
 * once; after a final sync every operation is on the server exactly once.
 */
class KilledPushTest {
  private static final int OPS = 10_000;

  @TempDir Path dir;

  @Test
  void everyOperationReachesTheServerExactlyOnce() throws Exception {
    try (SyncFixture fixture = new SyncFixture(dir)) {
      fixture.store.addTeam("ENG", "Engineering");
      String token = fixture.user("alice", "ENG");
      Path home = dir.resolve("home");
      Client alice =
          fixture
          .new Client(
              "alice",
              token,
              dev.tern.replica.Replica.open(
                  home.resolve("default.db"), System::currentTimeMillis, "alice"));
      alice.login("ENG");
      for (int index = 0; index < OPS; index++) {
        alice.replica.create(NewIssue.titled("issue " + index));
      }
      alice.close();

      // Kill each sync process as soon as the server has taken some of its operations, at a
      // random point after that, so every kill lands in the middle of pushing.
      Random random = new Random();
      int midPushKills = 0;
      for (int attempt = 0; attempt < 3 && fixture.store.head() < OPS; attempt++) {
        long before = fixture.store.head();
        Process sync = tern(home, "sync");
        while (sync.isAlive() && fixture.store.head() == before) {
          Thread.sleep(1);
        }
        Thread.sleep(random.nextInt(40));
        sync.destroyForcibly().waitFor();
        long after = fixture.store.head();
        System.out.println("killed a sync at head " + after + " (was " + before + ")");
        if (after > before && after < OPS) {
          midPushKills++;
        }
      }
      Process last = tern(home, "sync");
      assertThat(last.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(last.exitValue()).as(new String(last.getErrorStream().readAllBytes())).isZero();

      List<DeltaEntry> log = new ArrayList<>();
      long after = 0;
      while (true) {
        List<DeltaEntry> page = fixture.store.readLog(Set.of("ENG"), after, Long.MAX_VALUE, 1000);
        if (page.isEmpty()) {
          break;
        }
        log.addAll(page);
        after = page.get(page.size() - 1).syncId();
      }
      Set<String> ids = new HashSet<>();
      Set<Long> seqs = new HashSet<>();
      for (DeltaEntry entry : log) {
        ids.add(entry.op().id());
        seqs.add(entry.op().seq());
      }
      assertThat(log).hasSize(OPS);
      assertThat(ids).hasSize(OPS);
      assertThat(seqs).hasSize(OPS);
      assertThat(fixture.store.head()).isEqualTo(OPS);
      assertThat(midPushKills).as("sync processes killed part-way through pushing").isPositive();
    }
  }

  private static Process tern(Path home, String... args) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "dev.tern.Main"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("TERN_HOME", home.toString());
    builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    return builder.start();
  }
}
