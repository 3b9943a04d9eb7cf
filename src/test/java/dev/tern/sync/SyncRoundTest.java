package dev.tern.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.tern.model.Issue;
import dev.tern.model.State;
import dev.tern.op.Outcome;
import dev.tern.protocol.AckResult;
import dev.tern.protocol.DeltaEntry;
import dev.tern.protocol.ErrorCode;
import dev.tern.protocol.Message;
import dev.tern.replica.IssueEdit;
import dev.tern.replica.LogEntry;
import dev.tern.replica.NewIssue;
import dev.tern.replica.OpStatus;
import dev.tern.replica.Replica;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Push, pull, rebase and bootstrap of {@link SyncRound}, against the in-memory {@link FakeServer}:
 * real replicas on SQLite files, no network. The loopback tests (SyncEndToEndTest and others) run
 * the same rounds against the real server.
 */
class SyncRoundTest {
  @TempDir Path dir;
  final FakeServer server = new FakeServer();
  final List<Client> clients = new ArrayList<>();
  Client alice;

  /** A replica on its own file and the token it syncs with. */
  record Client(Replica replica, String token) {}

  @BeforeEach
  void start() {
    server.team("ENG", "Engineering");
    alice = client("alice");
  }

  @AfterEach
  void stop() {
    clients.forEach(client -> client.replica().close());
  }

  /** A replica logged in to the fake as {@code name}, as `tern login` leaves it. */
  Client client(String name) {
    Client client =
        new Client(
            Replica.open(dir.resolve(name + ".db"), System::currentTimeMillis, name),
            server.user(name, "ENG"));
    clients.add(client);
    server.login(client.replica(), client.token(), "ENG");
    return client;
  }

  static SyncRound round(Client client, ServerLink link, Duration answer) {
    return new SyncRound(
        client.replica().sync(),
        link,
        answer,
        System::currentTimeMillis,
        (phase, done, total) -> {});
  }

  /** One whole round, as `tern sync` runs it. */
  SyncReport sync(Client client) {
    return sync(client, Duration.ofSeconds(5));
  }

  SyncReport sync(Client client, Duration answer) {
    return server.sync(client.replica(), client.token(), answer);
  }

  static Issue create(Client client, String title) {
    return client.replica().create(NewIssue.titled(title));
  }

  static void edit(Client client, String id, IssueEdit edit) {
    client.replica().update(id, edit);
  }

  /** How many of the client's logged operations are in each status. */
  static Map<OpStatus, Integer> statuses(Client client) {
    Map<OpStatus, Integer> counts = new TreeMap<>();
    client.replica().log(false, 10_000).forEach(op -> counts.merge(op.status(), 1, Integer::sum));
    return counts;
  }

  void assertConverged(Client... all) {
    Map<String, String> picture = Replicas.server(server.issues(), server.comments());
    for (Client client : all) {
      assertThat(Replicas.view(client.replica())).isEqualTo(picture);
      assertThat(client.replica().sync().pendingCount()).isZero();
    }
  }

  <T extends Message> List<T> toClientsSince(int mark, Class<T> type) {
    List<Message> all = server.toClients();
    return all.subList(mark, all.size()).stream().filter(type::isInstance).map(type::cast).toList();
  }

  // ---- push -----------------------------------------------------------------------------------

  @Test
  void pushSendsTheQueueInBatchesAndAcksLeaveOperationsAcknowledgedUntilTheirEntriesArrive()
      throws Exception {
    alice
        .replica()
        .atomically(
            () -> {
              for (int index = 0; index < SyncRound.PUSH_BATCH + 1; index++) {
                create(alice, "Issue " + index);
              }
              return true;
            });

    try (ServerLink link = server.connect()) {
      SyncRound round = round(alice, link, Duration.ofSeconds(5));
      round.greet(alice.token());
      round.push();

      assertThat(server.fromClients().stream().filter(Message.Push.class::isInstance).toList())
          .extracting(push -> ((Message.Push) push).ops().size())
          .containsExactly(SyncRound.PUSH_BATCH, 1);
      assertThat(server.head()).isEqualTo(SyncRound.PUSH_BATCH + 1);
      assertThat(alice.replica().sync().pendingCount()).isZero();
      assertThat(statuses(alice)).isEqualTo(Map.of(OpStatus.ACKED, SyncRound.PUSH_BATCH + 1));
      assertThat(alice.replica().list(Replicas.EVERYTHING)).hasSize(SyncRound.PUSH_BATCH + 1);

      round.pull();
    }
    assertThat(statuses(alice)).isEqualTo(Map.of(OpStatus.SYNCED, SyncRound.PUSH_BATCH + 1));
    assertConverged(alice);
  }

