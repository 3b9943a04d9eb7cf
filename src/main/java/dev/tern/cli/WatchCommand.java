package dev.tern.cli;

import dev.tern.cli.view.WatchView;
import dev.tern.replica.Replica;
import dev.tern.replica.SyncState;
import dev.tern.sync.SyncException;
import dev.tern.sync.Watcher;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Holds a connection open: applies the server's changes the moment they arrive and prints a line
 * for each, pushes edits other tern processes make on this profile within a fraction of a second,
 * and reconnects by itself with capped, jittered back-off. Ctrl-C ends it; everything it applied or
 * was given is already committed, so nothing is lost whenever it stops.
 */
@Command(
    name = "watch",
    description = "Stay connected: live changes in, local edits out, reconnecting by itself.")
final class WatchCommand extends TernCommand {
  @Option(names = "--quiet", description = "Print no live lines (status still goes to stderr).")
  boolean quiet;

  @Override
  int run() throws Exception {
    Replica replica = replica();
    SyncState state = replica.sync();
    SyncState.Login login = SyncCommands.loggedIn(state);
    WatchView view =
        new WatchView(output(), login.server(), replica.clientId(), replica::keys, quiet);
    Watcher watcher =
        new Watcher(
            state,
            login.server(),
            login.token(),
            replica::changedElsewhere,
            view,
            Watcher.Timing.defaults());
    try {
      runUntilStopped(watcher);
    } catch (SyncException e) {
      throw SyncCommands.unreachableOrRefused(e, state.pendingCount());
    }
    view.stopped(state.pendingCount());
    return ExitCode.OK;
  }

  /** Runs the watcher until Ctrl-C asks it to stop; a {@link SyncException} ends it sooner. */
  private static void runUntilStopped(Watcher watcher) {
    // Ctrl-C: ask the loop to stop and let the JVM exit only once it has.
    CountDownLatch finished = new CountDownLatch(1);
    Thread stopper =
        new Thread(
            () -> {
              watcher.stop();
              try {
                finished.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "tern-watch-stop");
    Runtime.getRuntime().addShutdownHook(stopper);
    try {
      watcher.run();
    } finally {
      finished.countDown();
    }
  }
}
