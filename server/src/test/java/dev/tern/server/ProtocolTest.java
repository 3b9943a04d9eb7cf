package dev.tern.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.op.Change;
import dev.tern.op.Kind;
import dev.tern.op.Op;
import dev.tern.op.Outcome;
import dev.tern.protocol.AckResult;
import dev.tern.protocol.DeltaEntry;
import dev.tern.protocol.ErrorCode;
import dev.tern.protocol.Message;
import dev.tern.protocol.Protocol;
import dev.tern.protocol.TeamInfo;
import dev.tern.server.store.JdbcServerStore;
import dev.tern.server.store.ServerStore;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The wire protocol against a real server on loopback over a real SQLite file. */
class ProtocolTest {
  @TempDir Path directory;
  ServerStore store;
  TernServer server;
  String aliceToken;
  String bobToken;
  String carolToken;
  final ByteArrayOutputStream serverLog = new ByteArrayOutputStream();

  /** An honest client of another user that keeps syncing while others misbehave. */
  RawClient bystander;

  TestOps bystanderOps;

  @BeforeEach
  void start() throws Exception {
    store = JdbcServerStore.open("sqlite:" + directory.resolve("server.db"));
    store.addTeam("ENG", "Engineering");
    store.addTeam("OPS", "Operations");
    aliceToken = store.addUser("alice", List.of("ENG"));
    bobToken = store.addUser("bob", List.of("OPS"));
    carolToken = store.addUser("carol", List.of("ENG"));
    server =
        TernServer.start(
            store,
            ServerSettings.defaults()
                .withAddress("127.0.0.1", 0)
                // Short enough to test the timeouts, long enough for a busy 2-core machine to send
                // a hello (the bystander's first one includes loading the codec).
                .withTimeouts(Duration.ofMillis(3000), Duration.ofMillis(3000))
                .withLog(new PrintStream(serverLog, true, StandardCharsets.UTF_8)));
    bystander = RawClient.signedIn(server.port(), carolToken, "carol-1");
    bystanderOps = new TestOps("carol-1", "carol", 1_000);
  }

  @AfterEach
  void stop() {
    server.shutdown();
    store.close();
  }

  /** The bystander can still push and pull: one hostile connection did not hurt the others. */
  void bystanderStillSyncs() throws Exception {
    Op op = bystanderOps.createIssue("ENG", TestOps.newId(), "still here");
    bystander.send(new Message.Push(List.of(op)));
    AckResult result = bystander.next(Message.Ack.class).results().get(0);
    assertThat(result.outcome()).isEqualTo(Outcome.APPLIED);
    bystander.send(new Message.Pull(result.syncId() - 1, 10));
    Message.Delta delta = pulled(bystander, result.syncId() - 1);
    assertThat(delta.entries()).extracting(entry -> entry.op().id()).containsExactly(op.id());
  }

  @Test
  void helloGetsWelcome() throws Exception {
    RawClient client = RawClient.connect(server.port());
    client.send(new Message.Hello(Protocol.PROTOCOL, aliceToken, "alice-1", 0));
    Message.Welcome welcome = client.next(Message.Welcome.class);
    assertThat(welcome.user()).isEqualTo("alice");
    assertThat(welcome.teams()).containsExactly(new TeamInfo("ENG", "Engineering"));
    assertThat(welcome.protocol()).isEqualTo(Protocol.PROTOCOL);
    assertThat(welcome.head()).isZero();
    assertThat(welcome.horizon()).isZero();
  }

  @Test
  void anotherProtocolVersionIsToldToUpgrade() throws Exception {
    RawClient client = RawClient.connect(server.port());
    client.send(new Message.Hello(Protocol.PROTOCOL + 1, aliceToken, "alice-1", 0));
    assertError(client, ErrorCode.UPGRADE_REQUIRED);
    bystanderStillSyncs();
  }