  @Test
  void aRejectedOperationLeavesTheQueueButStaysInViewAndInTheLogWithItsReasonUntilDiscarded() {
    Issue kept = create(alice, "Kept");
    Issue refused = create(alice, "Refused");
    Issue after = create(alice, "After");
    server.refuse(refused.id(), ErrorCode.INVALID, "not on this server");

    SyncReport report = sync(alice);

    assertThat(report.pushed()).isEqualTo(3);
    assertThat(report.rejected()).isEqualTo(1);
    assertThat(report.pending()).isZero();
    LogEntry logged =
        alice.replica().log(false, 10).stream()
            .filter(op -> op.issue().equals(refused.id()))
            .findFirst()
            .orElseThrow();
    assertThat(logged.status()).isEqualTo(OpStatus.REJECTED);
    assertThat(logged.note()).isEqualTo("invalid: not on this server");
    // Nothing the user typed disappears without a command from them (docs/sync.md).
    assertThat(alice.replica().list(Replicas.EVERYTHING))
        .extracting(Issue::id)
        .containsExactlyInAnyOrder(kept.id(), refused.id(), after.id());
    assertThat(alice.replica().rejections())
        .extracting(LogEntry::issue)
        .containsExactly(refused.id());
    // A rejected operation takes no sync id: the log stays gap-free.
    assertThat(server.log()).extracting(DeltaEntry::syncId).containsExactly(1L, 2L);
    alice.replica().discardRejected(refused.id());
    assertThat(alice.replica().list(Replicas.EVERYTHING))
        .extracting(Issue::id)
        .containsExactlyInAnyOrder(kept.id(), after.id());
    assertConverged(alice);

    assertThat(sync(alice).pushed()).isZero();
  }

  // ---- pull -----------------------------------------------------------------------------------

  @Test
  void pullReadsDeltaPagesUntilThereIsNoMore() {
    create(alice, "Alice's first");
    sync(alice);
    Client bob = client("bob");
    sync(bob);
    for (int index = 0; index < 5; index++) {
      create(bob, "Bob's " + index);
    }
    sync(bob);
    server.pageSize(2);

    int mark = server.toClients().size();
    SyncReport report = sync(alice);

    assertThat(report.bootstrapped()).isFalse();
    assertThat(report.pulled()).isEqualTo(5);
    assertThat(toClientsSince(mark, Message.Delta.class))
        .extracting(Message.Delta::from, Message.Delta::cursor, Message.Delta::more)
        .containsExactly(tuple(1L, 3L, true), tuple(3L, 5L, true), tuple(5L, 6L, false));
    assertThat(alice.replica().sync().cursor()).isEqualTo(6);
    assertConverged(alice, bob);
  }

  @Test
  void anEditMadeAfterTheHelloGoesOutWithTheNextPush() throws Exception {
    // As a watcher or a long round does it: greet once, then push what was edited since.
    try (ServerLink link = server.connect()) {
      SyncRound round = round(alice, link, Duration.ofSeconds(5));
      round.greet(alice.token());
      create(alice, "Written after the hello");
      round.push();

      assertThat(server.head()).isEqualTo(1);
      assertThat(alice.replica().sync().pendingCount()).isZero();
    }
  }

  @Test
  void aRoundWithNothingToPushAtTheServersHeadSendsOnlyItsHello() {
    create(alice, "Synced");
    sync(alice);
    long cursor = alice.replica().sync().cursor();

    int mark = server.fromClients().size();
    SyncReport report = sync(alice);

    // The welcome showed the head at our cursor: a pull could bring nothing, so none is sent.
    List<Message> sent = server.fromClients();
    assertThat(sent.subList(mark, sent.size())).extracting(Message::type).containsExactly("hello");
    assertThat(report.pushed()).isZero();
    assertThat(report.pulled()).isZero();
    assertThat(report.cursor()).isEqualTo(cursor);
    assertThat(alice.replica().sync().cursor()).isEqualTo(cursor);
  }

