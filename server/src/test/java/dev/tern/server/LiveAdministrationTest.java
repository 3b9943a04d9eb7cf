package dev.tern.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.op.Outcome;
import dev.tern.protocol.AckResult;
import dev.tern.protocol.ErrorCode;
import dev.tern.protocol.IssueState;
import dev.tern.protocol.Message;
import dev.tern.protocol.Protocol;
import dev.tern.protocol.TeamInfo;
import dev.tern.server.store.JdbcServerStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;

/**
 * Administration done by another process on the running server's database reaches the connections
 * it holds within a second: the admin side here is a second store on the same file, as {@code tern
 * server team join} opens it.
 */
class LiveAdministrationTest {
  @TempDir Path dir;
  private JdbcServerStore store;
  private JdbcServerStore admin;
  private TernServer server;
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();

  /** A failure here is about timing across threads: the server's own account of it goes along. */
  @RegisterExtension
  final TestWatcher serverLog =
      new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
          System.err.println("server log of the failed test:\n" + log);
        }
      };

  @BeforeEach
  void start() {
    store = JdbcServerStore.openSqlite(dir.resolve("server.db"));
    store.addTeam("ENG", "Engineering");
    store.addTeam("OPS", "Operations");
    server =
        TernServer.start(
            store,
            ServerSettings.defaults()
                .withAddress("127.0.0.1", 0)
                .withLog(new PrintStream(log, true, StandardCharsets.UTF_8)));
    admin = JdbcServerStore.openSqlite(dir.resolve("server.db"));
  }

  @AfterEach
  void stop() {
    server.shutdown();
    admin.close();
    store.close();
  }

  @Test
  void aMemberWhoLeavesATeamIsCutOffFromItAtOnce() throws Exception {
    String aliceToken = store.addUser("alice", List.of("ENG", "OPS"));
    String bobToken = store.addUser("bob", List.of("OPS"));
    RawClient alice = RawClient.signedIn(server.port(), aliceToken, "alice-1");
    RawClient bob = RawClient.signedIn(server.port(), bobToken, "bob-1");
    TestOps aliceOps = new TestOps("alice-1", "alice", 1_000);
    TestOps bobOps = new TestOps("bob-1", "bob", 2_000);

    admin.leave("OPS", "alice");
    long changed = System.nanoTime();
    AckResult result;
    do {
      Thread.sleep(20);
      alice.send(
          new Message.Push(List.of(aliceOps.createIssue("OPS", TestOps.newId(), "still in?"))));
      result = alice.next(Message.Ack.class).results().get(0);
    } while (result.outcome() != Outcome.REJECTED
        && System.nanoTime() - changed < Duration.ofSeconds(3).toNanos());
    assertThat(Duration.ofNanos(System.nanoTime() - changed)).isLessThan(Duration.ofSeconds(1));
    assertThat(result.code()).isEqualTo(ErrorCode.FORBIDDEN_TEAM);

    String secret = TestOps.newId();
    bob.send(new Message.Push(List.of(bobOps.createIssue("OPS", secret, "after she left"))));
    bob.next(Message.Ack.class);
    alice.send(new Message.Pull(0, Protocol.MAX_PAGE));
    Message.Delta pulled = alice.next(Message.Delta.class);
    while (pulled.from() != 0) {
      pulled = alice.next(Message.Delta.class);
    }
    assertThat(pulled.entries()).noneMatch(entry -> entry.op().team().equals("OPS"));
  }

  @Test
  void aMemberWhoJoinsATeamIsToldToReadASnapshotThatHoldsItsIssues() throws Exception {
    String bobToken = store.addUser("bob", List.of("OPS"));
    String carolToken = store.addUser("carol", List.of("ENG"));
    RawClient bob = RawClient.signedIn(server.port(), bobToken, "bob-1");
    String older = TestOps.newId();
    bob.send(
        new Message.Push(
            List.of(new TestOps("bob-1", "bob", 1_000).createIssue("OPS", older, "older"))));
    bob.next(Message.Ack.class);
    RawClient carol = RawClient.signedIn(server.port(), carolToken, "carol-1");

    long changed = System.nanoTime();
    admin.join("OPS", "carol");
    Message.Delta told = carol.next(Message.Delta.class);
    assertThat(Duration.ofNanos(System.nanoTime() - changed)).isLessThan(Duration.ofSeconds(1));
    assertThat(told.snapshotRequired()).isTrue();
    carol.send(new Message.Pull(store.head(), Protocol.MAX_PAGE));
    assertThat(carol.next(Message.Delta.class).snapshotRequired()).isTrue();
    carol.send(new Message.SnapshotRequest(null, Protocol.MAX_PAGE));
    Message.Snapshot snapshot = carol.next(Message.Snapshot.class);
    assertThat(snapshot.teams()).extracting(TeamInfo::key).containsExactly("ENG", "OPS");
    assertThat(snapshot.issues()).extracting(IssueState::id).contains(older);

    // Done: its pulls are ordinary again.
    while (snapshot.next() != null) {
      carol.send(new Message.SnapshotRequest(snapshot.next(), Protocol.MAX_PAGE));
      snapshot = carol.next(Message.Snapshot.class);
    }
    carol.send(new Message.Pull(store.head(), Protocol.MAX_PAGE));
    assertThat(carol.next(Message.Delta.class).snapshotRequired()).isFalse();
  }

  @Test
  void aClientAwayWhenItsUserJoinedReadsASnapshotWhenItComesBack() throws Exception {
    String bobToken = store.addUser("bob", List.of("OPS"));
    String carolToken = store.addUser("carol", List.of("ENG"));
    RawClient carol = RawClient.signedIn(server.port(), carolToken, "carol-1");
    carol.close();
    RawClient bob = RawClient.signedIn(server.port(), bobToken, "bob-1");
    bob.send(
        new Message.Push(
            List.of(
                new TestOps("bob-1", "bob", 1_000).createIssue("OPS", TestOps.newId(), "older"))));
    bob.next(Message.Ack.class);
    admin.join("OPS", "carol");

    RawClient back = RawClient.connect(server.port());
    long cursor = store.head();
    back.send(new Message.Hello(Protocol.PROTOCOL, carolToken, "carol-1", cursor));
    Message.Welcome welcome = back.next(Message.Welcome.class);
    assertThat(welcome.horizon()).isGreaterThan(cursor);
    assertThat(welcome.teams()).extracting(TeamInfo::key).containsExactly("ENG", "OPS");
  }

  @Test
  void aReissuedTokenOrARemovedUserIsDisconnectedAtOnce() throws Exception {
    String aliceToken = store.addUser("alice", List.of("ENG"));
    String bobToken = store.addUser("bob", List.of("ENG"));
    RawClient alice = RawClient.signedIn(server.port(), aliceToken, "alice-1");
    RawClient bob = RawClient.signedIn(server.port(), bobToken, "bob-1");

    long changed = System.nanoTime();
    admin.reissueToken("alice");
    Message.ErrorMessage error = alice.next(Message.ErrorMessage.class);
    assertThat(Duration.ofNanos(System.nanoTime() - changed)).isLessThan(Duration.ofSeconds(1));
    assertThat(error.code()).isEqualTo(ErrorCode.UNAUTHORIZED);

    changed = System.nanoTime();
    admin.removeUser("bob");
    assertThat(bob.next(Message.ErrorMessage.class).code()).isEqualTo(ErrorCode.UNAUTHORIZED);
    assertThat(Duration.ofNanos(System.nanoTime() - changed)).isLessThan(Duration.ofSeconds(1));
  }
}
