package dev.tern.cli;

import dev.tern.cli.view.Output;
import dev.tern.cli.view.Terminal;
import dev.tern.cli.view.WatchView;
import dev.tern.replica.Replica;
import dev.tern.replica.SyncState;
import dev.tern.sync.SyncException;
import dev.tern.sync.Watcher;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.jline.reader.LineReader;

/**
 * Live sync inside the REPL ({@code tern repl --watch}): what {@code tern watch} does, on a thread
 * of its own with its own connection to the profile's store (as a second process would have), so
 * the commands typed meanwhile never share a connection with it. Its lines go through JLine's
 * {@link LineReader#printAbove}, which prints them above the prompt and redraws the line being
 * typed as it was.
 */
final class ReplWatch implements AutoCloseable {
  private final Replica replica;
  private final Watcher watcher;
  private final Thread thread;

  private ReplWatch(Replica replica, Watcher watcher, Thread thread) {
    this.replica = replica;
    this.watcher = watcher;
    this.thread = thread;
  }

  /** Starts watching the session's profile; fails (as {@code tern watch} would) when logged out. */
  static ReplWatch start(Session session, LineReader reader) {
    Replica replica = Replica.open(session.profile(), session.env());
    try {
      SyncState state = replica.sync();
      SyncState.Login login = SyncCommands.loggedIn(state);
      PrintStream above = new PrintStream(new LinesAbove(reader), true, StandardCharsets.UTF_8);
      Terminal terminal = new Terminal(above, above, false, session.env());
      WatchView view =
          new WatchView(
              new Output(terminal, session.zone(), false),
              login.server(),
              replica.clientId(),
              replica::keys,
              false);
      Watcher watcher =
          new Watcher(
              state,
              login.server(),
              login.token(),
              replica::changedElsewhere,
              view,
              Watcher.Timing.defaults());
      Thread thread =
          new Thread(
              () -> {
                try {
                  watcher.run();
                } catch (SyncException e) {
                  above.println("tern: live sync stopped: " + e.getMessage());
                } catch (RuntimeException e) {
                  above.println("tern: live sync stopped: " + Tern.message(e));
                }
              },
              "tern-repl-watch");
      thread.setDaemon(true);
      thread.start();
      return new ReplWatch(replica, watcher, thread);
    } catch (RuntimeException e) {
      replica.close();
      throw e;
    }
  }

  @Override
  public void close() {
    watcher.stop();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (!thread.isAlive()) {
      replica.close();
    }
  }

  /** Collects bytes into lines and hands each whole line to {@link LineReader#printAbove}. */
  private static final class LinesAbove extends OutputStream {
    private final LineReader reader;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    LinesAbove(LineReader reader) {
      this.reader = reader;
    }

    @Override
    public synchronized void write(int b) {
      if (b == '\n') {
        reader.printAbove(line.toString(StandardCharsets.UTF_8));
        line.reset();
      } else {
        line.write(b);
      }
    }
  }
}
