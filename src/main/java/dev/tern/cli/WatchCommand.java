package dev.tern.cli;

import dev.tern.model.InvalidInputException;
import dev.tern.model.Labels;
import dev.tern.op.Change;
import dev.tern.op.Fields;
import dev.tern.op.Kind;
import dev.tern.op.Op;
import dev.tern.replica.Replica;
import dev.tern.replica.SyncState;
import dev.tern.sync.ServerConnection;
import dev.tern.sync.SyncException;
import dev.tern.sync.SyncReport;
import dev.tern.sync.SyncRound;
import dev.tern.sync.protocol.DeltaEntry;
import dev.tern.sync.protocol.Message;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
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
  /** How often the profile is checked for edits by other processes. */
  static final Duration POLL = Duration.ofMillis(50);

  static final Duration FIRST_RETRY = Duration.ofSeconds(1);
  static final Duration LAST_RETRY = Duration.ofSeconds(30);

  @Option(names = "--quiet", description = "Print no live lines (status still goes to stderr).")
  boolean quiet;

  private volatile boolean stopping;

  @Override
  int run() throws Exception {
    Replica replica = replica();
    SyncState state = replica.sync();
    SyncState.Login login =
        state
            .login()
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        "this profile has no server: run `tern login URL --token TOKEN` first"));
    PrintStream err = terminal().err();
    CountDownLatch finished = new CountDownLatch(1);
    Thread stopper =
        new Thread(
            () -> {
              stopping = true;
              try {
                finished.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "tern-watch-stop");
    Runtime.getRuntime().addShutdownHook(stopper);
    try {
      return watch(replica, state, login, err);
    } finally {
      finished.countDown();
    }
  }

  private int watch(Replica replica, SyncState state, SyncState.Login login, PrintStream err) {
    Duration retry = FIRST_RETRY;
    boolean offline = false;
    while (!stopping) {
      try (ServerConnection connection =
          ServerConnection.open(
              login.server(), SyncCommands.CONNECT_TIMEOUT, SyncCommands.PING_INTERVAL)) {
        SyncRound round =
            new SyncRound(
                state,
                connection,
                SyncCommands.ANSWER_TIMEOUT,
                System::currentTimeMillis,
                (phase, done, total) -> {});
        round.greet(login.token());
        SyncReport caughtUp = round.run();
        err.println(
            (offline ? "back online: " : "watching " + login.server() + ": ")
                + "pushed "
                + caughtUp.pushed()
                + ", pulled "
                + caughtUp.pulled()
                + "; at "
                + caughtUp.cursor()
                + (caughtUp.conflicts() > 0
                    ? "; " + caughtUp.conflicts() + " new conflicts (tern conflicts)"
                    : ""));
        offline = false;
        retry = FIRST_RETRY;
        round.listen(entries -> print(replica, entries));
        replica.changedElsewhere();
        hold(replica, round, connection);
      } catch (SyncException e) {
        if (e.reason() == SyncException.Reason.REFUSED) {
          throw SyncCommands.unreachableOrRefused(e, state.pendingCount());
        }
        if (stopping) {
          break;
        }
        Duration wait = jittered(retry);
        err.println(
            (offline ? "still offline: " : "offline: ")
                + e.getMessage()
                + "; "
                + SyncCommands.waiting(state.pendingCount())
                + "; retrying in "
                + String.format(java.util.Locale.ROOT, "%.1f", wait.toMillis() / 1000.0)
                + " s");
        offline = true;
        sleep(wait);
        retry =
            retry.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : retry.multipliedBy(2);
      }
    }
    err.println("stopped; " + SyncCommands.waiting(state.pendingCount()));
    return ExitCode.OK;
  }

  /** The connected loop: server deltas as they come, local edits every {@link #POLL}. */
  private void hold(Replica replica, SyncRound round, ServerConnection connection) {
    while (!stopping) {
      Message message = connection.receive(POLL);
      if (message instanceof Message.Delta delta) {
        if (!round.apply(delta)) {
          round.pull();
        }
      } else if (message instanceof Message.ErrorMessage error) {
        throw new SyncException(SyncException.Reason.UNREACHABLE, "server: " + error.message());
      }
      if (replica.changedElsewhere()) {
        round.push();
      }
    }
  }

  private void print(Replica replica, List<DeltaEntry> entries) {
    if (quiet) {
      return;
    }
    List<String> issueIds = new ArrayList<>();
    for (DeltaEntry entry : entries) {
      issueIds.add(entry.issue() != null ? entry.issue().id() : entry.comment().issue());
    }
    Map<String, String> keys = replica.keys(issueIds);
    PrintStream out = terminal().out();
    try {
      for (int index = 0; index < entries.size(); index++) {
        DeltaEntry entry = entries.get(index);
        Op op = entry.op();
        if (op.clientId().equals(replica.clientId())) {
          continue;
        }
        String issueId = issueIds.get(index);
        String key = keys.get(issueId);
        for (String[] change : describe(op)) {
          if (json()) {
            Json.print(
                terminal(),
                json -> {
                  json.writeStartObject();
                  json.writeNumberField("syncId", entry.syncId());
                  json.writeStringField("issue", key);
                  json.writeStringField("id", issueId);
                  json.writeStringField("kind", op.kind().wireName());
                  json.writeStringField("field", change[0]);
                  json.writeStringField("from", change[1]);
                  json.writeStringField("to", change[2]);
                  json.writeStringField("actor", op.actor());
                  json.writeEndObject();
                });
          } else {
            out.println(
                Render.pad(key, 9)
                    + "  "
                    + Render.pad(change[0], 11)
                    + "  "
                    + (change[1] == null ? "" : shorten(change[1]) + " → ")
                    + shorten(change[2])
                    + "   "
                    + op.actor());
          }
        }
      }
      out.flush();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Per changed field: name, old value (null for "no before"), new value. */
  static List<String[]> describe(Op op) {
    List<String[]> lines = new ArrayList<>();
    if (op.kind() == Kind.CREATE_ISSUE) {
      lines.add(new String[] {"created", null, op.change(Fields.TITLE).value()});
    } else if (op.kind() == Kind.CREATE_COMMENT) {
      lines.add(new String[] {"comment", null, op.change(Fields.BODY).value()});
    } else if (op.kind() == Kind.UPDATE_COMMENT) {
      lines.add(
          new String[] {
            "comment",
            null,
            "true".equals(op.change(Fields.DELETED).value()) ? "(deleted)" : "(restored)"
          });
    } else {
      for (Map.Entry<String, Change> field : op.changes().entrySet()) {
        Change change = field.getValue();
        if (Fields.LABELS.equals(field.getKey())) {
          SortedSet<String> before = Labels.parse(change.base());
          SortedSet<String> after = Labels.parse(change.value());
          List<String> diff = new ArrayList<>();
          after.stream()
              .filter(label -> !before.contains(label))
              .forEach(label -> diff.add("+" + label));
          before.stream()
              .filter(label -> !after.contains(label))
              .forEach(label -> diff.add("-" + label));
          lines.add(new String[] {"labels", null, String.join(" ", diff)});
        } else if (Fields.DESCRIPTION.equals(field.getKey())) {
          lines.add(new String[] {"description", null, "(edited)"});
        } else {
          lines.add(
              new String[] {field.getKey(), nullToDash(change.base()), nullToDash(change.value())});
        }
      }
    }
    return lines;
  }

  private static String nullToDash(String value) {
    return value == null || value.isEmpty() ? "-" : value;
  }

  private static String shorten(String value) {
    return Render.cut(value.replace('\n', ' '), 60);
  }

  private static Duration jittered(Duration base) {
    // Between half and all of the step: clients cut off together do not all return together.
    double factor = 0.5 + 0.5 * ThreadLocalRandom.current().nextDouble();
    return Duration.ofMillis((long) (base.toMillis() * factor));
  }

  private void sleep(Duration wait) {
    long until = System.nanoTime() + wait.toNanos();
    while (!stopping && System.nanoTime() < until) {
      try {
        Thread.sleep(Math.min(100, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
