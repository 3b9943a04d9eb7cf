package dev.tern.server;

import dev.tern.model.InvalidInputException;
import dev.tern.protocol.ConflictRecord;
import dev.tern.protocol.DeltaEntry;
import dev.tern.protocol.Message;
import dev.tern.protocol.Protocol;
import dev.tern.protocol.SnapshotPages;
import dev.tern.server.store.Account;
import dev.tern.server.store.ServerStore;
import dev.tern.server.store.StateJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * The pages a client reads: delta pages after its cursor (pull) and snapshot pages of its teams'
 * current state, each cut to about {@link #PAGE_BYTES} so that it stays within the frame size
 * clients accept. Thread-safe: reads run on the worker pool, many at once.
 */
final class Paging {
  /** Aim for pages of about this size: half the frame limit, as JSON escapes can grow text. */
  static final long PAGE_BYTES = Protocol.MAX_FRAME_BYTES / 2;

  private final ServerStore store;

  Paging(ServerStore store) {
    this.store = store;
  }

  /** A delta page after the pull's cursor, as docs/sync.md describes it. */
  Message.Delta pull(Account account, Message.Pull pull) {
    int limit = pageLimit(pull.limit());
    long cursor = pull.cursor();
    long head = store.head();
    if (cursor < store.horizon() || cursor > head) {
      // Below the horizon the log is gone; above the head the client saw another log (a server
      // restored from an older backup). Either way only a snapshot can bring it back in line.
      return new Message.Delta(List.of(), List.of(), cursor, cursor, head, false, true);
    }
    List<DeltaEntry> entries = store.readLog(account.teamKeys(), cursor, head, limit);
    if (cursor < store.horizon()) {
      // Compacted while we read: the page may have a hole.
      return new Message.Delta(List.of(), List.of(), cursor, cursor, head, false, true);
    }
    int fitting = fittingEntries(entries);
    boolean full = entries.size() == limit || fitting < entries.size();
    entries = entries.subList(0, fitting);
    long pageEnd = full ? entries.get(entries.size() - 1).syncId() : head;
    List<ConflictRecord> conflicts = store.conflicts(account.user(), cursor, pageEnd);
    return new Message.Delta(entries, conflicts, cursor, pageEnd, head, pageEnd < head, false);
  }

  /**
   * The text of the snapshot page the request asks for: issues first, then comments, with the token
   * of the next page. The states go in as the store keeps them, which is their wire JSON ({@link
   * ServerStore#issueJson}): a page costs no parse and no encoding per issue. Throws
   * InvalidInputException for a token this server did not give out.
   */
  String snapshot(Account account, Message.SnapshotRequest request) {
    int limit = pageLimit(request.limit());
    SnapshotToken token =
        request.after() == null
            ? new SnapshotToken(store.head(), false, "")
            : SnapshotToken.parse(request.after());
    Set<String> teams = account.teamKeys();
    List<StateJson> states;
    String next;
    if (!token.comments()) {
      states = store.issueJson(teams, token.afterId(), limit);
      int fitting = fitting(states, Paging::estimatedBytes);
      boolean cut = states.size() == limit || fitting < states.size();
      states = states.subList(0, fitting);
      next =
          cut
              ? new SnapshotToken(token.at(), false, states.get(fitting - 1).id()).format()
              : new SnapshotToken(token.at(), true, "").format();
    } else {
      states = store.commentJson(teams, token.afterId(), limit);
      int fitting = fitting(states, Paging::estimatedBytes);
      boolean cut = states.size() == limit || fitting < states.size();
      states = states.subList(0, fitting);
      next =
          cut ? new SnapshotToken(token.at(), true, states.get(fitting - 1).id()).format() : null;
    }
    List<String> json = new ArrayList<>(states.size());
    states.forEach(state -> json.add(state.json()));
    return token.comments()
        ? SnapshotPages.write(token.at(), account.teams(), List.of(), json, next)
        : SnapshotPages.write(token.at(), account.teams(), json, List.of(), next);
  }

  /**
   * Where a snapshot read has got to: the head when it began, the table, the last id sent. The
   * client treats it as opaque.
   */
  private record SnapshotToken(long at, boolean comments, String afterId) {
    String format() {
      return at + ":" + (comments ? "c" : "i") + ":" + afterId;
    }

    static SnapshotToken parse(String text) {
      String[] parts = text.split(":", 3);
      if (parts.length != 3 || !(parts[1].equals("i") || parts[1].equals("c"))) {
        throw new InvalidInputException("not a snapshot token: " + text);
      }
      try {
        return new SnapshotToken(Long.parseLong(parts[0]), parts[1].equals("c"), parts[2]);
      } catch (NumberFormatException e) {
        throw new InvalidInputException("not a snapshot token: " + text);
      }
    }
  }

  /**
   * How many of the entries, from the first, fit in one message of about {@link #PAGE_BYTES}
   * (always at least one), so that pages stay near the frame size clients accept.
   */
  static int fittingEntries(List<DeltaEntry> entries) {
    return fitting(entries, Paging::estimatedBytes);
  }

  private static <T> int fitting(List<T> items, ToLongFunction<T> size) {
    long bytes = 0;
    for (int index = 0; index < items.size(); index++) {
      bytes += size.applyAsLong(items.get(index));
      if (bytes > PAGE_BYTES && index > 0) {
        return index;
      }
    }
    return items.size();
  }

  private static long estimatedBytes(DeltaEntry entry) {
    long bytes = 600;
    for (var change : entry.op().changes().values()) {
      bytes += length(change.value()) + length(change.base());
    }
    if (entry.issue() != null) {
      bytes += length(entry.issue().title()) + length(entry.issue().description());
    }
    if (entry.comment() != null) {
      bytes += length(entry.comment().body());
    }
    return bytes;
  }

  /** A state's share of a page: its JSON (escapes included) and the comma between. */
  private static long estimatedBytes(StateJson state) {
    return state.json().length() + 1;
  }

  private static long length(String text) {
    return text == null ? 0 : text.length();
  }

  private static int pageLimit(int requested) {
    return requested <= 0 ? Protocol.MAX_PAGE : Math.min(requested, Protocol.MAX_PAGE);
  }
}
