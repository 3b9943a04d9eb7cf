package dev.tern.server.store;

import dev.tern.protocol.CommentState;
import dev.tern.protocol.ConflictRecord;
import dev.tern.protocol.DeltaEntry;
import dev.tern.protocol.IssueState;
import dev.tern.protocol.TeamInfo;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;

/**
 * Everything the sync server keeps. Reads may run on any thread at once; writes go through {@link
 * #beginPush()}, which the server calls from its single writer thread.
 */
public interface ServerStore extends AutoCloseable {

  /** Creates a team. Throws InvalidInputException when the key is malformed or taken. */
  void addTeam(String key, String name);

  /**
   * Creates a user who belongs to the given existing teams and returns its new token. The store
   * keeps only the token's SHA-256; the token cannot be shown again. Throws InvalidInputException
   * for a taken name or an unknown team.
   */
  String addUser(String name, List<String> teams);

  /** Every user by name, with the keys of its teams. */
  SortedMap<String, List<String>> users();

  /**
   * Gives a user a new token and returns it; the old one stops working at once. Throws
   * InvalidInputException for an unknown user.
   */
  String reissueToken(String name);

  /** Removes a user and its memberships; its token stops working. Throws for an unknown user. */
  void removeUser(String name);

  /** Adds a user to a team (nothing when already a member). Throws for an unknown user or team. */
  void join(String team, String user);

  /** Removes a user from a team. Throws for an unknown user or team, or a user not in it. */
  void leave(String team, String user);

  /**
   * A number that moves whenever a user, a token or a membership changes, from this process or
   * another ({@code tern server user ...}): a running server polls it to apply such changes to the
   * connections it holds.
   */
  long accountsVersion();

  /** Every user's account as it is now, keyed by its token's hash ({@link Account#tokenHash}). */
  Map<String, Account> accountsByTokenHash();

  /**
   * Whether the client must read a snapshot before its next delta: its user joined a team (or was
   * added again) since, and the client never received that team's older issues.
   */
  boolean snapshotDue(String clientId);

  /** The client has begun reading a snapshot: {@link #snapshotDue} is false again. */
  void clearSnapshotDue(String clientId);

  /** All teams, by key. */
  List<TeamInfo> teams();

  /** The user holding this token and its teams, or empty when no user has it. */
  Optional<Account> authenticate(String token);

  /**
   * Binds a client id to a user the first time it is seen. Returns false when the id is already
   * bound to another user (so one user cannot write into another's sequence numbers).
   */
  boolean claimClient(String clientId, String user);

  /**
   * Opens the one write transaction. Nothing it did is visible or durable until {@link
   * PushTransaction#commit()}; closing it uncommitted rolls everything back. Callers must not open
   * a second one while one is open.
   */
  PushTransaction beginPush();

  /** The highest committed sync id (0 for an empty log). Every id up to it is readable. */
  long head();

  /** The oldest cursor deltas can be served from: ids at or below it may have been compacted. */
  long horizon();

  /**
   * Accepted operations of the given teams with {@code after < syncId <= upTo}, in sync id order,
   * at most {@code limit}, each with its entity's state right after it.
   */
  List<DeltaEntry> readLog(Set<String> teams, long after, long upTo, int limit);

  /** Conflict records of one user raised by sync ids in {@code (after, upTo]}, in order. */
  List<ConflictRecord> conflicts(String user, long after, long upTo);

  /**
   * Accepted operations of every team with {@code after < syncId <= upTo}, in sync id order, at
   * most {@code limit}: what a server node fans out of commits made by other nodes.
   */
  List<DeltaEntry> readLog(long after, long upTo, int limit);

  /** Conflict records of every user raised by sync ids in {@code (after, upTo]}, in order. */
  List<ConflictRecord> conflicts(long after, long upTo);

  /**
   * Waits until the head may have moved above {@code seen} through a commit of any node or process
   * sharing the database, for at most {@code timeout}, and returns the head then (which may still
   * be {@code seen}). PostgreSQL wakes it with LISTEN/NOTIFY; SQLite polls the head. Call from one
   * thread only. Throws InterruptedException when that thread is interrupted.
   */
  long awaitHead(long seen, Duration timeout) throws InterruptedException;

  /**
   * Wakes every {@link #awaitHead} on the database after a commit (NOTIFY on PostgreSQL; nothing on
   * SQLite, whose waiters poll). Only a hint: waiters read the head themselves.
   */
  void announce();

  /**
   * Current issues of the given teams with id greater than {@code afterId} (null: from the start).
   */
  List<IssueState> issues(Set<String> teams, String afterId, int limit);

  /** Current comments of the given teams with id greater than {@code afterId}, by id. */
  List<CommentState> comments(Set<String> teams, String afterId, int limit);

  /**
   * The issues {@link #issues} reads, each in the wire JSON of {@code MessageCodec.issueNode}: what
   * a snapshot page copies in as it is, with no parse and no encoding per issue on the server.
   */
  List<StateJson> issueJson(Set<String> teams, String afterId, int limit);

  /** The comments {@link #comments} reads, each in the wire JSON of a comment; as above. */
  List<StateJson> commentJson(Set<String> teams, String afterId, int limit);

  /**
   * Drops log entries so that at most {@code keep} remain, moving the horizon up. Current state,
   * dedupe by client sequence and conflict records the log still covers are kept.
   */
  void compact(long keep);

  @Override
  void close();
}
