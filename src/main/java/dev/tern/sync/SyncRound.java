package dev.tern.sync;

import dev.tern.model.Conflict;
import dev.tern.op.Op;
import dev.tern.protocol.AckResult;
import dev.tern.protocol.DeltaEntry;
import dev.tern.protocol.ErrorCode;
import dev.tern.protocol.Message;
import dev.tern.protocol.Protocol;
import dev.tern.protocol.TeamInfo;
import dev.tern.replica.Ack;
import dev.tern.replica.RemoteEntry;
import dev.tern.replica.SyncState;
import dev.tern.replica.SyncState.SyncedComment;
import dev.tern.store.SyncedTables;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongSupplier;

/**
 * One round of sync over an open {@link ServerLink}: greet, bootstrap if the replica is empty or
 * too far behind, push every pending operation, pull until up to date.
 *
 * <p>Every step commits locally before the next message is sent, so a round cut off at any point
 * leaves a replica that the next round simply continues: unacknowledged operations are pushed again
 * (the server answers duplicates with their original sync id) and pulls restart at the cursor.
 */
public final class SyncRound {
  /** Operations per push; the server's limit. */
  static final int PUSH_BATCH = Protocol.MAX_BATCH_OPS;

  /**
   * Bound on the text carried by one push (values and bases, in chars): with UTF-8 at most three
   * bytes a char, a push stays under the protocol's 4 MiB frame limit. An operation larger than
   * this travels alone.
   */
  static final int PUSH_CHARS = 1024 * 1024;

  /** Where a long round reports its progress (stderr on a terminal). */
  @FunctionalInterface
  public interface Progress {
    void update(String phase, long done, long total);
  }

  private final SyncState replica;
  private final ServerLink connection;
  private final Duration timeout;
  private final LongSupplier wallClock;
  private final Progress progress;
  private Message.Welcome welcome;
  private long cursor;

  /**
   * The highest head the server has shown this round, by its welcome or any delta, including
   * server-initiated deltas that could not be applied yet (they started above our cursor while we
   * were catching up). A pull goes on until the cursor reaches it, so a commit whose delta raced
   * the catch-up is not missed until the next one.
   */
  private long seenHead;

  /** The client id this connection said hello with: it speaks for that id only. */
  private String greetedAs;

  private int applied;
  private int merged;
  private int superseded;
  private int rejected;
  private int pushed;
  private int pulled;
  private int conflicts;
  private boolean bootstrapped;

  /** A bootstrap is running: its writer thread alone uses the store (see {@link #bootstrap}). */
  private boolean bootstrapping;

  private String clockAhead;
  private Listener listener = entries -> {};

  /** Told about every page of server changes this round applies. */
  @FunctionalInterface
  public interface Listener {
    void applied(List<DeltaEntry> entries);
  }

  /** Sets who hears about applied server changes ({@code tern watch} prints them). */
  public void listen(Listener newListener) {
    listener = newListener;
  }

  public SyncRound(
      SyncState replica,
      ServerLink connection,
      Duration timeout,
      LongSupplier wallClock,
      Progress progress) {
    this.replica = replica;
    this.connection = connection;
    this.timeout = timeout;
    this.wallClock = wallClock;
    this.progress = progress;
  }

  /** Sends {@code hello} and waits for {@code welcome}; a refusal throws with its reason. */
  public Message.Welcome greet(String token) {
    cursor = replica.cursor();
    greetedAs = replica.clientId();
    connection.send(new Message.Hello(Protocol.PROTOCOL, token, greetedAs, cursor));
    Message answer = await("welcome");
    if (answer instanceof Message.Welcome accepted) {
      welcome = accepted;
      seenHead = Math.max(seenHead, accepted.head());
      return accepted;
    }
    throw refusal(answer);
  }

  /** The whole round, after {@link #greet}. */
  public SyncReport run() {
    if (cursor == 0 && welcome.head() > 0 || cursor < welcome.horizon()) {
      bootstrap();
    }
    boolean sent = push();
    if (sent || !upToDate()) {
      pull();
    }
    replica.synced(wallClock.getAsLong());
    return report();
  }

  /**
   * Whether the welcome already showed this replica at the server's head, so that a pull could
   * bring nothing: the cursor is the head (not above it, which means another log and a snapshot),
   * and no delta has shown a later head since. A round that pushed nothing then skips the pull's
   * round trip; commits after the welcome reach the next round, as those after a pull's answer
   * would (and a held connection is sent them, docs/sync.md).
   */
  private boolean upToDate() {
    return !bootstrapped && cursor == welcome.head() && seenHead <= cursor;
  }

  public SyncReport report() {
    return new SyncReport(
        pushed,
        applied,
        merged,
        superseded,
        rejected,
        pulled,
        conflicts,
        bootstrapped,
        cursor,
        replica.pendingCount(),
        clockAhead);
  }

  public static Map<String, String> teams(List<TeamInfo> teams) {
    Map<String, String> byKey = new LinkedHashMap<>();
    teams.forEach(team -> byKey.put(team.key(), team.name()));
    return byKey;
  }

