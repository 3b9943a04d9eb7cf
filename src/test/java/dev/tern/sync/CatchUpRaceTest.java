package dev.tern.sync;

import static dev.tern.sync.WatcherTest.eventually;
import static dev.tern.sync.WatcherTest.has;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.model.Issue;
import dev.tern.protocol.DeltaEntry;
import dev.tern.protocol.Message;
import dev.tern.replica.LogEntry;
import dev.tern.replica.NewIssue;
import dev.tern.replica.OpStatus;
import dev.tern.replica.Replica;
import dev.tern.sync.SyncFixture.Client;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sync holes around catching up, against a real server on loopback: a commit whose delta races
 * a watcher's catch-up, a busy server's {@code hello_timeout}, and an operation applied before the
 * log was compacted.
 */
class CatchUpRaceTest {
  @TempDir Path dir;
  SyncFixture fixture;
  Thread thread;
  Watcher watcher;

  @AfterEach
  void stop() throws InterruptedException {
    if (watcher != null) {
      watcher.stop();
      thread.join(5_000);
    }
    fixture.close();
  }

  /** Runs a watcher of {@code file} on its own thread; counts connections, keeps what it threw. */
  void watch(
      Path file,
      String token,
      ServerLink.Opener opener,
      AtomicInteger connects,
      AtomicReference<Throwable> failed) {
    Replica replica = Replica.open(file, System::currentTimeMillis, "bob");
    watcher =
        new Watcher(
            replica.sync(),
            fixture.url(),
            token,
            replica::changedElsewhere,
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
            WatcherTest.FAST,
            opener);
    thread =
        new Thread(
            () -> {
              try {
                watcher.run();
              } catch (Throwable e) {
                failed.set(e);
              } finally {
                replica.close();
              }
            },
            "watcher");
    thread.start();
  }

  static ServerLink.Opener real() {
    return ServerConnection.opener(Duration.ofSeconds(5), Duration.ofSeconds(30));
  }

  /**
   * A link that, the first time it is answered a pull, holds that answer back until {@code
   * meanwhile} has committed something and the server's own delta for it has arrived, and hands
   * that delta over first: the order a pull answer computed just before a commit and the commit's
   * fan-out can reach the client in.
   */
  static final class RacingLink implements ServerLink {
    final ServerLink inner;
    final Runnable meanwhile;
    final AtomicBoolean raced;
    boolean pulled;
    Message heldBack;

    RacingLink(ServerLink inner, Runnable meanwhile, AtomicBoolean raced) {
      this.inner = inner;
      this.meanwhile = meanwhile;
      this.raced = raced;
    }

    @Override
    public void send(Message message) {
      pulled |= message instanceof Message.Pull;
      inner.send(message);
    }

    @Override
    public Message receive(Duration timeout) {
      if (heldBack != null) {
        Message answer = heldBack;
        heldBack = null;
        return answer;
      }
      Message message = inner.receive(timeout);
      if (pulled && message instanceof Message.Delta && !raced.getAndSet(true)) {
        heldBack = message;
        meanwhile.run();
        Message pushed = null;
        while (pushed == null) {
          pushed = inner.receive(Duration.ofSeconds(10));
        }
        return pushed;
      }
      return message;
    }

    @Override
    public void close() {
      inner.close();
    }
  }

