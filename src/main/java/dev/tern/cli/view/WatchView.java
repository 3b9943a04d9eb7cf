package dev.tern.cli.view;

import static dev.tern.cli.view.Text.cut;
import static dev.tern.cli.view.Text.pad;
import static dev.tern.cli.view.Text.printable;

import dev.tern.cli.view.OpChanges.FieldChange;
import dev.tern.model.Labels;
import dev.tern.op.Op;
import dev.tern.protocol.DeltaEntry;
import dev.tern.sync.SyncReport;
import dev.tern.sync.Watcher;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedSet;

/**
 * {@code tern watch}: a live line on stdout per field another replica changed, and the state of the
 * connection on stderr.
 */
public final class WatchView implements Watcher.Events {
  private static final int SHORT_VALUE = 60;

  private final Output output;
  private final Terminal terminal;
  private final String server;
  private final String ownClientId;
  private final IssueKeys keys;
  private final boolean quiet;

  /**
   * A view of the watch on {@code server}: live lines for changes not made by {@code ownClientId},
   * none at all when {@code quiet}.
   */
  public WatchView(
      Output output, String server, String ownClientId, IssueKeys keys, boolean quiet) {
    this.output = output;
    this.terminal = output.terminal();
    this.server = server;
    this.ownClientId = ownClientId;
    this.keys = keys;
    this.quiet = quiet;
  }

  @Override
  public void connected(SyncReport caughtUp, boolean afterOffline) {
    terminal
        .err()
        .println(
            (afterOffline ? "back online: " : "watching " + printable(server, false) + ": ")
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
  public void offline(String reason, int pending, Duration retry, boolean stillOffline) {
    terminal
        .err()
        .println(
            (stillOffline ? "still offline: " : "offline: ")
                + printable(String.valueOf(reason), false)
                + "; "
                + SyncView.waiting(pending)
                + "; retrying in "
                + String.format(Locale.ROOT, "%.1f", retry.toMillis() / 1000.0)
                + " s");
  }

  /** The watch ended with {@code pending} operations still to push. */
  public void stopped(int pending) {
    terminal.err().println("stopped; " + SyncView.waiting(pending));
  }

  @Override
  public void applied(List<DeltaEntry> entries) {
    if (quiet) {
      return;
    }
    List<String> issueIds = new ArrayList<>();
    for (DeltaEntry entry : entries) {
      issueIds.add(entry.issue() != null ? entry.issue().id() : entry.comment().issue());
    }
    Map<String, String> issueKeys = keys.of(issueIds);
    try {
      for (int index = 0; index < entries.size(); index++) {
        DeltaEntry entry = entries.get(index);
        if (!entry.op().clientId().equals(ownClientId)) {
          String issueId = issueIds.get(index);
          line(entry, issueId, issueKeys.get(issueId));
        }
      }
      terminal.out().flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void line(DeltaEntry entry, String issueId, String key) throws IOException {
    Op op = entry.op();
    PrintStream out = terminal.out();
    if (output.json()) {
      // One document per changed field, typed as everywhere else (docs/json.md).
      for (FieldChange change : OpChanges.of(op).fields()) {
        Json.print(
            terminal,
            json -> {
              json.writeStartObject();
              json.writeStringField("id", op.id());
              json.writeNumberField("syncId", entry.syncId());
              json.writeStringField("issue", issueId);
              json.writeStringField("key", key);
              json.writeStringField("kind", op.kind().wireName());
              json.writeStringField("field", change.field());
              json.writeFieldName("from");
              Json.value(json, change.field(), change.base());
              json.writeFieldName("to");
              Json.value(json, change.field(), change.value());
              json.writeStringField("actor", op.actor());
              json.writeEndObject();
            });
      }
      return;
    }
    for (String[] change : describe(OpChanges.of(op))) {
      out.println(
          pad(printable(key, false), 9)
              + "  "
              + pad(printable(change[0], false), 11)
              + "  "
              + (change[1] == null ? "" : shorten(change[1]) + " → ")
              + shorten(change[2])
              + "   "
              + printable(op.actor(), false));
    }
  }

  /** Per changed field: name, old value (null for "no before"), new value. */
  private static List<String[]> describe(OpChanges changes) {
    List<String[]> lines = new ArrayList<>();
    switch (changes.action()) {
      case CREATE -> lines.add(new String[] {"created", null, changes.value(OpChanges.TITLE)});
      case COMMENT -> lines.add(new String[] {"comment", null, changes.value(OpChanges.BODY)});
      case UNCOMMENT -> lines.add(new String[] {"comment", null, "(deleted)"});
      case RECOMMENT -> lines.add(new String[] {"comment", null, "(restored)"});
      case EDIT_COMMENT -> lines.add(new String[] {"comment", null, "(edited)"});
      case EDIT, ARCHIVE, RESTORE -> {
        for (FieldChange change : changes.fields()) {
          if (OpChanges.LABELS.equals(change.field())) {
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
          } else if (OpChanges.DESCRIPTION.equals(change.field())) {
            lines.add(new String[] {"description", null, "(edited)"});
          } else {
            lines.add(
                new String[] {
                  change.field(), nullToDash(change.base()), nullToDash(change.value())
                });
          }
        }
      }
    }
    return lines;
  }

  private static String nullToDash(String value) {
    return value == null || value.isEmpty() ? "-" : value;
  }

  private static String shorten(String value) {
    return cut(printable(value.replace('\n', ' '), false), SHORT_VALUE);
  }
}