  /**
   * Pushes pending operations in batches until none wait; returns whether it sent any. With none
   * pending it reads nothing more than their count.
   */
  public boolean push() {
    if (greetedAs != null && !greetedAs.equals(replica.clientId())) {
      // A pull (or another process) renewed the profile's client id since our hello: operations
      // under the new id must go out on a connection that greeted with it.
      throw new IdentityRenewed("this profile now syncs as " + replica.clientId());
    }
    int total = replica.pendingCount();
    if (total == 0) {
      // Written after this count (another process): they go out with the next push or round.
      return false;
    }
    SyncState.Queue queue = replica.queue();
    boolean sent = false;
    while (true) {
      List<Op> batch = batch(queue.peek(PUSH_BATCH));
      if (batch.isEmpty()) {
        return sent;
      }
      sent = true;
      connection.send(new Message.Push(batch));
      Message answer = await("ack");
      if (!(answer instanceof Message.Ack ack)) {
        throw refusal(answer);
      }
      List<Ack> acks = new ArrayList<>();
      String stale = null;
      for (AckResult result : ack.results()) {
        if (result.code() == ErrorCode.STALE_CLIENT) {
          // Not applied: it goes again under a new client id.
          stale = stale == null ? result.message() : stale;
          continue;
        }
        if (result.code() == ErrorCode.CLOCK_AHEAD) {
          clockAhead = result.message();
        }
        Ack mapped = WireRecords.ack(result);
        acks.add(mapped);
        count(mapped);
      }
      replica.acknowledge(batch, acks);
      queue.take(batch.size(), acks.size() == batch.size());
      if (stale != null) {
        String renewed = replica.renewIdentity("the server answered stale_client");
        throw new IdentityRenewed(
            "this profile's client id is shared with a copy of it (" + stale + "); now " + renewed);
      }
      pushed += acks.size();
      progress.update("pushed", pushed, total);
      if (acks.isEmpty()) {
        throw new SyncException(
            SyncException.Reason.REFUSED, "the server answered a push with no results");
      }
    }
  }

  /** Pulls delta pages until the cursor reaches the server's head. */
  public void pull() {
    long head = welcome.head();
    while (true) {
      connection.send(new Message.Pull(cursor, Protocol.MAX_PAGE));
      Message.Delta delta = awaitDelta(cursor);
      if (delta.snapshotRequired()) {
        bootstrap();
        continue;
      }
      head = Math.max(head, delta.head());
      progress.update("pulled", pulled, 0);
      if (!delta.more() && cursor >= delta.head() && cursor >= seenHead) {
        return;
      }
    }
  }

  /**
   * Applies a delta if it continues from our cursor (server-initiated ones may arrive at any time);
   * returns whether it did.
   */
  public boolean apply(Message.Delta delta) {
    if (!delta.snapshotRequired()) {
      seenHead = Math.max(seenHead, Math.max(delta.head(), delta.cursor()));
    }
    if (delta.snapshotRequired() || delta.from() > cursor || bootstrapping) {
      // During a bootstrap the store belongs to its page writer; the pull after it reads every
      // entry above the snapshot's point, this one included.
      return false;
    }
    List<RemoteEntry> entries = new ArrayList<>();
    List<DeltaEntry> fresh = new ArrayList<>();
    for (DeltaEntry entry : delta.entries()) {
      if (entry.syncId() > cursor) {
        entries.add(WireRecords.entry(entry));
        fresh.add(entry);
      }
    }
    long now = wallClock.getAsLong();
    List<Conflict> received = new ArrayList<>();
    delta.conflicts().forEach(conflict -> received.add(WireRecords.conflict(conflict, now)));
    if (entries.isEmpty() && received.isEmpty() && delta.cursor() <= cursor) {
      // Nothing new (an empty pull answer at the head): no write transaction for it.
      return true;
    }
    replica.applyRemote(entries, received, delta.cursor());
    // Our own operations coming back are confirmations, not news: count only others'.
    String ours = replica.clientId();
    pulled += (int) fresh.stream().filter(entry -> !entry.op().clientId().equals(ours)).count();
    conflicts += received.size();
    cursor = Math.max(cursor, delta.cursor());
    if (!fresh.isEmpty()) {
      listener.applied(fresh);
    }
    return true;
  }

  public long cursor() {
    return cursor;
  }

