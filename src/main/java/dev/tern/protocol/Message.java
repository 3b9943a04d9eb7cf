package dev.tern.protocol;

import dev.tern.op.Op;
import java.util.List;

/**
 * Every message of the protocol. One message travels per WebSocket text frame as a JSON object
 * whose {@code type} names the record; {@link MessageCodec} reads and writes them.
 */
public sealed interface Message {

  /** The wire value of {@code type}. */
  String type();

  /** Client's first message. {@code cursor} is the highest sync id the client has applied. */
  record Hello(int protocol, String token, String clientId, long cursor) implements Message {
    public String type() {
      return "hello";
    }
  }

  /**
   * The server accepts a hello. {@code head} is the latest sync id; {@code horizon} the oldest
   * cursor the server can still serve deltas from (older cursors must bootstrap by snapshot).
   */
  record Welcome(int protocol, String user, List<TeamInfo> teams, long head, long horizon)
      implements Message {
    public String type() {
      return "welcome";
    }
  }

  /** Something went wrong; when sent before or instead of welcome, the connection then closes. */
  record ErrorMessage(ErrorCode code, String message) implements Message {
    public String type() {
      return "error";
    }
  }

  /**
   * A batch of operations, in the client's order. {@code unreadable} is filled only by the server's
   * decoder, for operations it could not read; clients send it empty.
   */
  record Push(List<Op> ops, List<UnreadableOp> unreadable) implements Message {
    public Push(List<Op> ops) {
      this(ops, List.of());
    }

    public String type() {
      return "push";
    }

    public int size() {
      return ops.size() + unreadable.size();
    }
  }

  /** Answer to a push, one result per operation, sent only once the batch is durable. */
  record Ack(List<AckResult> results) implements Message {
    public String type() {
      return "ack";
    }
  }

  /** Asks for log entries after {@code cursor}, at most {@code limit} of them. */
  record Pull(long cursor, int limit) implements Message {
    public String type() {
      return "pull";
    }
  }

  /**
   * A page of the log: entries with sync ids in {@code (from, cursor]} the user may see, and the
   * conflict records of this user raised in that range. {@code cursor} covers ids skipped because
   * they belong to other teams. A client whose cursor is below {@code from} has missed entries and
   * must pull instead of applying this page. {@code snapshotRequired} means the requested cursor is
   * older than the horizon: bootstrap with snapshot pages.
   */
  record Delta(
      List<DeltaEntry> entries,
      List<ConflictRecord> conflicts,
      long from,
      long cursor,
      long head,
      boolean more,
      boolean snapshotRequired)
      implements Message {
    public String type() {
      return "delta";
    }
  }

  /** Client asks for a snapshot page; {@code after} is the previous page's {@code next}. */
  record SnapshotRequest(String after, int limit) implements Message {
    public String type() {
      return "snapshot";
    }
  }

  /**
   * A page of the current state of the user's teams. {@code at} is the head when the first page was
   * read; after the last page ({@code next == null}) the client pulls deltas from {@code at}.
   */
  record Snapshot(
      long at,
      List<TeamInfo> teams,
      List<IssueState> issues,
      List<CommentState> comments,
      String next)
      implements Message {
    public String type() {
      return "snapshot";
    }
  }
}
