package dev.tern.sync;

import dev.tern.op.Change;
import dev.tern.op.CreateComment;
import dev.tern.op.CreateIssue;
import dev.tern.op.IssueField;
import dev.tern.op.Op;
import dev.tern.op.Outcome;
import dev.tern.op.UpdateComment;
import dev.tern.op.UpdateIssue;
import dev.tern.protocol.AckResult;
import dev.tern.protocol.CommentState;
import dev.tern.protocol.ConflictRecord;
import dev.tern.protocol.DeltaEntry;
import dev.tern.protocol.ErrorCode;
import dev.tern.protocol.IssueState;
import dev.tern.protocol.Message;
import dev.tern.protocol.Protocol;
import dev.tern.protocol.TeamInfo;
import dev.tern.replica.Replica;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An in-memory tern server for unit tests of the sync client, behind the {@link ServerLink} seam:
 * it answers {@code hello}, {@code push}, {@code pull} and {@code snapshot} with the protocol's
 * records and no network. Sync ids are gap-free, and a re-sent operation is answered {@code
 * duplicate} with its original sync id, or with its earlier rejection (docs/sync.md, "Protocol").
 *
 * <p>It is a seam, not a second server: the last write applies, field by field, and the only checks
 * are team membership and that an updated entity exists. Conflicts, refusals, lost acks, compaction
 * and dropped connections happen when a test scripts them. The real server's rules are tested
 * through the whole-system tests on loopback.
 *
 * <p>Thread-safe: a watcher's thread and the test's may use links to one fake at once.
 */
final class FakeServer {
  /** The URL a replica logs in to; only links from {@link #connect} reach this fake. */
  static final String URL = "ws://fake.invalid:7447";

  private final Map<String, String> teamNames = new LinkedHashMap<>();
  private final Map<String, String> userOfToken = new HashMap<>();
  private final Map<String, List<String>> teamsOfUser = new HashMap<>();

  /** The log: the entry with sync id n is at index n - 1. */
  private final List<DeltaEntry> log = new ArrayList<>();

  private final List<ConflictRecord> conflicts = new ArrayList<>();
  private final Map<String, IssueState> issues = new TreeMap<>();
  private final Map<String, CommentState> comments = new TreeMap<>();
  private final Map<String, Long> lastNumber = new HashMap<>();

  /** The first answer to every operation that was ever pushed, by op id. */
  private final Map<String, AckResult> answered = new HashMap<>();

  private final List<Link> links = new ArrayList<>();
  private final List<Message> fromClients = new ArrayList<>();
  private final List<Message> toClients = new ArrayList<>();
  private long horizon;
  private int pageSize = Protocol.MAX_PAGE;
  private boolean fanOut;
  private boolean down;

  private boolean dropNextAck;
  private final Map<String, Refusal> refusals = new HashMap<>();
  private final Map<String, String> losingField = new HashMap<>();
  private final Set<String> closeOnNext = new HashSet<>();
  private final Map<String, Runnable> afterNext = new HashMap<>();

  private record Refusal(ErrorCode code, String message) {}

  // ---- setup ----------------------------------------------------------------------------------

  synchronized void team(String key, String name) {
    teamNames.put(key, name);
  }

  /** Adds a user in {@code teams}; returns their token. */
  synchronized String user(String name, String... teams) {
    String token = "tern_fake_" + name;
    userOfToken.put(token, name);
    teamsOfUser.put(name, List.of(teams));
    return token;
  }

  /** Most entries a delta page, and most entities a snapshot page, carries. */
  synchronized void pageSize(int entries) {
    pageSize = entries;
  }

  /** Sends every committed push to every held link that may see it, as the real server does. */
  synchronized void fanOut() {
    fanOut = true;
  }

  // ---- links ----------------------------------------------------------------------------------

  /** A new link to this fake; unreachable while it is {@link #stop stopped}. */
  synchronized ServerLink connect() {
    if (down) {
      throw new SyncException(SyncException.Reason.UNREACHABLE, "cannot reach " + URL);
    }
    Link link = new Link();
    links.add(link);
    return link;
  }

  /** What `tern login` does against this fake: greet, then record the server, user and team. */
  void login(Replica replica, String token, String team) {
    try (ServerLink link = connect()) {
      Message.Welcome welcome =
          new SyncRound(
                  replica.sync(),
                  link,
                  Duration.ofSeconds(5),
                  System::currentTimeMillis,
                  (phase, done, total) -> {})
              .greet(token);
      replica.sync().attach(URL, token, welcome.user(), SyncRound.teams(welcome.teams()), team);
    }
  }

