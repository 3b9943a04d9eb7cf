package dev.tern.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.model.Issue;
import dev.tern.protocol.DeltaEntry;
import dev.tern.replica.NewIssue;
import dev.tern.replica.Replica;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watcher's loop against the in-memory {@link FakeServer}, whose links it gets through its
 * opener: reconnection, refusal, live deltas and pushes of other processes' edits. WatcherTest runs
 * watchers against the real server on loopback.
 */
class WatcherFakeServerTest {
  static final Watcher.Timing FAST =
      new Watcher.Timing(
          Duration.ofSeconds(2),
          Duration.ofSeconds(5),
          Duration.ofSeconds(5),
          Duration.ofMillis(20),
          Duration.ofMillis(100),
          Duration.ofMillis(10));

  @TempDir Path dir;
  final FakeServer server = new FakeServer();
  final AtomicInteger connects = new AtomicInteger();
  final AtomicInteger offline = new AtomicInteger();
  final List<Boolean> backOnline = new CopyOnWriteArrayList<>();
  final List<DeltaEntry> applied = new CopyOnWriteArrayList<>();
  final List<Replica> watched = new CopyOnWriteArrayList<>();
  String aliceToken;
  Replica alice;
  Watcher watcher;
  Thread thread;

  @BeforeEach
  void start() {
    server.team("ENG", "Engineering");
    aliceToken = server.user("alice", "ENG");
    alice = Replica.open(dir.resolve("alice.db"), System::currentTimeMillis, "alice");
    server.login(alice, aliceToken, "ENG");
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (watcher != null) {
      watcher.stop();
      thread.join(5_000);
    }
    watched.forEach(Replica::close);
    alice.close();
  }

  /** A watcher over alice's profile, on its own replica of the file and its own thread. */
  Watcher watcher(String token) {
    Replica replica = Replica.open(dir.resolve("alice.db"), System::currentTimeMillis, "alice");
    watched.add(replica);
    return new Watcher(
        replica.sync(),
        FakeServer.URL,
        token,
        replica::changedElsewhere,
        new Watcher.Events() {
          @Override
          public void connected(SyncReport caughtUp, boolean afterOffline) {
            backOnline.add(afterOffline);
            connects.incrementAndGet();
          }

          @Override
          public void offline(String reason, int pending, Duration retry, boolean still) {
            offline.incrementAndGet();
          }

          @Override
          public void applied(List<DeltaEntry> entries) {
            applied.addAll(entries);
          }
        },
        FAST,
        server.opener());
  }

  void watchInBackground() throws InterruptedException {
    watcher = watcher(aliceToken);
    thread = new Thread(watcher::run, "watcher-alice");
    thread.start();
    eventually(() -> connects.get() == 1);
  }

  static void eventually(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 10 s");
      }
      Thread.sleep(5);
    }
  }

  @Test
  void aLostServerIsRetriedThroughTheOpenerAndWhatWaitedIsPushedOnReturn() throws Exception {
    watchInBackground();

    server.stop();
    Issue made = alice.create(NewIssue.titled("Made offline"));
    eventually(() -> offline.get() >= 3);
    assertThat(server.issues()).isEmpty();

    server.start();
    eventually(() -> connects.get() == 2);
    assertThat(backOnline).containsExactly(false, true);
    assertThat(server.issues()).containsOnlyKeys(made.id());
    eventually(() -> alice.sync().pendingCount() == 0);
  }

  @Test
  void aRefusedHelloEndsTheWatchInsteadOfRetrying() {
    Watcher refused = watcher("tern_not_a_token");

    assertThatThrownBy(refused::run)
        .isInstanceOfSatisfying(
            SyncException.class,
            failure -> assertThat(failure.reason()).isEqualTo(SyncException.Reason.REFUSED));
    assertThat(offline.get()).isZero();
  }

  @Test
  void anotherClientsPushReachesTheWatcherAsALiveDelta() throws Exception {
    server.fanOut();
    String bobToken = server.user("bob", "ENG");
    try (Replica bob = Replica.open(dir.resolve("bob.db"), System::currentTimeMillis, "bob")) {
      server.login(bob, bobToken, "ENG");
      watchInBackground();

      Issue issue = bob.create(NewIssue.titled("Live"));
      server.sync(bob, bobToken, Duration.ofSeconds(5));

      eventually(() -> !applied.isEmpty());
      assertThat(applied).extracting(entry -> entry.issue().id()).containsExactly(issue.id());
      assertThat(alice.show(issue.id()).number()).isEqualTo(1L);
    }
  }

  @Test
  void anEditByAnotherProcessIsPushedWhileTheConnectionIsHeld() throws Exception {
    watchInBackground();

    Issue made = alice.create(NewIssue.titled("Pushed by the watcher"));

    eventually(() -> server.issues().containsKey(made.id()));
    assertThat(connects.get()).isEqualTo(1);
    eventually(() -> alice.sync().pendingCount() == 0);
  }
}
