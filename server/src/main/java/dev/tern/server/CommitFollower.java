package dev.tern.server;

import dev.tern.server.store.ServerStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Tells fan-out about commits made elsewhere: by other server nodes on the same PostgreSQL, or
 * other processes on the same SQLite file. One thread waits on the store ({@link
 * ServerStore#awaitHead}: a NOTIFY on PostgreSQL, a short poll of the head on SQLite) and, when the
 * head passed both what fan-out has sent and what this node committed, queues a read of the missing
 * ids on the sender thread ({@link FanOut#catchUp}), behind this node's own batches.
 *
 * <p>This node's batches commit through {@link #committing}, which hands the batch to the sender
 * before the follower may look at the head again. So a head that includes one of our batches is
 * only acted on once that batch is queued: the pusher always hears its ack before it hears its own
 * entries, and our batches are never read back from the database.
 */
final class CommitFollower {
  /** How long one wait lasts; a missed wake-up costs at most this much delay. */
  private static final Duration WAIT = Duration.ofMillis(200);

  private final ServerStore store;
  private final FanOut fanOut;
  private final ExecutorService sender;
  private final Consumer<String> log;
  private final Object commits = new Object();
  private final AtomicBoolean catchUpQueued = new AtomicBoolean();
  private final Thread thread;

  /** The last sync id this node committed; guarded by {@link #commits}. */
  private long committedHere;

  private volatile boolean stopping;

  CommitFollower(ServerStore store, FanOut fanOut, ExecutorService sender, Consumer<String> log) {
    this.store = store;
    this.fanOut = fanOut;
    this.sender = sender;
    this.log = log;
    this.thread = new Thread(this::follow, "tern-follower");
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** Stops following and waits briefly for the thread. */
  void stop() {
    stopping = true;
    thread.interrupt();
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Runs one push ({@code push} commits it) and hands the result to {@code handOff}, which queues
   * it for the sender, with the follower kept from acting on the head meanwhile. Writer thread
   * only. Returns what the push returned.
   */
  PushHandler.Applied committing(
      Supplier<PushHandler.Applied> push, Consumer<PushHandler.Applied> handOff) {
    PushHandler.Applied applied;
    synchronized (commits) {
      applied = push.get();
      List<?> entries = applied.entries();
      if (!entries.isEmpty()) {
        committedHere = Math.max(committedHere, applied.entries().get(entries.size() - 1).syncId());
      }
      handOff.accept(applied);
    }
    if (!applied.entries().isEmpty()) {
      try {
        store.announce();
      } catch (RuntimeException e) {
        // Only a wake-up: other nodes still find the commit at their next look at the head.
        log.accept("could not notify other nodes of a commit: " + e.getMessage());
      }
    }
    return applied;
  }

  private void follow() {
    long seen = fanOut.position();
    while (!stopping) {
      try {
        long head = store.awaitHead(seen, WAIT);
        seen = Math.max(seen, head);
        synchronized (commits) {
          if (head > committedHere
              && head > fanOut.position()
              && catchUpQueued.compareAndSet(false, true)) {
            sender.execute(() -> catchUp(head));
          }
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        if (stopping) {
          return;
        }
        log.accept("cannot follow other nodes' commits: " + e.getMessage());
        sleep(Duration.ofSeconds(1));
      }
    }
  }

  private void catchUp(long head) {
    try {
      fanOut.catchUp(head);
    } catch (RuntimeException e) {
      // Fan-out stays where it was; the next look at the head, within WAIT, tries again.
      log.accept("cannot read other nodes' commits: " + e.getMessage());
    } finally {
      catchUpQueued.set(false);
    }
  }

  private void sleep(Duration wait) {
    try {
      Thread.sleep(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopping = true;
    }
  }
}