  /** One `tern sync` round against this fake, waiting at most {@code answer} for each answer. */
  SyncReport sync(Replica replica, String token, Duration answer) {
    try (ServerLink link = connect()) {
      SyncRound round =
          new SyncRound(
              replica.sync(), link, answer, System::currentTimeMillis, (phase, done, total) -> {});
      round.greet(token);
      return round.run();
    }
  }

  /** Hands out links to this fake, whatever the URL: the watcher's opener. */
  ServerLink.Opener opener() {
    return url -> connect();
  }

  /** Closes every link and refuses new ones until {@link #start}. The state is kept. */
  synchronized void stop() {
    down = true;
    List.copyOf(links).forEach(Link::end);
  }

  synchronized void start() {
    down = false;
  }

  // ---- scripted faults ------------------------------------------------------------------------

  /** Commits the next push but never answers it, as if the ack were lost on the way. */
  synchronized void dropNextAck() {
    dropNextAck = true;
  }

  /** Rejects every operation on {@code entity} with {@code code}. */
  synchronized void refuse(String entity, ErrorCode code, String message) {
    refusals.put(entity, new Refusal(code, message));
  }

  /**
   * The next edit of {@code field} on issue {@code entity} loses to the current value: the push is
   * answered {@code superseded} and its author gets a conflict record.
   */
  synchronized void loseNext(String entity, String field) {
    losingField.put(entity, field);
  }

  /** Forgets the log up to the head: a cursor below it must bootstrap (docs/sync.md, "Storage"). */
  synchronized void compact() {
    horizon = log.size();
  }

  /** The next message of {@code type} from a client closes its link instead of being answered. */
  synchronized void closeOnNext(String type) {
    closeOnNext.add(type);
  }

  /**
   * Runs {@code action} right after the next message of {@code type} is answered, outside the
   * fake's lock: another client can sync between two steps of a round.
   */
  synchronized void afterNext(String type, Runnable action) {
    afterNext.put(type, action);
  }

  // ---- what the test can look at -------------------------------------------------------------

  synchronized long head() {
    return log.size();
  }

  synchronized List<DeltaEntry> log() {
    return List.copyOf(log);
  }

  synchronized Map<String, IssueState> issues() {
    return new TreeMap<>(issues);
  }

  synchronized Map<String, CommentState> comments() {
    return new TreeMap<>(comments);
  }

  /** Every message clients sent, in order, including those answered by closing the link. */
  synchronized List<Message> fromClients() {
    return List.copyOf(fromClients);
  }

  /** Every message delivered to clients, in order; a dropped ack is not among them. */
  synchronized List<Message> toClients() {
    return List.copyOf(toClients);
  }

  // ---- answering ------------------------------------------------------------------------------

  private void handle(Link link, Message message) {
    Runnable after;
    synchronized (this) {
      fromClients.add(message);
      if (closeOnNext.remove(message.type())) {
        link.end();
        return;
      }
      answer(link, message);
      after = afterNext.remove(message.type());
    }
    if (after != null) {
      after.run();
    }
  }

  private void answer(Link link, Message message) {
    if (link.user == null) {
      if (message instanceof Message.Hello hello) {
        hello(link, hello);
      } else {
        fail(link, ErrorCode.HELLO_REQUIRED, "the first message must be hello");
      }
      return;
    }
    if (message instanceof Message.Push push) {
      push(link, push);
    } else if (message instanceof Message.Pull pull) {
      deliver(link, pull(link.user, pull));
    } else if (message instanceof Message.SnapshotRequest request) {
      deliver(link, snapshot(link.user, request));
    } else {
      fail(link, ErrorCode.BAD_MESSAGE, "unexpected " + message.type());
    }
  }

  private void hello(Link link, Message.Hello hello) {
    if (hello.protocol() != Protocol.PROTOCOL) {
      fail(link, ErrorCode.UPGRADE_REQUIRED, "protocol " + Protocol.PROTOCOL + " only");
      return;
    }
    String user = userOfToken.get(hello.token());
    if (user == null) {
      fail(link, ErrorCode.UNAUTHORIZED, "unknown token");
      return;
    }
    link.user = user;
    deliver(link, new Message.Welcome(Protocol.PROTOCOL, user, teams(user), head(), horizon));
  }

  private void push(Link link, Message.Push push) {
    int before = log.size();
    List<AckResult> results = new ArrayList<>();
    for (Op op : push.ops()) {
      AckResult earlier = answered.get(op.id());
      if (earlier == null) {
        AckResult result = settle(link.user, op);
        answered.put(op.id(), result);
        results.add(result);
      } else if (earlier.outcome() == Outcome.REJECTED) {
        results.add(earlier);
      } else {
        results.add(
            new AckResult(op.id(), op.seq(), earlier.syncId(), Outcome.DUPLICATE, null, null));
      }
    }
    if (dropNextAck) {
      dropNextAck = false;
    } else {
      deliver(link, new Message.Ack(results));
    }
    if (fanOut && log.size() > before) {
      for (Link held : List.copyOf(links)) {
        if (held.user != null) {
          Message.Delta delta = page(held.user, before, log.size(), Integer.MAX_VALUE);
          if (!delta.entries().isEmpty() || !delta.conflicts().isEmpty()) {
            deliver(held, delta);
          }
        }
      }
    }
  }