  @Test
  void aRoundBehindTheHeadOrWithSomethingPushedStillPulls() {
    create(alice, "Alice's");
    sync(alice);
    Client bob = client("bob");
    sync(bob);
    create(bob, "Bob's");
    sync(bob);

    int mark = server.fromClients().size();
    SyncReport behind = sync(alice);
    create(alice, "Another");
    SyncReport pushing = sync(alice);

    List<Message> sent = server.fromClients();
    assertThat(sent.subList(mark, sent.size()))
        .extracting(Message::type)
        .containsExactly("hello", "pull", "hello", "push", "pull");
    assertThat(behind.pulled()).isEqualTo(1);
    assertThat(pushing.pushed()).isEqualTo(1);
    sync(bob);
    assertConverged(alice, bob);
  }

  @Test
  void aCursorAboveTheServersHeadStillPullsAndIsToldToBootstrap() {
    create(alice, "Synced");
    sync(alice);
    // As if the server were restored from a backup older than what this replica has seen.
    alice.replica().sync().applyRemote(List.of(), List.of(), server.head() + 5);

    SyncReport report = sync(alice);

    assertThat(report.bootstrapped()).isTrue();
    assertThat(alice.replica().sync().cursor()).isEqualTo(server.head());
    assertConverged(alice);
  }

  @Test
  void aConflictRecordReachesTheLoserWhoseViewShowsTheWinningValue() {
    Issue issue = create(alice, "Original");
    sync(alice);
    server.loseNext(issue.id(), "title");
    edit(alice, issue.id(), IssueEdit.none().withTitle("Alice's title"));

    SyncReport report = sync(alice);

    assertThat(report.superseded()).isEqualTo(1);
    assertThat(report.conflicts()).isEqualTo(1);
    var conflict = alice.replica().conflicts(true).get(0);
    assertThat(conflict.field()).isEqualTo("title");
    assertThat(conflict.base()).isEqualTo("Original");
    assertThat(conflict.mine()).isEqualTo("Alice's title");
    assertThat(conflict.theirs()).isEqualTo("Original");
    assertThat(alice.replica().show(issue.id()).title()).isEqualTo("Original");
    assertConverged(alice);
  }

  // ---- rebase ---------------------------------------------------------------------------------

  @Test
  void aPendingEditStaysOnTopOfAPulledRemoteEditAndIsConfirmedByItsOwnEntry() {
    Issue issue = create(alice, "Original");
    sync(alice);
    Client bob = client("bob");
    sync(bob);
    edit(alice, issue.id(), IssueEdit.none().withTitle("Alice's title"));
    edit(bob, issue.id(), IssueEdit.none().withState(State.DONE));
    sync(bob);

    try (ServerLink link = server.connect()) {
      SyncRound round = round(alice, link, Duration.ofSeconds(5));
      round.greet(alice.token());

      round.pull();
      Issue rebased = alice.replica().show(issue.id());
      assertThat(rebased.title()).isEqualTo("Alice's title");
      assertThat(rebased.state()).isEqualTo(State.DONE);
      assertThat(statuses(alice))
          .isEqualTo(Map.of(OpStatus.SYNCED, 1, OpStatus.REMOTE, 1, OpStatus.PENDING, 1));

      round.push();
      assertThat(alice.replica().show(issue.id()).title()).isEqualTo("Alice's title");
      assertThat(statuses(alice))
          .isEqualTo(Map.of(OpStatus.SYNCED, 1, OpStatus.REMOTE, 1, OpStatus.ACKED, 1));

      round.pull();
      assertThat(statuses(alice)).isEqualTo(Map.of(OpStatus.SYNCED, 2, OpStatus.REMOTE, 1));
    }
    sync(bob);
    assertConverged(alice, bob);
    assertThat(bob.replica().show(issue.id()).title()).isEqualTo("Alice's title");
  }

  // ---- bootstrap ------------------------------------------------------------------------------

  @Test
  void anEmptyReplicaReadsSnapshotPagesAndThenPullsWhatCameAfterTheFirst() {
    List<Issue> made = new ArrayList<>();
    for (int index = 0; index < 5; index++) {
      made.add(create(alice, "Issue " + index));
    }
    alice.replica().comment(made.get(0).id(), "first!");
    sync(alice);
    long at = server.head();
    Client bob = client("bob");
    server.pageSize(2);
    // Between bob's first and second snapshot page, alice edits one issue and creates another.
    server.afterNext(
        "snapshot",
        () -> {
          edit(alice, made.get(4).id(), IssueEdit.none().withTitle("Renamed"));
          create(alice, "Late");
          sync(alice);
        });

    int mark = server.toClients().size();
    SyncReport report = sync(bob);

    assertThat(report.bootstrapped()).isTrue();
    assertThat(report.pulled()).isEqualTo(2);
    List<Message.Snapshot> pages = toClientsSince(mark, Message.Snapshot.class);
    assertThat(pages.size()).isGreaterThanOrEqualTo(3);
    assertThat(pages).extracting(Message.Snapshot::at).containsOnly(at);
    Message.Pull bobsPull =
        server.fromClients().stream()
            .filter(Message.Pull.class::isInstance)
            .map(Message.Pull.class::cast)
            .reduce((earlier, later) -> later)
            .orElseThrow();
    assertThat(bobsPull.cursor()).isEqualTo(at);
    assertThat(bob.replica().sync().cursor()).isEqualTo(at + 2);
    assertConverged(alice, bob);
  }

