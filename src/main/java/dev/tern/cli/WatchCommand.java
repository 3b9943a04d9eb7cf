package dev.tern.cli;

import dev.tern.model.Labels;
import dev.tern.op.Change;
import dev.tern.op.CreateComment;
import dev.tern.op.CreateIssue;
import dev.tern.op.IssueField;
import dev.tern.op.Op;
import dev.tern.op.UpdateComment;
import dev.tern.protocol.DeltaEntry;
import dev.tern.replica.Replica;
import dev.tern.replica.SyncState;
import dev.tern.sync.SyncException;
import dev.tern.sync.SyncReport;
import dev.tern.sync.Watcher;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedSet;
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
    PrintStream err = terminal().err();
    Watcher watcher =
        new Watcher(
            state,
            login.server(),
            login.token(),
            replica::changedElsewhere,
            new Watcher.Events() {
              @Override
              public void connected(SyncReport caughtUp, boolean afterOffline) {
                err.println(
                    (afterOffline ? "back online: " : "watching " + login.server() + ": ")
                        + "pushed "
                        + caughtUp.pushed()
                        + ", pulled "
                        + caughtUp.pulled()
                        + "; at "
                        + caughtUp.cursor()
                        + (caughtUp.conflicts() > 0
                            ? "; " + caughtUp.conflicts() + " new conflicts (tern conflicts)"
                            : ""));
              }

              @Override
              public void offline(String reason, int pending, Duration retry, boolean still) {
                err.println(
                    (still ? "still offline: " : "offline: ")
                        + reason
                        + "; "
                        + SyncCommands.waiting(pending)
                        + "; retrying in "
                        + String.format(Locale.ROOT, "%.1f", retry.toMillis() / 1000.0)
                        + " s");
              }

              @Override
              public void applied(List<DeltaEntry> entries) {
                print(replica, entries);
              }
            },
            Watcher.Timing.defaults());
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
    } catch (SyncException e) {
      throw SyncCommands.unreachableOrRefused(e, state.pendingCount());
    } finally {
      finished.countDown();
    }
    err.println("stopped; " + SyncCommands.waiting(state.pendingCount()));
    return ExitCode.OK;
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
    if (op instanceof CreateIssue create) {
      lines.add(new String[] {"created", null, (String) create.values().get(IssueField.TITLE)});
    } else if (op instanceof CreateComment comment) {
      lines.add(new String[] {"comment", null, comment.body()});
    } else if (op instanceof UpdateComment update) {
      lines.add(
          new String[] {
            "comment",
            null,
            Boolean.TRUE.equals(update.deleted().value()) ? "(deleted)" : "(restored)"
          });
    } else {
      for (Map.Entry<String, Change<String>> field : op.changes().entrySet()) {
        Change<String> change = field.getValue();
        if (IssueField.LABELS.wireName().equals(field.getKey())) {
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
        } else if (IssueField.DESCRIPTION.wireName().equals(field.getKey())) {
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
}