  /** Appends one new operation to the log and returns its answer, or rejects it. */
  private AckResult settle(String user, Op op) {
    if (!teamsOfUser.get(user).contains(op.team())) {
      return rejected(op, ErrorCode.FORBIDDEN_TEAM, user + " is not a member of team " + op.team());
    }
    Refusal refusal = refusals.get(op.entity());
    if (refusal != null) {
      return rejected(op, refusal.code(), refusal.message());
    }
    long syncId = log.size() + 1;
    Outcome outcome = Outcome.APPLIED;
    DeltaEntry entry;
    // Every read of an operation is in this switch; the rule book's apply does the rest, and
    // the last write applies (no base checks: this is a fake).
    switch (op.kind()) {
      case CREATE_ISSUE -> {
        if (issues.containsKey(op.entity())) {
          return rejected(op, ErrorCode.INVALID, "issue " + op.entity() + " exists");
        }
        long number = lastNumber.merge(op.team(), 1L, Long::sum);
        IssueState created = IssueState.of(((CreateIssue) op).apply().withNumber(number));
        issues.put(created.id(), created);
        entry = new DeltaEntry(syncId, op, created, null);
      }
      case UPDATE_ISSUE -> {
        IssueState current = issues.get(op.entity());
        if (current == null) {
          return rejected(op, ErrorCode.INVALID, "no issue " + op.entity());
        }
        String losing = losingField.remove(op.entity());
        Map<IssueField, Change<?>> taking = new EnumMap<>(((UpdateIssue) op).fields());
        if (losing != null && taking.remove(IssueField.ofWireName(losing)) != null) {
          outcome = Outcome.SUPERSEDED;
          conflicts.add(conflict(syncId, user, op, losing, current));
        }
        IssueState updated =
            IssueState.of(new UpdateIssue(op.header(), taking).apply(current.toData()));
        issues.put(updated.id(), updated);
        entry = new DeltaEntry(syncId, op, updated, null);
      }
      case CREATE_COMMENT -> {
        CreateComment create = (CreateComment) op;
        if (!issues.containsKey(create.issue()) || comments.containsKey(op.entity())) {
          return rejected(
              op, ErrorCode.INVALID, "no issue " + create.issue() + " or comment exists");
        }
        CommentState created = CommentState.of(create.apply());
        comments.put(created.id(), created);
        entry = new DeltaEntry(syncId, op, null, created);
      }
      case UPDATE_COMMENT -> {
        CommentState current = comments.get(op.entity());
        if (current == null) {
          return rejected(op, ErrorCode.INVALID, "no comment " + op.entity());
        }
        CommentState updated = CommentState.of(((UpdateComment) op).apply(current.toData()));
        comments.put(updated.id(), updated);
        entry = new DeltaEntry(syncId, op, null, updated);
      }
      default -> throw new IllegalStateException("unknown kind " + op.kind());
    }
    log.add(entry);
    return new AckResult(op.id(), op.seq(), syncId, outcome, null, null);
  }

  /**
   * The record for the author of {@code op}, whose edit of {@code field} lost to {@code current}.
   */
  private ConflictRecord conflict(
      long syncId, String user, Op op, String field, IssueState current) {
    Op winner =
        log.stream()
            .map(DeltaEntry::op)
            .filter(logged -> logged.entity().equals(current.id()))
            .reduce((first, second) -> second)
            .orElseThrow();
    return new ConflictRecord(
        syncId + "/" + field,
        syncId,
        user,
        op.clientId(),
        current.id(),
        field,
        op.change(field).base(),
        op.change(field).value(),
        IssueField.ofWireName(field).format(current.toData().get(IssueField.ofWireName(field))),
        op.id(),
        winner.actor(),
        winner.stamp().encode(),
        op.stamp().encode());
  }

  private static AckResult rejected(Op op, ErrorCode code, String message) {
    return new AckResult(op.id(), op.seq(), null, Outcome.REJECTED, code, message);
  }

  private Message.Delta pull(String user, Message.Pull pull) {
    long head = log.size();
    if (pull.cursor() < horizon || pull.cursor() > head) {
      return new Message.Delta(
          List.of(), List.of(), pull.cursor(), pull.cursor(), head, false, true);
    }
    return page(user, pull.cursor(), head, Math.min(pull.limit(), pageSize));
  }

