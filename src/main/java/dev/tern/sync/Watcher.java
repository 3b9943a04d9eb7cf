package dev.tern.sync;

import dev.tern.protocol.DeltaEntry;
import dev.tern.protocol.Message;
import dev.tern.replica.SyncState;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

/**
 * The loop behind {@code tern watch}: connect, catch up, then hold the connection, applying the
 * server's deltas the moment they arrive and pushing local edits as soon as another process makes
 * them. A lost connection is retried with capped exponential back-off and jitter; pending
 * operations simply wait. Every step commits locally, so stopping at any moment loses nothing.
 */
public final class Watcher {
  /** What the watcher tells its user about. Called on the watcher's thread. */
  public interface Events {
    /** Connected and caught up; {@code afterOffline} when this ends a spell offline. */
    void connected(SyncReport caughtUp, boolean afterOffline);

    /** The connection failed or was lost; the next attempt comes after {@code retry}. */
    void offline(String reason, int pending, Duration retry, boolean stillOffline);

    /** Server changes were applied. */
    void applied(List<DeltaEntry> entries);
  }

  /**
   * Timing: connection and answer limits, ping interval, back-off bounds, local poll. The
   * connection limit and the ping interval concern only WebSocket connections the watcher opens
   * itself.
   */
  public record Timing(
      Duration connect,
      Duration answer,
      Duration ping,
      Duration firstRetry,
      Duration lastRetry,
      Duration poll) {
    public static Timing defaults() {
      return new Timing(
          Duration.ofSeconds(5),
          Duration.ofSeconds(60),
          Duration.ofSeconds(15),
          Duration.ofSeconds(1),
          Duration.ofSeconds(30),
          Duration.ofMillis(50));
    }
  }

  private final SyncState state;
  private final String url;
  private final String token;
  private final BooleanSupplier localChanges;
  private final Events events;
  private final Timing timing;
  private final ServerLink.Opener opener;
  private volatile boolean stopping;

  /**
   * A watcher that connects over WebSocket with {@code timing}'s connect timeout and ping interval.
   * {@code url} may list several nodes of one server ({@link ServerList}): a lost connection is
   * taken up again on the next one, from the replica's cursor.
   *
   * @param localChanges answers whether another process changed the profile since it was last asked
   *     ({@link dev.tern.replica.Replica#changedElsewhere()})
   */
  public Watcher(
      SyncState state,
      String url,
      String token,
      BooleanSupplier localChanges,
      Events events,
      Timing timing) {
    this(
        state,
        url,
        token,
        localChanges,
        events,
        timing,
        new ServerList(ServerConnection.opener(timing.connect(), timing.ping())));
  }

  /** A watcher that gets each connection from {@code opener}. */
  public Watcher(
      SyncState state,
      String url,
      String token,
      BooleanSupplier localChanges,
      Events events,
      Timing timing,
      ServerLink.Opener opener) {
    this.state = state;
    this.url = url;
    this.token = token;
    this.localChanges = localChanges;
    this.events = events;
    this.timing = timing;
    this.opener = opener;
  }

  /**
   * Runs until {@link #stop()}. Returns normally when stopped; throws {@link SyncException} when
   * the server refuses us (a bad token will not get better by retrying).
   */
  public void run() {
    Duration retry = timing.firstRetry();
    boolean offline = false;
    while (!stopping) {
      try (ServerLink connection = opener.open(url)) {
        SyncRound round =
            new SyncRound(
                state, connection, timing.answer(), System::currentTimeMillis, (p, d, t) -> {});
        round.greet(token);
        SyncReport caughtUp = round.run();
        events.connected(caughtUp, offline);
        offline = false;
        retry = timing.firstRetry();
        round.listen(events::applied);
        localChanges.getAsBoolean();
        hold(round, connection);
      } catch (IdentityRenewed e) {
        // The profile took a new client id; the next connection greets with it at once.
        continue;
      } catch (SyncException e) {
        if (e.reason() == SyncException.Reason.REFUSED) {
          throw e;
        }
        if (stopping) {
          break;
        }
        Duration wait = jittered(retry);
        events.offline(e.getMessage(), state.pendingCount(), wait, offline);
        offline = true;
        sleep(wait);
        Duration doubled = retry.multipliedBy(2);
        retry = doubled.compareTo(timing.lastRetry()) > 0 ? timing.lastRetry() : doubled;
      }
    }
  }

  /** Asks the loop to end after its current step; safe from any thread. */
  public void stop() {
    stopping = true;
  }

  private void hold(SyncRound round, ServerLink connection) {
    while (!stopping) {
      Message message = connection.receive(timing.poll());
      if (message instanceof Message.Delta delta) {
        if (!round.apply(delta)) {
          round.pull();
        }
      } else if (message instanceof Message.ErrorMessage error) {
        throw new SyncException(SyncException.Reason.UNREACHABLE, "server: " + error.message());
      }
      if (localChanges.getAsBoolean()) {
        round.push();
      }
    }
  }

  /** Between half and all of the step: clients cut off together do not all return together. */
  private static Duration jittered(Duration base) {
    double factor = 0.5 + 0.5 * ThreadLocalRandom.current().nextDouble();
    return Duration.ofMillis((long) (base.toMillis() * factor));
  }

  private void sleep(Duration wait) {
    long until = System.nanoTime() + wait.toNanos();
    while (!stopping && System.nanoTime() < until) {
      try {
        Thread.sleep(Math.min(50, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
