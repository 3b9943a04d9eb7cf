package dev.tern.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.model.Issue;
import dev.tern.protocol.DeltaEntry;
import dev.tern.replica.NewIssue;
import dev.tern.replica.Replica;
import dev.tern.sync.SyncFixture.Client;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Membership changed while `tern watch` holds its connection: a member added receives the team's
 * older issues, a member removed stops receiving the team's new ones, without reconnecting.
 */
class LiveMembershipTest {
  @TempDir Path dir;

  @Test
  void aHeldWatcherReceivesATeamItJoinsAndStopsReceivingOneItLeaves() throws Exception {
    try (SyncFixture fixture = new SyncFixture(dir)) {
      fixture.store.addTeam("ENG", "Engineering");
      fixture.store.addTeam("OPS", "Operations");
      String carolToken = fixture.user("carol", "ENG");
      try (Client bob = fixture.client("bob", fixture.user("bob", "OPS"));
          Client carol = fixture.client("carol", carolToken)) {
        bob.login("OPS");
        Issue older = bob.replica.create(NewIssue.titled("Older OPS issue"));
        bob.sync();
        carol.login("ENG");

        AtomicInteger connects = new AtomicInteger();
        Replica watched = Replica.open(dir.resolve("carol.db"), System::currentTimeMillis, "carol");
        Watcher watcher =
            new Watcher(
                watched.sync(),
                fixture.url(),
                carolToken,
                watched::changedElsewhere,
                new Watcher.Events() {
                  @Override
                  public void connected(SyncReport caughtUp, boolean afterOffline) {
                    connects.incrementAndGet();
                  }

                  @Override
                  public void offline(String reason, int pending, Duration retry, boolean still) {}

                  @Override
                  public void applied(List<DeltaEntry> entries) {}
                },
                WatcherTest.FAST);
        Thread thread = new Thread(watcher::run, "watcher-carol");
        thread.start();
        try {
          WatcherTest.eventually(Duration.ofSeconds(10), () -> connects.get() == 1);
          assertThat(WatcherTest.has(carol.replica, older.id())).isFalse();

          fixture.store.join("OPS", "carol");
          WatcherTest.eventually(
              Duration.ofSeconds(2), () -> WatcherTest.has(carol.replica, older.id()));

          fixture.store.leave("OPS", "carol");
          Thread.sleep(1_000);
          Issue later = bob.replica.create(NewIssue.titled("After carol left"));
          bob.sync();
          Thread.sleep(500);
          assertThat(WatcherTest.has(carol.replica, later.id())).isFalse();
          // Still the same connection all along.
          assertThat(connects.get()).isEqualTo(1);
        } finally {
          watcher.stop();
          thread.join(5_000);
          watched.close();
        }
      }
    }
  }
}