  /**
   * The entries in {@code (from, to]} that {@code user} may see, at most {@code limit}; the page's
   * cursor also covers the ids of other teams it skipped.
   */
  private Message.Delta page(String user, long from, long to, int limit) {
    List<String> teams = teamsOfUser.get(user);
    List<DeltaEntry> entries = new ArrayList<>();
    long cursor = from;
    for (long syncId = from + 1; syncId <= to; syncId++) {
      DeltaEntry entry = log.get((int) syncId - 1);
      if (teams.contains(entry.op().team())) {
        if (entries.size() == limit) {
          break;
        }
        entries.add(entry);
      }
      cursor = syncId;
    }
    long end = cursor;
    List<ConflictRecord> theirs =
        conflicts.stream()
            .filter(
                conflict ->
                    conflict.user().equals(user)
                        && conflict.syncId() > from
                        && conflict.syncId() <= end)
            .toList();
    return new Message.Delta(entries, theirs, from, cursor, log.size(), cursor < log.size(), false);
  }

  /**
   * A page of the user's issues, then comments, by id. {@code next} is {@code "<at>:<i|c>:<last
   * id>"}: later pages keep the first page's {@code at}, and resume by id, so an entity created
   * between pages is never counted twice (pulling from {@code at} brings it).
   */
  private Message.Snapshot snapshot(String user, Message.SnapshotRequest request) {
    long at = log.size();
    boolean inComments = false;
    String after = "";
    if (request.after() != null) {
      String[] parts = request.after().split(":", 3);
      at = Long.parseLong(parts[0]);
      inComments = parts[1].equals("c");
      after = parts[2];
    }
    List<String> teams = teamsOfUser.get(user);
    int limit = Math.min(request.limit(), pageSize);
    List<IssueState> pageIssues = new ArrayList<>();
    List<CommentState> pageComments = new ArrayList<>();
    String next = null;
    if (!inComments) {
      for (IssueState issue : issues.values()) {
        if (issue.id().compareTo(after) > 0 && teams.contains(issue.team())) {
          if (pageIssues.size() == limit) {
            next = at + ":i:" + pageIssues.get(limit - 1).id();
            break;
          }
          pageIssues.add(issue);
        }
      }
      after = "";
    }
    if (next == null) {
      for (CommentState comment : comments.values()) {
        if (comment.id().compareTo(after) > 0
            && teams.contains(issues.get(comment.issue()).team())) {
          if (pageIssues.size() + pageComments.size() == limit) {
            next =
                at
                    + ":c:"
                    + (pageComments.isEmpty()
                        ? ""
                        : pageComments.get(pageComments.size() - 1).id());
            break;
          }
          pageComments.add(comment);
        }
      }
    }
    return new Message.Snapshot(at, teams(user), pageIssues, pageComments, next);
  }

  private List<TeamInfo> teams(String user) {
    return teamsOfUser.get(user).stream()
        .map(key -> new TeamInfo(key, teamNames.get(key)))
        .toList();
  }

  private void fail(Link link, ErrorCode code, String message) {
    deliver(link, new Message.ErrorMessage(code, message));
    link.end();
  }

  private void deliver(Link link, Message message) {
    if (link.deliver(message)) {
      toClients.add(message);
    }
  }

  // ---- the link -------------------------------------------------------------------------------

  /** One client's link. Messages are answered on the sender's thread, before send returns. */
  private final class Link implements ServerLink {
    private static final Object CLOSED = new Object();

    private final BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
    private volatile boolean closed;
    private String user;

    @Override
    public void send(Message message) {
      if (closed) {
        throw new SyncException(SyncException.Reason.UNREACHABLE, "connection closed");
      }
      handle(this, message);
    }

    @Override
    public Message receive(Duration timeout) {
      Object next;
      try {
        next = inbox.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SyncException(SyncException.Reason.UNREACHABLE, "interrupted");
      }
      if (next == CLOSED) {
        inbox.add(CLOSED);
        throw new SyncException(SyncException.Reason.UNREACHABLE, "connection closed");
      }
      return (Message) next;
    }

    @Override
    public void close() {
      synchronized (FakeServer.this) {
        end();
      }
    }

    /** Queues a message for the client; false when the link has closed. */
    boolean deliver(Message message) {
      if (closed) {
        return false;
      }
      inbox.add(message);
      return true;
    }

    /** Closes the link from either end; the client reads what was queued, then "closed". */
    void end() {
      if (!closed) {
        closed = true;
        inbox.add(CLOSED);
        links.remove(this);
      }
    }
  }
}