  @Test
  void aBootstrapAsksForTheNextSnapshotPageBeforeStoringTheOneItHas() throws Exception {
    for (int index = 0; index < 5; index++) {
      create(alice, "Issue " + index);
    }
    sync(alice);
    Client bob = client("bob");
    server.pageSize(2);
    List<Long> storedWhenAsked = new ArrayList<>();
    Path bobsFile = dir.resolve("bob.db");
    // Answered on bob's thread as he sends: the second request comes before page one is stored.
    server.afterNext(
        "snapshot",
        () -> server.afterNext("snapshot", () -> storedWhenAsked.add(syncedIssues(bobsFile))));

    sync(bob);

    assertThat(storedWhenAsked).containsExactly(0L);
    assertConverged(alice, bob);
  }

  @Test
  void aBootstrapCutOffWhileAPageIsBeingWrittenLetsTheWriteEndAndTheNextRoundStartsAfresh() {
    for (int index = 0; index < 7; index++) {
      create(alice, "Issue " + index);
    }
    sync(alice);
    Client bob = client("bob");
    server.pageSize(2);
    // Page one arrives and goes to the writer thread; the request for page two cuts the link.
    server.afterNext("snapshot", () -> server.closeOnNext("snapshot"));

    assertThatThrownBy(() -> sync(bob))
        .isInstanceOfSatisfying(
            SyncException.class,
            failure -> assertThat(failure.reason()).isEqualTo(SyncException.Reason.UNREACHABLE));
    // The round returned only after its writer had finished: the store is free for the next.
    assertThat(bob.replica().sync().cursor()).isZero();

    SyncReport report = sync(bob);
    assertThat(report.bootstrapped()).isTrue();
    assertThat(bob.replica().list(Replicas.EVERYTHING)).hasSize(7);
    assertConverged(alice, bob);
  }