  @Test
  void aWatcherConnectingWhileAChangeIsPushedReachesTheHead() throws Exception {
    fixture = new SyncFixture(dir);
    fixture.store.addTeam("ENG", "Engineering");
    String bobToken = fixture.user("bob", "ENG");
    try (Client alice = fixture.client("alice", fixture.user("alice", "ENG"));
        Client bob = fixture.client("bob", bobToken)) {
      alice.login("ENG");
      bob.login("ENG");
      alice.replica.create(NewIssue.titled("Seen by bob"));
      alice.sync();
      bob.sync();
      // Bob's cursor is now one behind the head: his watcher catches up with a pull.
      alice.replica.create(NewIssue.titled("Caught up by the watcher"));
      alice.sync();
      Issue racing = alice.replica.create(NewIssue.titled("Committed during the catch-up"));

      AtomicBoolean raced = new AtomicBoolean();
      ServerLink.Opener opener = url -> new RacingLink(real().open(url), alice::sync, raced);
      AtomicInteger connects = new AtomicInteger();
      AtomicReference<Throwable> failed = new AtomicReference<>();
      watch(dir.resolve("bob.db"), bobToken, opener, connects, failed);

      eventually(Duration.ofSeconds(10), () -> connects.get() == 1);
      assertThat(raced).isTrue();
      // No further commit comes: the watcher must have reached the head on its own.
      eventually(Duration.ofSeconds(5), () -> has(bob.replica, racing.id()));
      assertThat(failed.get()).isNull();
    }
  }

  @Test
  void aWatcherToldHelloTimeoutByABusyServerRetriesInsteadOfExiting() throws Exception {
    fixture =
        new SyncFixture(
            dir, settings -> settings.withTimeouts(Duration.ofMillis(300), Duration.ofSeconds(10)));
    fixture.store.addTeam("ENG", "Engineering");
    String bobToken = fixture.user("bob", "ENG");
    try (Client bob = fixture.client("bob", bobToken)) {
      bob.login("ENG");
    }
    // The first connection's hello comes too late, as from a client stalled on a busy machine.
    AtomicInteger opened = new AtomicInteger();
    ServerLink.Opener opener =
        url -> {
          ServerLink link = real().open(url);
          if (opened.incrementAndGet() > 1) {
            return link;
          }
          return new ServerLink() {
            @Override
            public void send(Message message) {
              try {
                Thread.sleep(1_000);
                link.send(message);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (SyncException e) {
                // Too late: the server has given up on us; its error waits to be read.
              }
            }

            @Override
            public Message receive(Duration timeout) {
              return link.receive(timeout);
            }

            @Override
            public void close() {
              link.close();
            }
          };
        };
    AtomicInteger connects = new AtomicInteger();
    AtomicReference<Throwable> failed = new AtomicReference<>();
    watch(dir.resolve("bob.db"), bobToken, opener, connects, failed);

    eventually(Duration.ofSeconds(10), () -> connects.get() == 1 || failed.get() != null);
    assertThat(failed.get()).isNull();
    assertThat(opened.get()).isGreaterThan(1);
  }

  @Test
  void anOperationAppliedBeforeCompactionShowsAsApplied() throws Exception {
    fixture = new SyncFixture(dir);
    fixture.store.addTeam("ENG", "Engineering");
    try (Client alice = fixture.client("alice", fixture.user("alice", "ENG"));
        Client bob = fixture.client("bob", fixture.user("bob", "ENG"))) {
      alice.login("ENG");
      bob.login("ENG");
      Issue issue = bob.replica.create(NewIssue.titled("Applied, ack lost"));
      // The push reaches the server and is applied; the connection drops before bob records
      // the ack, so the operation is still pending on his side.
      try (ServerConnection connection = bob.connect()) {
        bob.round(connection).greet(bob.token);
        connection.send(new Message.Push(bob.replica.sync().pending(10)));
        Message answer = null;
        while (!(answer instanceof Message.Ack)) {
          answer = connection.receive(Duration.ofSeconds(10));
        }
      }
      for (int i = 0; i < 3; i++) {
        alice.replica.create(NewIssue.titled("Later " + i));
      }
      alice.sync();
      fixture.store.compact(1);

      bob.sync();

      assertThat(bob.replica.status().rejected()).isZero();
      assertThat(bob.replica.status().pending()).isZero();
      assertThat(bob.replica.show(issue.id()).title()).isEqualTo("Applied, ack lost");
      LogEntry logged =
          bob.replica.log(false, 100).stream()
              .filter(entry -> entry.op().entity().equals(issue.id()))
              .findFirst()
              .orElseThrow();
      assertThat(logged.status()).isEqualTo(OpStatus.SYNCED);
    }
  }
}
