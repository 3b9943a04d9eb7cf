package dev.tern.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.model.InvalidInputException;
import dev.tern.op.Op;
import dev.tern.op.Outcome;
import dev.tern.protocol.AckResult;
import dev.tern.protocol.DeltaEntry;
import dev.tern.protocol.ErrorCode;
import dev.tern.protocol.IssueState;
import dev.tern.protocol.Message;
import dev.tern.protocol.MessageCodec;
import dev.tern.protocol.SnapshotPages;
import dev.tern.protocol.TeamInfo;
import dev.tern.server.PushHandler;
import dev.tern.server.TestOps;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The contract every {@link ServerStore} keeps; subclasses run it on SQLite and PostgreSQL. */
abstract class ServerStoreContract {
  ServerStore store;
  PushHandler handler;
  Account alice;
  Account bob;

  /** A new, empty store. */
  abstract ServerStore openEmpty() throws Exception;

  /** The database of the last {@link #openEmpty()}, opened again as a store. */
  abstract ServerStore reopen();

  /** A plain JDBC connection to the database of the last {@link #openEmpty()}. */
  abstract Connection connect() throws SQLException;

  abstract Dialect dialect();

  @BeforeEach
  void setUp() throws Exception {
    store = openEmpty();
    handler = new PushHandler(store);
    store.addTeam("ENG", "Engineering");
    store.addTeam("OPS", "Operations");
    alice = store.authenticate(store.addUser("alice", List.of("ENG", "OPS"))).orElseThrow();
    bob = store.authenticate(store.addUser("bob", List.of("ENG"))).orElseThrow();
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  @Test
  void tokensAuthenticateTheirUserAndNothingElse() {
    assertThat(alice.user()).isEqualTo("alice");
    assertThat(alice.teamKeys()).containsExactlyInAnyOrder("ENG", "OPS");
    assertThat(store.authenticate("tern_wrong")).isEmpty();
    assertThat(store.authenticate("")).isEmpty();
    assertThatThrownBy(() -> store.addUser("alice", List.of("ENG")))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> store.addUser("carol", List.of("NOPE")))
        .isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> store.addTeam("ENG", "again"))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void syncIdsAreGapFreeAndInCommitOrder() {
    TestOps client = new TestOps("c1", "alice", 1000);
    List<Long> ids = new ArrayList<>();
    for (int batch = 0; batch < 3; batch++) {
      List<Op> ops = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        ops.add(client.createIssue("ENG", TestOps.newId(), "issue " + batch + "/" + i));
      }
      // A rejected op in the middle takes no sync id.
      ops.add(2, TestOps.withActor(client.createIssue("ENG", TestOps.newId(), "forged"), "bob"));
      for (AckResult result : handler.push(alice, "c1", ops, List.of()).results()) {
        if (result.syncId() != null) {
          ids.add(result.syncId());
        }
      }
    }
    assertThat(ids).containsExactlyElementsOf(range(1, 15));
    assertThat(store.head()).isEqualTo(15);
    List<DeltaEntry> log = store.readLog(Set.of("ENG"), 0, store.head(), 100);
    assertThat(log).extracting(DeltaEntry::syncId).containsExactlyElementsOf(range(1, 15));
    assertThat(store.readLog(Set.of("ENG"), 10, 12, 100))
        .extracting(DeltaEntry::syncId)
        .containsExactly(11L, 12L);
  }

  @Test
  void aResentBatchGetsDuplicatesWithTheOriginalSyncIds() {
    TestOps client = new TestOps("c1", "alice", 1000);
    List<Op> ops =
        List.of(
            client.createIssue("ENG", TestOps.newId(), "one"),
            client.createIssue("ENG", TestOps.newId(), "two"),
            TestOps.withActor(client.createIssue("ENG", TestOps.newId(), "forged"), "bob"));
    List<AckResult> first = handler.push(alice, "c1", ops, List.of()).results();
    List<AckResult> again = handler.push(alice, "c1", ops, List.of()).results();

    assertThat(first)
        .extracting(AckResult::outcome)
        .containsExactly(Outcome.APPLIED, Outcome.APPLIED, Outcome.REJECTED);
    assertThat(again)
        .extracting(AckResult::outcome)
        .containsExactly(Outcome.DUPLICATE, Outcome.DUPLICATE, Outcome.REJECTED);
    assertThat(again).extracting(AckResult::syncId).containsExactly(1L, 2L, null);
    assertThat(again.get(2).code()).isEqualTo(ErrorCode.FORBIDDEN_ACTOR);
    assertThat(store.head()).isEqualTo(2);
  }

  @Test
  void theSameOpTwiceInOneBatchIsAppliedOnce() {
    TestOps client = new TestOps("c1", "alice", 1000);
    Op op = client.createIssue("ENG", TestOps.newId(), "one");
    List<AckResult> results = handler.push(alice, "c1", List.of(op, op), List.of()).results();
    assertThat(results)
        .extracting(AckResult::outcome)
        .containsExactly(Outcome.APPLIED, Outcome.DUPLICATE);
    assertThat(results).extracting(AckResult::syncId).containsExactly(1L, 1L);
  }

  @Test
  void issueNumbersCountPerTeamAndSurviveReopening() {
    TestOps client = new TestOps("c1", "alice", 1000);
    List<Op> ops =
        List.of(
            client.createIssue("ENG", TestOps.id("e1"), "a"),
            client.createIssue("OPS", TestOps.id("o1"), "b"),
            client.createIssue("ENG", TestOps.id("e2"), "c"));
    handler.push(alice, "c1", ops, List.of());
    handler.push(alice, "c1", List.of(client.createIssue("ENG", TestOps.id("e3"), "d")), List.of());

    List<IssueState> issues = store.issues(Set.of("ENG", "OPS"), null, 10);
    assertThat(issues)
        .extracting(IssueState::id)
        .containsExactly(TestOps.id("e1"), TestOps.id("e2"), TestOps.id("e3"), TestOps.id("o1"));
    assertThat(issues).extracting(IssueState::number).containsExactly(1L, 2L, 3L, 1L);
    assertThat(store.issues(Set.of("ENG", "OPS"), TestOps.id("e2"), 2))
        .extracting(IssueState::id)
        .containsExactly(TestOps.id("e3"), TestOps.id("o1"));
  }

  @Test
  void snapshotJsonIsTheWireFormOfTheStatesSoAPageOfItIsTheCodecsPage() {
    TestOps client = new TestOps("c1", "alice", 1000);
    String odd = TestOps.id("e2");
    handler.push(
        alice,
        "c1",
        List.of(
            client.createIssue("ENG", TestOps.id("e1"), "plain"),
            client.createIssue("OPS", odd, "Quotes \" \\ é 日本"),
            client.update("OPS", odd, "description", "two\nlines\tand a tab", ""),
            client.update("OPS", odd, "labels", "bug,ui", ""),
            client.update("OPS", odd, "estimate", "5", null),
            client.update("OPS", odd, "assignee", "bob", null),
            client.comment("ENG", TestOps.id("e1"), TestOps.id("k1"), "a \"comment\"")),
        List.of());
    Set<String> teams = Set.of("ENG", "OPS");

    List<StateJson> issues = store.issueJson(teams, null, 10);
    List<StateJson> comments = store.commentJson(teams, null, 10);
    assertThat(issues).extracting(StateJson::id).containsExactly(TestOps.id("e1"), odd);
    assertThat(store.issueJson(teams, TestOps.id("e1"), 10))
        .extracting(StateJson::id)
        .containsExactly(odd);
    assertThat(comments).extracting(StateJson::id).containsExactly(TestOps.id("k1"));
    List<TeamInfo> teamInfo = alice.teams();
    assertThat(
            SnapshotPages.write(
                7, teamInfo, issues.stream().map(StateJson::json).toList(), List.of(), "x"))
        .isEqualTo(
            MessageCodec.write(
                new Message.Snapshot(7, teamInfo, store.issues(teams, null, 10), List.of(), "x")));
    assertThat(
            SnapshotPages.write(
                7, teamInfo, List.of(), comments.stream().map(StateJson::json).toList(), null))
        .isEqualTo(
            MessageCodec.write(
                new Message.Snapshot(
                    7, teamInfo, List.of(), store.comments(teams, null, 10), null)));
  }

  @Test
  void aConflictIsKeptForTheLoserOnly() {
    TestOps aliceOps = new TestOps("ca", "alice", 1000);
    TestOps bobOps = new TestOps("cb", "bob", 5000);
    handler.push(
        alice, "ca", List.of(aliceOps.createIssue("ENG", TestOps.id("i1"), "Title")), List.of());
    // Bob's later edit arrives first; Alice's earlier one, on the same base, loses.
    handler.push(
        bob,
        "cb",
        List.of(bobOps.update("ENG", TestOps.id("i1"), "title", "Bob's", "Title")),
        List.of());
    AckResult lost =
        handler
            .push(
                alice,
                "ca",
                List.of(aliceOps.update("ENG", TestOps.id("i1"), "title", "Alice's", "Title")),
                List.of())
            .results()
            .get(0);

    assertThat(lost.outcome()).isEqualTo(Outcome.SUPERSEDED);
    assertThat(store.issues(Set.of("ENG"), null, 10).get(0).title()).isEqualTo("Bob's");
    assertThat(store.conflicts("bob", 0, store.head())).isEmpty();
    var conflicts = store.conflicts("alice", 0, store.head());
    assertThat(conflicts).hasSize(1);
    assertThat(conflicts.get(0).mine()).isEqualTo("Alice's");
    assertThat(conflicts.get(0).theirs()).isEqualTo("Bob's");
    assertThat(conflicts.get(0).base()).isEqualTo("Title");
    assertThat(conflicts.get(0).syncId()).isEqualTo(lost.syncId());
    assertThat(store.conflicts("alice", lost.syncId(), store.head())).isEmpty();
    // Every user's records of a range, as a node fanning out another node's commits reads them.
    assertThat(store.conflicts(0, store.head())).isEqualTo(conflicts);
    assertThat(store.conflicts(lost.syncId(), store.head())).isEmpty();
  }

  @Test
  void opsWithoutAValidSlotOrStampAreRejectedNotDropped() {
    TestOps client = new TestOps("c1", "alice", 1000);
    Op good = client.createIssue("ENG", TestOps.id("i1"), "one");
    Op seqZero =
        TestOps.textOp(
            "z", "c1", 0, good.stamp(), "alice", good.kind(), "i0", "ENG", good.changes());
    Op otherStamp =
        TestOps.textOp(
            "s",
            "c1",
            5,
            new dev.tern.op.Hlc(9, 0, "c2"),
            "alice",
            good.kind(),
            "i2",
            "ENG",
            good.changes());
    List<AckResult> results =
        handler.push(alice, "c1", List.of(seqZero, otherStamp, good), List.of()).results();
    assertThat(results)
        .extracting(AckResult::outcome)
        .containsExactly(Outcome.REJECTED, Outcome.REJECTED, Outcome.APPLIED);
    assertThat(results)
        .extracting(AckResult::code)
        .containsExactly(ErrorCode.INVALID, ErrorCode.INVALID, null);
  }

  @Test
  void clientIdsBelongToOneUser() {
    assertThat(store.claimClient("c1", "alice")).isTrue();
    assertThat(store.claimClient("c1", "alice")).isTrue();
    assertThat(store.claimClient("c1", "bob")).isFalse();
  }

  @Test
  void compactionMovesTheHorizonButKeepsDedupe() {
    TestOps client = new TestOps("c1", "alice", 1000);
    List<Op> ops = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      ops.add(client.createIssue("ENG", TestOps.newId(), "issue " + i));
    }
    handler.push(alice, "c1", ops, List.of());
    store.compact(4);
    assertThat(store.horizon()).isEqualTo(6);
    assertThat(store.readLog(Set.of("ENG"), 0, 10, 100))
        .extracting(DeltaEntry::syncId)
        .containsExactly(7L, 8L, 9L, 10L);
    List<AckResult> again = handler.push(alice, "c1", ops, List.of()).results();
    assertThat(again).extracting(AckResult::outcome).containsOnly(Outcome.DUPLICATE);
    assertThat(store.head()).isEqualTo(10);
    assertThat(store.issues(Set.of("ENG"), null, 100)).hasSize(10);
  }

  @Test
  void compactionBesidePushesOfAnotherNodeNeverDeadlocks() throws Exception {
    try (ServerStore otherNode = reopen()) {
      PushHandler otherHandler = new PushHandler(otherNode);
      List<TestOps> clients = new ArrayList<>();
      for (int index = 0; index < 4; index++) {
        clients.add(new TestOps("c" + index, "alice", 1000));
      }
      List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
      java.util.concurrent.atomic.AtomicBoolean pushing =
          new java.util.concurrent.atomic.AtomicBoolean(true);
      // This node compacts as fast as it can while the other pushes: compaction writes the
      // client rows a push writes too, so the two must take their locks in one order.
      Thread compactor =
          new Thread(
              () -> {
                try {
                  while (pushing.get()) {
                    store.compact(3);
                  }
                } catch (Throwable e) {
                  failures.add(e);
                }
              });
      compactor.start();
      int batches = 120;
      try {
        for (int batch = 0; batch < batches; batch++) {
          TestOps client = clients.get(batch % clients.size());
          List<Op> ops = new ArrayList<>();
          for (int index = 0; index < 3; index++) {
            ops.add(client.createIssue("ENG", TestOps.newId(), "issue " + batch + "/" + index));
          }
          otherHandler.push(alice, client.clientId(), ops, List.of());
        }
      } finally {
        pushing.set(false);
        compactor.join(30_000);
      }
      assertThat(failures).isEmpty();
      assertThat(store.head()).isEqualTo(batches * 3L);
      store.compact(3);
      assertThat(store.readLog(Set.of("ENG"), store.horizon(), store.head(), 100))
          .extracting(DeltaEntry::syncId)
          .containsExactly(store.head() - 2, store.head() - 1, store.head());
    }
  }

  @Test
  void aStoreLearnsOfAnotherNodesCommitsAndReadsEveryTeam() throws Exception {
    try (ServerStore otherNode = reopen()) {
      // Nothing happens: the wait ends at its timeout with the same head.
      assertThat(store.awaitHead(0, java.time.Duration.ofMillis(100))).isZero();
      java.util.concurrent.CompletableFuture<Long> woken =
          java.util.concurrent.CompletableFuture.supplyAsync(
              () -> {
                try {
                  return store.awaitHead(0, java.time.Duration.ofSeconds(20));
                } catch (InterruptedException e) {
                  throw new IllegalStateException(e);
                }
              });
      Thread.sleep(200);
      TestOps client = new TestOps("c1", "alice", 1000);
      String issue = TestOps.newId();
      new PushHandler(otherNode)
          .push(
              alice,
              "c1",
              List.of(
                  client.createIssue("ENG", issue, "eng"),
                  client.createIssue("OPS", TestOps.newId(), "ops")),
              List.of());
      otherNode.announce();
      long started = System.nanoTime();
      assertThat(woken.get(20, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(2);
      assertThat(System.nanoTime() - started).isLessThan(5_000_000_000L);
      assertThat(store.readLog(0, 2, 100))
          .extracting(entry -> entry.op().team())
          .containsExactly("ENG", "OPS");
      assertThat(store.readLog(1, 2, 100)).extracting(DeltaEntry::syncId).containsExactly(2L);
    }
  }

  @Test
  void aSecondOpenChangesNothingAndANewerVersionIsRefused() throws Exception {
    TestOps client = new TestOps("c1", "alice", 1000);
    handler.push(
        alice, "c1", List.of(client.createIssue("ENG", TestOps.id("i1"), "one")), List.of());
    store.close();
    try (Connection connection = connect()) {
      assertThat(Schema.versionRow(connection, dialect())).hasValue(Schema.latestVersion());
      // What a second open runs: it finds the database current and writes nothing.
      connection.setAutoCommit(false);
      assertThat(Schema.migrate(connection, dialect())).isFalse();
      connection.rollback();
    }
    store = reopen();
    assertThat(store.head()).isEqualTo(1);
    assertThat(store.authenticate("tern_wrong")).isEmpty();
    store.close();

    setVersion(Schema.latestVersion() + 1);
    assertThatThrownBy(this::reopen)
        .isInstanceOf(ServerStoreException.class)
        .hasMessageContaining("written by a newer tern");
    try (Connection connection = connect()) {
      assertThat(Schema.versionRow(connection, dialect())).hasValue(Schema.latestVersion() + 1);
    }
    setVersion(Schema.latestVersion());
    store = reopen();
    assertThat(store.issues(Set.of("ENG"), null, 10))
        .extracting(IssueState::id)
        .contains(TestOps.id("i1"));
  }

  @Test
  void aDatabaseFromBeforeTheVersionRowIsVersionOne() throws Exception {
    TestOps client = new TestOps("c1", "alice", 1000);
    handler.push(
        alice, "c1", List.of(client.createIssue("ENG", TestOps.id("i1"), "one")), List.of());
    List<DeltaEntry> log = store.readLog(Set.of("ENG"), 0, store.head(), 100);
    store.close();
    rewriteLogAsVersionOne(log);
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE schema_version");
      assertThat(Schema.versionRow(connection, dialect())).isEmpty();
    }
    store = reopen();
    assertThat(store.head()).isEqualTo(1);
    assertThat(store.issues(Set.of("ENG"), null, 10))
        .extracting(IssueState::id)
        .contains(TestOps.id("i1"));
    assertThat(store.readLog(Set.of("ENG"), 0, 1, 10)).isEqualTo(log);
    try (Connection connection = connect()) {
      assertThat(Schema.versionRow(connection, dialect())).hasValue(Schema.latestVersion());
    }
  }

  @Test
  void aVersionOneLogIsMigratedAndReadsAsBefore() throws Exception {
    TestOps client = new TestOps("c1", "alice", 1000);
    handler.push(
        alice,
        "c1",
        List.of(client.createIssue("ENG", TestOps.id("i1"), "one \\N back\\slash")),
        List.of());
    handler.push(
        alice,
        "c1",
        List.of(
            client.update("ENG", TestOps.id("i1"), "title", "renamed", "one \\N back\\slash"),
            client.comment("ENG", TestOps.id("i1"), TestOps.id("k1"), "a comment")),
        List.of());
    List<DeltaEntry> before = store.readLog(Set.of("ENG"), 0, store.head(), 100);
    assertThat(before).hasSize(3);
    store.close();
    rewriteLogAsVersionOne(before);
    setVersion(1);

    store = reopen();
    assertThat(store.readLog(Set.of("ENG"), 0, store.head(), 100)).isEqualTo(before);
    try (Connection connection = connect()) {
      assertThat(Schema.versionRow(connection, dialect())).hasValue(Schema.latestVersion());
    }
    // New pushes land beside the migrated rows, in the compact form, and both read back.
    handler = new PushHandler(store);
    handler.push(
        alice, "c1", List.of(client.createIssue("ENG", TestOps.id("i2"), "two")), List.of());
    List<DeltaEntry> after = store.readLog(Set.of("ENG"), 0, store.head(), 100);
    assertThat(after).hasSize(4).startsWith(before.toArray(DeltaEntry[]::new));
    assertThat(after.get(3).issue().title()).isEqualTo("two");
    assertThat(after.get(3).issue().number()).isEqualTo(2);
  }

  /** Rewrites the log as version 1 kept it: each operation as JSON, every resulting entity. */
  private void rewriteLogAsVersionOne(List<DeltaEntry> entries) throws SQLException {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE ops_v1 (sync_id "
              + dialect().syncIdType()
              + " PRIMARY KEY, op_id TEXT NOT NULL UNIQUE, client_id TEXT NOT NULL,"
              + " seq BIGINT NOT NULL, team TEXT NOT NULL, outcome TEXT NOT NULL,"
              + " op_json TEXT NOT NULL, entity_json TEXT NOT NULL, UNIQUE (client_id, seq))");
      try (var insert =
          connection.prepareStatement("INSERT INTO ops_v1 VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
        for (DeltaEntry entry : entries) {
          insert.setLong(1, entry.syncId());
          insert.setString(2, entry.op().id());
          insert.setString(3, entry.op().clientId());
          insert.setLong(4, entry.op().seq());
          insert.setString(5, entry.op().team());
          insert.setString(6, Outcome.APPLIED.wireName());
          insert.setString(7, dev.tern.protocol.MessageCodec.opNode(entry.op()).toString());
          insert.setString(
              8,
              entry.issue() != null
                  ? StoredJson.issue(entry.issue())
                  : StoredJson.comment(entry.comment()));
          insert.executeUpdate();
        }
      }
      statement.execute("DROP TABLE ops");
      statement.execute("ALTER TABLE ops_v1 RENAME TO ops");
      statement.execute("CREATE INDEX ops_team ON ops (team, sync_id)");
      // Version 5 added each entity's newest log entry; version 1 had no such column.
      statement.execute("ALTER TABLE issues DROP COLUMN last_sync_id");
      statement.execute("ALTER TABLE comments DROP COLUMN last_sync_id");
    }
  }

  private void setVersion(int version) throws SQLException {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      statement.execute("UPDATE schema_version SET version = " + version);
    }
  }

  private static List<Long> range(long first, long last) {
    List<Long> ids = new ArrayList<>();
    for (long id = first; id <= last; id++) {
      ids.add(id);
    }
    return ids;
  }
}