  @Test
  void aBadTokenIsRefusedAndClosed() throws Exception {
    RawClient client = RawClient.connect(server.port());
    client.send(new Message.Hello(Protocol.PROTOCOL, "tern_forged", "x-1", 0));
    assertError(client, ErrorCode.UNAUTHORIZED);
    bystanderStillSyncs();
  }

  @Test
  void aClientIdOfAnotherUserIsRefused() throws Exception {
    RawClient client = RawClient.connect(server.port());
    client.send(new Message.Hello(Protocol.PROTOCOL, aliceToken, "carol-1", 0));
    assertError(client, ErrorCode.UNAUTHORIZED);
  }

  @Test
  void anythingBeforeHelloIsRefusedAndClosed() throws Exception {
    RawClient client = RawClient.connect(server.port());
    client.send(new Message.Pull(0, 10));
    assertError(client, ErrorCode.HELLO_REQUIRED);
    bystanderStillSyncs();
  }

  @Test
  void noHelloInTimeIsClosed() throws Exception {
    RawClient client = RawClient.connect(server.port());
    assertError(client, ErrorCode.HELLO_TIMEOUT);
    bystanderStillSyncs();
  }

  @Test
  void malformedJsonIsAnErrorAndClosed() throws Exception {
    RawClient client = RawClient.signedIn(server.port(), aliceToken, "alice-1");
    client.sendRaw("{\"type\": \"pull\", \"cursor\": ");
    assertError(client, ErrorCode.BAD_MESSAGE);
    RawClient before = RawClient.connect(server.port());
    before.sendRaw("[1, 2");
    assertError(before, ErrorCode.BAD_MESSAGE);
    bystanderStillSyncs();
  }