  @Test
  void aBootstrappedViewIsSearchableAndStaysSoForLaterEdits() throws Exception {
    List<Issue> made = new ArrayList<>();
    for (int index = 0; index < 5; index++) {
      made.add(create(alice, "Widget" + index + " issue"));
    }
    alice.replica().comment(made.get(2).id(), "zebracomment here");
    sync(alice);
    Client bob = client("bob");
    Issue offline = create(bob, "Quokka made offline");
    server.pageSize(2);

    assertThat(sync(bob).bootstrapped()).isTrue();

    assertThat(search(bob, "widget3")).containsExactly(made.get(3).id());
    assertThat(search(bob, "zebracomment")).containsExactly(made.get(2).id());
    assertThat(search(bob, "quokka")).containsExactly(offline.id());
    Issue later = create(bob, "Kiwi after the bootstrap");
    bob.replica().comment(made.get(1).id(), "platypus");
    assertThat(search(bob, "kiwi")).containsExactly(later.id());
    assertThat(search(bob, "platypus")).containsExactly(made.get(1).id());
    // FTS5's own check that the index holds exactly the view's rows (it throws otherwise).
    try (java.sql.Connection connection =
            java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("bob.db"));
        java.sql.Statement statement = connection.createStatement()) {
      statement.execute("INSERT INTO issues_fts (issues_fts, rank) VALUES ('integrity-check', 1)");
      statement.execute(
          "INSERT INTO comments_fts (comments_fts, rank) VALUES ('integrity-check', 1)");
    }
  }

  static long syncedIssues(Path file) {
    try (java.sql.Connection connection =
            java.sql.DriverManager.getConnection("jdbc:sqlite:" + file);
        java.sql.ResultSet rows =
            connection.createStatement().executeQuery("SELECT count(*) FROM synced_issues")) {
      return rows.getLong(1);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static List<String> search(Client client, String text) {
    return client
        .replica()
        .list(
            new dev.tern.replica.IssueQuery(
                java.util.Arrays.asList(State.values()),
                null,
                null,
                null,
                null,
                text,
                dev.tern.replica.IssueQuery.Sort.UPDATED,
                0,
                true))
        .stream()
        .map(Issue::id)
        .toList();
  }

  @Test
  void pendingOperationsSurviveARebootstrapAndArePushedAfterIt() {
    Issue shared = create(alice, "Shared");
    sync(alice);
    Client bob = client("bob");
    sync(bob);
    Issue mine = create(alice, "Made offline");
    edit(alice, shared.id(), IssueEdit.none().withTitle("Alice's title"));
    create(bob, "Bob's one");
    create(bob, "Bob's two");
    sync(bob);
    server.compact();
    server.closeOnNext("push");

    assertThatThrownBy(() -> sync(alice))
        .isInstanceOfSatisfying(
            SyncException.class,
            failure -> assertThat(failure.reason()).isEqualTo(SyncException.Reason.UNREACHABLE));

    // The snapshot replaced the synced state; both pending operations are on top of it.
    assertThat(alice.replica().sync().cursor()).isEqualTo(server.head());
    assertThat(alice.replica().sync().pendingCount()).isEqualTo(2);
    assertThat(alice.replica().show(shared.id()).title()).isEqualTo("Alice's title");
    assertThat(alice.replica().show(mine.id()).number()).isNull();
    assertThat(alice.replica().list(Replicas.EVERYTHING)).hasSize(4);

    SyncReport report = sync(alice);
    assertThat(report.bootstrapped()).isFalse();
    assertThat(report.pushed()).isEqualTo(2);
    assertThat(alice.replica().show(mine.id()).number()).isNotNull();
    sync(bob);
    assertConverged(alice, bob);
  }

  @Test
  void aPullAnsweredSnapshotRequiredBootstrapsInTheMiddleOfTheRound() {
    create(alice, "Before");
    sync(alice);
    Client bob = client("bob");
    sync(bob);
    create(alice, "After");
    sync(alice);
    // Compacted after bob's hello was welcomed: only his pull learns of it.
    server.afterNext("hello", server::compact);

    SyncReport report = sync(bob);

    assertThat(report.bootstrapped()).isTrue();
    assertThat(bob.replica().sync().cursor()).isEqualTo(server.head());
    assertConverged(alice, bob);
  }

  // ---- exactly once ---------------------------------------------------------------------------

  @Test
  void aPushWhoseAckWasLostIsAnsweredDuplicateWhenSentAgainAndHeldOnce() {
    for (int index = 0; index < 3; index++) {
      create(alice, "Issue " + index);
    }
    server.dropNextAck();

    assertThatThrownBy(() -> sync(alice, Duration.ofMillis(300)))
        .isInstanceOfSatisfying(
            SyncException.class,
            failure -> assertThat(failure.reason()).isEqualTo(SyncException.Reason.UNREACHABLE));
    assertThat(server.head()).isEqualTo(3);
    assertThat(alice.replica().sync().pendingCount()).isEqualTo(3);

    int mark = server.toClients().size();
    SyncReport report = sync(alice);

    assertThat(report.pushed()).isEqualTo(3);
    List<AckResult> results = toClientsSince(mark, Message.Ack.class).get(0).results();
    assertThat(results).extracting(AckResult::outcome).containsOnly(Outcome.DUPLICATE);
    assertThat(results).extracting(AckResult::syncId).containsExactly(1L, 2L, 3L);
    assertThat(server.head()).isEqualTo(3);
    assertThat(statuses(alice)).isEqualTo(Map.of(OpStatus.SYNCED, 3));
    assertThat(alice.replica().list(Replicas.EVERYTHING))
        .extracting(Issue::number)
        .containsExactlyInAnyOrder(1L, 2L, 3L);
    assertConverged(alice);
  }

  @Test
  void aRoundCutOffAfterItsPushIsContinuedByTheNextWithoutPushingAgain() {
    create(alice, "One");
    create(alice, "Two");
    server.closeOnNext("pull");

    assertThatThrownBy(() -> sync(alice)).isInstanceOf(SyncException.class);
    assertThat(statuses(alice)).isEqualTo(Map.of(OpStatus.ACKED, 2));

    SyncReport report = sync(alice);
    assertThat(report.pushed()).isZero();
    assertThat(statuses(alice)).isEqualTo(Map.of(OpStatus.SYNCED, 2));
    assertConverged(alice);
  }
}