  /**
   * Replaces the synced state with a snapshot. Pending operations are untouched and are re-applied
   * over the new state when it is complete.
   *
   * <p>Three things overlap: the server reads and encodes page n+1 (asked for as soon as page n
   * arrives), this thread reads and converts it, and a writer thread stores page n. Only the writer
   * touches the store until the last page is stored (server-initiated deltas wait for the pull).
   */
  private void bootstrap() {
    bootstrapped = true;
    replica.beginBootstrap();
    cursor = 0;
    String after = null;
    long at = -1;
    List<TeamInfo> teams = List.of();
    int received = 0;
    ExecutorService writer =
        Executors.newSingleThreadExecutor(
            task -> {
              Thread thread = new Thread(task, "tern-snapshot-writer");
              thread.setDaemon(true);
              return thread;
            });
    Future<?> storing = null;
    bootstrapping = true;
    try {
      connection.send(new Message.SnapshotRequest(after, Protocol.MAX_PAGE));
      do {
        Message answer = await("snapshot");
        if (!(answer instanceof Message.Snapshot page)) {
          throw refusal(answer);
        }
        after = page.next();
        if (after != null) {
          // Asked for before this page is stored: the server reads and encodes the next page
          // while we write this one, instead of each side waiting for the other.
          connection.send(new Message.SnapshotRequest(after, Protocol.MAX_PAGE));
        }
        if (at < 0) {
          at = page.at();
        }
        teams = page.teams();
        SyncedTables.IssueRows issues = new SyncedTables.IssueRows(page.issues().size());
        WireRecords.addIssues(page.issues(), issues);
        List<SyncedComment> comments = new ArrayList<>();
        page.comments().forEach(comment -> comments.add(WireRecords.comment(comment)));
        finish(storing);
        storing = writer.submit(() -> replica.applySnapshotPage(issues, comments));
        received += issues.size();
        progress.update("snapshot", received, 0);
      } while (after != null);
      finish(storing);
      storing = null;
    } catch (RuntimeException | Error failure) {
      // Leaving with an error: the page being written is let finish (or fail) first, so that
      // nothing writes to the store after this round has given up.
      awaitAfter(storing, failure);
      throw failure;
    } finally {
      writer.shutdown();
      bootstrapping = false;
    }
    replica.finishBootstrap(at, teams(teams));
    cursor = at;
  }

  /**
   * Waits for a page's write while {@code failure} ends the bootstrap; a failure of the write that
   * is not that one goes along with it as suppressed.
   */
  private static void awaitAfter(Future<?> storing, Throwable failure) {
    if (storing == null) {
      return;
    }
    try {
      storing.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failure.addSuppressed(e);
    } catch (ExecutionException e) {
      if (e.getCause() != failure) {
        failure.addSuppressed(e.getCause());
      }
    }
  }

  /** Waits for a page's write; its failure is thrown here, as if it had been written inline. */
  private static void finish(Future<?> storing) {
    if (storing == null) {
      return;
    }
    try {
      storing.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SyncException(SyncException.Reason.UNREACHABLE, "interrupted");
    }
  }

  private List<Op> batch(List<Op> pending) {
    List<Op> batch = new ArrayList<>();
    long chars = 0;
    for (Op op : pending) {
      long size = 300;
      for (var change : op.changes().values()) {
        size +=
            (change.value() == null ? 0 : change.value().length())
                + (change.base() == null ? 0 : change.base().length());
      }
      if (!batch.isEmpty() && chars + size > PUSH_CHARS) {
        break;
      }
      batch.add(op);
      chars += size;
    }
    return batch;
  }

  private void count(Ack ack) {
    switch (ack.outcome()) {
      case REJECTED -> rejected++;
      case MERGED -> merged++;
      case SUPERSEDED -> superseded++;
      case APPLIED, DUPLICATE -> applied++;
    }
  }

  /** Waits for the answer to a pull from {@code requested}, applying other deltas on the way. */
  private Message.Delta awaitDelta(long requested) {
    while (true) {
      Message message = await("delta");
      if (!(message instanceof Message.Delta delta)) {
        throw refusal(message);
      }
      if (delta.snapshotRequired()) {
        return delta;
      }
      boolean isAnswer = delta.from() == requested;
      apply(delta);
      if (isAnswer) {
        return delta;
      }
    }
  }

  /**
   * The next message that is not a server-initiated delta (those are applied when contiguous, and
   * otherwise left for the next pull), or the delta itself when {@code wanted} is "delta".
   */
  private Message await(String wanted) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new SyncException(
            SyncException.Reason.UNREACHABLE,
            "the server did not answer within " + timeout.toSeconds() + " s");
      }
      Message message = connection.receive(Duration.ofNanos(left));
      if (message == null) {
        continue;
      }
      if (message instanceof Message.Delta delta && !"delta".equals(wanted)) {
        apply(delta);
        continue;
      }
      return message;
    }
  }

  private static SyncException refusal(Message message) {
    if (message instanceof Message.ErrorMessage error) {
      String text = error.message() == null ? error.code().wireName() : error.message();
      if (error.code() == ErrorCode.INTERNAL
          || error.code() == ErrorCode.OVERLOADED
          || error.code() == ErrorCode.HELLO_TIMEOUT) {
        // Transient: a busy server, not a refusal of us. Retried later (watch backs off).
        return new SyncException(SyncException.Reason.UNREACHABLE, "server: " + text);
      }
      return new SyncException(SyncException.Reason.REFUSED, "server refused: " + text);
    }
    return new SyncException(
        SyncException.Reason.REFUSED, "unexpected '" + message.type() + "' from the server");
  }
}