  @Test
  void valuesThatDoNotParseForTheirFieldAreRefusedOneByOne() throws Exception {
    // Hand-written JSON, as a client that is not tern's own would send: a priority that is no
    // priority, an estimate base that is no number, and a comment without text, beside a good op.
    RawClient client = RawClient.signedIn(server.port(), aliceToken, "alice-1");
    String header =
        "\"clientId\":\"alice-1\",\"actor\":\"alice\",\"team\":\"ENG\",\"stamp\":\"0000000004d2-%04x-alice-1\"";
    String bad =
        "{\"id\":\"b1\",\"seq\":1,"
            + header.formatted(1)
            + ",\"kind\":\"issue.create\",\"entity\":\"x1\","
            + "\"changes\":{\"title\":{\"value\":\"T\"},\"priority\":{\"value\":\"sky-high\"}}}";
    String badBase =
        "{\"id\":\"b2\",\"seq\":2,"
            + header.formatted(2)
            + ",\"kind\":\"issue.update\",\"entity\":\"x1\","
            + "\"changes\":{\"estimate\":{\"value\":\"3\",\"base\":\"lots\"}}}";
    String empty =
        "{\"id\":\"b3\",\"seq\":3,"
            + header.formatted(3)
            + ",\"kind\":\"comment.create\",\"entity\":\"c1\","
            + "\"changes\":{\"issue\":{\"value\":\"x1\"},\"body\":{\"value\":\"  \"}}}";
    String good =
        "{\"id\":\"g4\",\"seq\":4,"
            + header.formatted(4)
            + ",\"kind\":\"issue.create\",\"entity\":\""
            + TestOps.id("x2")
            + "\","
            + "\"changes\":{\"title\":{\"value\":\"Fine\"},\"priority\":{\"value\":\"high\"}}}";
    client.sendRaw(
        "{\"type\":\"push\",\"ops\":[" + bad + "," + badBase + "," + empty + "," + good + "]}");
    List<AckResult> results = client.next(Message.Ack.class).results();
    assertThat(results)
        .extracting(AckResult::opId, AckResult::outcome, AckResult::code)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("g4", Outcome.APPLIED, null),
            org.assertj.core.groups.Tuple.tuple("b1", Outcome.REJECTED, ErrorCode.INVALID),
            org.assertj.core.groups.Tuple.tuple("b2", Outcome.REJECTED, ErrorCode.INVALID),
            org.assertj.core.groups.Tuple.tuple("b3", Outcome.REJECTED, ErrorCode.INVALID));
    assertThat(results)
        .filteredOn(result -> result.opId().equals("b1"))
        .singleElement()
        .extracting(AckResult::message)
        .asString()
        .contains("sky-high");
    assertThat(results)
        .filteredOn(result -> result.opId().equals("b3"))
        .singleElement()
        .extracting(AckResult::message)
        .asString()
        .contains("must not be empty");
    bystanderStillSyncs();
  }

  @Test
  void anUnknownMessageTypeIsAnErrorAndClosed() throws Exception {
    RawClient client = RawClient.signedIn(server.port(), aliceToken, "alice-1");
    client.sendRaw("{\"type\": \"gimme\"}");
    assertError(client, ErrorCode.BAD_MESSAGE);
    bystanderStillSyncs();
  }

  @Test
  void anOversizedFrameClosesWith1009() throws Exception {
    RawClient client = RawClient.signedIn(server.port(), aliceToken, "alice-1");
    String huge = "{\"type\":\"pull\",\"pad\":\"" + "x".repeat(Protocol.MAX_FRAME_BYTES) + "\"}";
    client.socketSendIgnoringFailure(huge);
    assertThat(client.closeCode()).isEqualTo(1009);
    bystanderStillSyncs();
  }

  @Test
  void aBatchOverTheLimitIsRefusedAndClosed() throws Exception {
    RawClient client = RawClient.signedIn(server.port(), aliceToken, "alice-1");
    TestOps ops = new TestOps("alice-1", "alice", 1_000);
    List<Op> batch = new ArrayList<>();
    for (int i = 0; i <= Protocol.MAX_BATCH_OPS; i++) {
      batch.add(ops.update("ENG", "x", "title", "t", "u"));
    }
    client.send(new Message.Push(batch));
    assertError(client, ErrorCode.BATCH_TOO_LARGE);
    assertThat(store.head()).isZero();
    bystanderStillSyncs();
  }

  @Test
  void halfSentUpgradesAreClosed() throws Exception {
    List<Socket> sockets = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      Socket socket = new Socket("127.0.0.1", server.port());
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n".getBytes());
      out.flush();
      sockets.add(socket);
    }
    for (Socket socket : sockets) {
      InputStream in = socket.getInputStream();
      assertThat(in.read()).as("server closed the half-open socket").isEqualTo(-1);
      socket.close();
    }
    bystanderStillSyncs();
  }

  @Test
  void aTeamAUserNeitherReadsNorWritesTeamB() throws Exception {
    RawClient alice = RawClient.signedIn(server.port(), aliceToken, "alice-1");
    RawClient bob = RawClient.signedIn(server.port(), bobToken, "bob-1");
    TestOps aliceOps = new TestOps("alice-1", "alice", 1_000);
    TestOps bobOps = new TestOps("bob-1", "bob", 1_000);

    bob.send(new Message.Push(List.of(bobOps.createIssue("OPS", TestOps.id("ops-1"), "secret"))));
    assertThat(bob.next(Message.Ack.class).results().get(0).outcome()).isEqualTo(Outcome.APPLIED);
    alice.send(
        new Message.Push(
            List.of(
                aliceOps.createIssue("OPS", TestOps.id("sneaky"), "into OPS"),
                aliceOps.update("OPS", TestOps.id("ops-1"), "title", "mine now", "secret"),
                aliceOps.createIssue("ENG", TestOps.id("eng-1"), "fine"))));
    List<AckResult> results = alice.next(Message.Ack.class).results();
    assertThat(results)
        .extracting(AckResult::code)
        .containsExactly(ErrorCode.FORBIDDEN_TEAM, ErrorCode.FORBIDDEN_TEAM, null);
    assertThat(results.get(2).outcome()).isEqualTo(Outcome.APPLIED);

    alice.send(new Message.Pull(0, 100));
    Message.Delta delta = pulled(alice, 0);
    assertThat(delta.entries()).extracting(entry -> entry.op().team()).containsOnly("ENG");
    assertThat(delta.entries())
        .extracting(entry -> entry.op().entity())
        .doesNotContain(TestOps.id("ops-1"));
    assertThat(delta.cursor()).isEqualTo(store.head());
    assertThat(delta.more()).isFalse();

    alice.send(new Message.SnapshotRequest(null, 100));
    Message.Snapshot first = alice.next(Message.Snapshot.class);
    assertThat(first.issues()).extracting(issue -> issue.team()).containsOnly("ENG");
    assertThat(first.teams()).extracting(TeamInfo::key).containsExactly("ENG");
  }

  @Test
  void heldConnectionsReceiveOnlyTheirTeamsEntries() throws Exception {
    RawClient alice = RawClient.signedIn(server.port(), aliceToken, "alice-1");
    RawClient bob = RawClient.signedIn(server.port(), bobToken, "bob-1");
    bob.send(
        new Message.Push(
            List.of(
                new TestOps("bob-1", "bob", 1_000)
                    .createIssue("OPS", TestOps.id("ops-1"), "secret"))));
    bob.next(Message.Ack.class);
    Op visible = bystanderOps.createIssue("ENG", TestOps.id("eng-1"), "for everyone in ENG");
    bystander.send(new Message.Push(List.of(visible)));
    bystander.next(Message.Ack.class);

    Message first = alice.next();
    assertThat(first).isInstanceOf(Message.Delta.class);
    Message.Delta delta = (Message.Delta) first;
    assertThat(delta.entries()).extracting(entry -> entry.op().id()).containsExactly(visible.id());
    // Sync id 1 is team OPS's and not alice's to see: the delta starts where she is (0), so she
    // applies it at once instead of pulling to cross a gap that holds nothing for her.
    assertThat(delta.from()).isEqualTo(0);
    assertThat(delta.cursor()).isEqualTo(2);
    assertThat(delta.entries().get(0).issue().number()).isEqualTo(1);
  }

  @Test
  void connectionsBeyondTheLimitAreTurnedAway() throws Exception {
    TernServer small =
        TernServer.start(
            store,
            ServerSettings.defaults()
                .withAddress("127.0.0.1", 0)
                .withMaxConnections(2)
                .withLog(new PrintStream(serverLog, true, StandardCharsets.UTF_8)));
    try {
      RawClient.signedIn(small.port(), aliceToken, "alice-1");
      RawClient.signedIn(small.port(), carolToken, "carol-9");
      // Refused when accepted, before the upgrade: a full server spends nothing on it.
      assertThatThrownBy(() -> RawClient.connect(small.port())).isInstanceOf(Exception.class);
      assertThat(serverLog.toString(StandardCharsets.UTF_8)).contains("refused 1 connection(s)");
    } finally {
      small.shutdown();
    }
    bystanderStillSyncs();
  }

  @Test
  void aForgedActorIsRejected() throws Exception {
    RawClient alice = RawClient.signedIn(server.port(), aliceToken, "alice-1");
    TestOps ops = new TestOps("alice-1", "alice", 1_000);
    Op forged = TestOps.withActor(ops.createIssue("ENG", TestOps.id("i1"), "by carol?"), "carol");
    Op honest = ops.createIssue("ENG", TestOps.id("i2"), "by alice");
    alice.send(new Message.Push(List.of(forged, honest)));
    List<AckResult> results = alice.next(Message.Ack.class).results();
    assertThat(results.get(0).outcome()).isEqualTo(Outcome.REJECTED);
    assertThat(results.get(0).code()).isEqualTo(ErrorCode.FORBIDDEN_ACTOR);
    assertThat(results.get(0).syncId()).isNull();
    assertThat(results.get(1).outcome()).isEqualTo(Outcome.APPLIED);
    assertThat(results.get(1).syncId()).isEqualTo(store.head());
  }

  @Test
  void onlyTheAuthorMayEditACommentAndARefusalTakesNoSyncId() throws Exception {
    RawClient alice = RawClient.signedIn(server.port(), aliceToken, "alice-1");
    TestOps ops = new TestOps("alice-1", "alice", 1_000);
    alice.send(
        new Message.Push(
            List.of(
                ops.createIssue("ENG", TestOps.id("i1"), "one"),
                ops.comment("ENG", TestOps.id("i1"), TestOps.id("c1"), "hi"))));
    alice.next(Message.Ack.class);
    long head = store.head();
    Op carolsEdit =
        bystanderOps.op(
            Kind.UPDATE_COMMENT,
            TestOps.id("c1"),
            "ENG",
            Map.of("body", new Change<>("carol was here", "hi")));
    bystander.send(new Message.Push(List.of(carolsEdit)));
    AckResult refused = bystander.next(Message.Ack.class).results().get(0);
    assertThat(refused.outcome()).isEqualTo(Outcome.REJECTED);
    assertThat(refused.code()).isEqualTo(ErrorCode.INVALID);
    assertThat(refused.message())
        .contains("only the author of comment " + TestOps.id("c1") + " (alice)");
    assertThat(store.head()).isEqualTo(head);

    alice.send(
        new Message.Push(
            List.of(
                ops.op(
                    Kind.UPDATE_COMMENT,
                    TestOps.id("c1"),
                    "ENG",
                    Map.of("body", new Change<>("hi, edited", "hi"))))));
    assertThat(alice.next(Message.Ack.class).results().get(0).outcome()).isEqualTo(Outcome.APPLIED);
    assertThat(store.head()).isEqualTo(head + 1);
  }

  @Test
  void aResentBatchIsAcknowledgedAsDuplicatesWithTheOriginalSyncIds() throws Exception {
    RawClient alice = RawClient.signedIn(server.port(), aliceToken, "alice-1");
    TestOps ops = new TestOps("alice-1", "alice", 1_000);
    List<Op> batch =
        List.of(
            ops.createIssue("ENG", TestOps.id("i1"), "one"),
            ops.comment("ENG", TestOps.id("i1"), TestOps.id("c1"), "hello"));
    alice.send(new Message.Push(batch));
    List<AckResult> first = alice.next(Message.Ack.class).results();
    alice.close();

    // As after a connection cut before the ack arrived: a new connection resends the batch.
    RawClient again = RawClient.signedIn(server.port(), aliceToken, "alice-1");
    again.send(new Message.Push(batch));
    List<AckResult> second = again.next(Message.Ack.class).results();
    assertThat(second).extracting(AckResult::outcome).containsOnly(Outcome.DUPLICATE);
    assertThat(second)
        .extracting(AckResult::syncId)
        .containsExactlyElementsOf(first.stream().map(AckResult::syncId).toList());
    assertThat(store.head()).isEqualTo(2);
  }

  @Test
  void theLosingUserGetsTheConflictInItsDelta() throws Exception {
    RawClient alice = RawClient.signedIn(server.port(), aliceToken, "alice-1");
    TestOps aliceOps = new TestOps("alice-1", "alice", 1_000);
    TestOps carolOps = new TestOps("carol-1", "carol", 9_000);
    alice.send(new Message.Push(List.of(aliceOps.createIssue("ENG", TestOps.id("i1"), "Title"))));
    alice.next(Message.Ack.class);
    bystander.send(
        new Message.Push(
            List.of(carolOps.update("ENG", TestOps.id("i1"), "state", "done", "backlog"))));
    bystander.next(Message.Ack.class);
    alice.send(
        new Message.Push(
            List.of(aliceOps.update("ENG", TestOps.id("i1"), "state", "todo", "backlog"))));
    AckResult lost = alice.next(Message.Ack.class).results().get(0);
    assertThat(lost.outcome()).isEqualTo(Outcome.SUPERSEDED);

    alice.send(new Message.Pull(0, 100));
    Message.Delta delta = pulled(alice, 0);
    assertThat(delta.conflicts()).hasSize(1);
    assertThat(delta.conflicts().get(0).mine()).isEqualTo("todo");
    assertThat(delta.conflicts().get(0).theirs()).isEqualTo("done");
    assertThat(delta.entries().get(delta.entries().size() - 1).issue().state()).isEqualTo("done");
    bystander.send(new Message.Pull(0, 100));
    assertThat(pulled(bystander, 0).conflicts()).isEmpty();
  }

  @Test
  void aReaderFollowingTheCursorSeesEverySyncIdOnceAndInOrder() throws Exception {
    int pushers = 3;
    int batches = 15;
    int perBatch = 10;
    RawClient reader = RawClient.signedIn(server.port(), aliceToken, "alice-reader");
    List<Thread> threads = new ArrayList<>();
    List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    for (int p = 0; p < pushers; p++) {
      String clientId = "carol-" + (p + 10);
      threads.add(
          new Thread(
              () -> {
                try {
                  RawClient pusher = RawClient.signedIn(server.port(), carolToken, clientId);
                  TestOps ops = new TestOps(clientId, "carol", 1_000);
                  for (int b = 0; b < batches; b++) {
                    List<Op> batch = new ArrayList<>();
                    for (int i = 0; i < perBatch; i++) {
                      batch.add(ops.createIssue("ENG", TestOps.newId(), "t"));
                    }
                    pusher.send(new Message.Push(batch));
                    pusher.next(Message.Ack.class);
                  }
                } catch (Throwable e) {
                  failures.add(e);
                }
              }));
    }
    threads.forEach(Thread::start);
    long total = (long) pushers * batches * perBatch;
    List<Long> seen = new ArrayList<>();
    long cursor = 0;
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (cursor < total && System.nanoTime() < deadline) {
      reader.send(new Message.Pull(cursor, 7));
      Message.Delta delta = pulled(reader, cursor);
      for (DeltaEntry entry : delta.entries()) {
        seen.add(entry.syncId());
      }
      cursor = delta.cursor();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(failures).isEmpty();
    List<Long> expected = new ArrayList<>();
    for (long id = 1; id <= total; id++) {
      expected.add(id);
    }
    assertThat(seen).containsExactlyElementsOf(expected);
  }

  @Test
  void bigBatchesReachOthersInPagesUnderTheFrameLimit() throws Exception {
    RawClient alice = RawClient.signedIn(server.port(), aliceToken, "alice-1");
    TestOps ops = new TestOps("alice-1", "alice", 1_000);
    String longText = "line of a long description\n".repeat(1200);
    int batches = 3;
    int perBatch = 90;
    for (int b = 0; b < batches; b++) {
      List<Op> batch = new ArrayList<>();
      for (int i = 0; i < perBatch; i++) {
        Op create = ops.createIssue("ENG", TestOps.newId(), "long one");
        var changes = new java.util.TreeMap<>(create.changes());
        changes.put("description", new dev.tern.op.Change<>(longText, null));
        batch.add(
            TestOps.textOp(
                create.id(),
                create.clientId(),
                create.seq(),
                create.stamp(),
                create.actor(),
                create.kind(),
                create.entity(),
                create.team(),
                changes));
      }
      alice.send(new Message.Push(batch));
      assertThat(alice.next(Message.Ack.class).results())
          .extracting(AckResult::outcome)
          .containsOnly(Outcome.APPLIED);
    }
    long total = batches * perBatch;
    long cursor = 0;
    while (cursor < total) {
      Message.Delta delta = bystander.next(Message.Delta.class);
      assertThat(delta.from()).isEqualTo(cursor);
      assertThat(delta.entries()).isNotEmpty();
      cursor = delta.cursor();
    }
    assertThat(bystander.receivedLengths).allMatch(length -> length < Protocol.MAX_FRAME_BYTES);
    assertThat(bystander.receivedLengths.size()).isGreaterThan(batches + 1);

    bystander.send(new Message.Pull(0, 1000));
    Message.Delta page = pulled(bystander, 0);
    assertThat(page.more()).isTrue();
    assertThat(page.cursor()).isEqualTo(page.entries().get(page.entries().size() - 1).syncId());
    assertThat(bystander.receivedLengths.get(bystander.receivedLengths.size() - 1))
        .isLessThan(Protocol.MAX_FRAME_BYTES);
  }

  @Test
  void anEmptyClientBootstrapsFromSnapshotPagesThenDeltas() throws Exception {
    RawClient alice = RawClient.signedIn(server.port(), aliceToken, "alice-1");
    TestOps ops = new TestOps("alice-1", "alice", 1_000);
    List<Op> batch = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      batch.add(ops.createIssue("ENG", TestOps.id("i" + i), "issue " + i));
    }
    batch.add(ops.comment("ENG", TestOps.id("i0"), TestOps.id("c0"), "first"));
    batch.add(ops.comment("ENG", TestOps.id("i1"), TestOps.id("c1"), "second"));
    alice.send(new Message.Push(batch));
    alice.next(Message.Ack.class);

    RawClient fresh = RawClient.signedIn(server.port(), carolToken, "carol-2");
    List<String> issues = new ArrayList<>();
    List<String> comments = new ArrayList<>();
    String after = null;
    long at = -1;
    int pages = 0;
    do {
      fresh.send(new Message.SnapshotRequest(after, 2));
      Message.Snapshot page = fresh.next(Message.Snapshot.class);
      at = at < 0 ? page.at() : at;
      assertThat(page.at()).isEqualTo(at);
      page.issues().forEach(issue -> issues.add(issue.id()));
      page.comments().forEach(comment -> comments.add(comment.id()));
      after = page.next();
      pages++;
    } while (after != null);
    // Entries after the first page was read are picked up by pulling from "at".
    assertThat(at).isEqualTo(7);
    assertThat(pages).isGreaterThanOrEqualTo(5);
    assertThat(issues)
        .containsExactly(
            TestOps.id("i0"),
            TestOps.id("i1"),
            TestOps.id("i2"),
            TestOps.id("i3"),
            TestOps.id("i4"));
    assertThat(comments).containsExactly(TestOps.id("c0"), TestOps.id("c1"));
    fresh.send(new Message.Pull(at, 100));
    assertThat(pulled(fresh, at).entries()).isEmpty();

    store.compact(2);
    fresh.send(new Message.Pull(1, 100));
    Message.Delta tooOld = fresh.next(Message.Delta.class);
    assertThat(tooOld.snapshotRequired()).isTrue();
    assertThat(tooOld.entries()).isEmpty();
  }

  /** The answer to a pull from {@code cursor}, skipping server-initiated deltas. */
  static Message.Delta pulled(RawClient client, long cursor) throws Exception {
    while (true) {
      Message.Delta delta = client.next(Message.Delta.class);
      if (delta.from() == cursor && (delta.more() || delta.cursor() == delta.head())) {
        return delta;
      }
    }
  }

  static void assertError(RawClient client, ErrorCode code) throws Exception {
    Message message = client.next();
    assertThat(message).isInstanceOf(Message.ErrorMessage.class);
    assertThat(((Message.ErrorMessage) message).code()).isEqualTo(code);
    assertThat(((Message.ErrorMessage) message).message()).isNotBlank();
    assertThat(client.closeCode()).isEqualTo(1008);
  }
}
