package dev.tern.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.op.Change;
import dev.tern.op.Op;
import dev.tern.op.Outcome;
import dev.tern.protocol.AckResult;
import dev.tern.protocol.ErrorCode;
import dev.tern.protocol.Message;
import dev.tern.server.store.JdbcServerStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Text the server stores reaches teammates' terminals, so it is checked on the server by the
 * client's own rules (dev.tern.op.TextRules): hostile values are rejected, each answered, and none
 * stored. Ids are bounded, the protocol version does not wrap, and "already exists" is said only
 * about issues the caller may see.
 */
class ServerTextTest {
  @TempDir Path directory;
  private JdbcServerStore store;
  private TernServer server;
  private RawClient alice;
  private TestOps ops;
  private String bobToken;

  @BeforeEach
  void start() throws Exception {
    store = JdbcServerStore.open("sqlite:" + directory.resolve("server.db"));
    store.addTeam("ENG", "Engineering");
    store.addTeam("OPS", "Operations");
    String aliceToken = store.addUser("alice", List.of("ENG"));
    bobToken = store.addUser("bob", List.of("OPS"));
    server =
        TernServer.start(
            store,
            ServerSettings.defaults()
                .withAddress("127.0.0.1", 0)
                .withLog(
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
    alice = RawClient.signedIn(server.port(), aliceToken, "alice-1");
    ops = new TestOps("alice-1", "alice", 1_000);
  }

  @AfterEach
  void stop() {
    server.shutdown();
    store.close();
  }

  @Test
  void controlAndBidiCharactersAreRejectedInEveryField() throws Exception {
    String issue = TestOps.newId();
    assertThat(push(ops.createIssue("ENG", issue, "fine")).outcome()).isEqualTo(Outcome.APPLIED);
    List<String[]> hostile =
        List.of(
            new String[] {"title", "evil \u202e txt.exe", "fine"},
            new String[] {"title", "two\nlines", "fine"},
            new String[] {"assignee", "bob\u001b[2J", null},
            new String[] {"assignee", "bob\u009b31m", null},
            new String[] {"parent", "x\u0007", null},
            new String[] {"labels", "bug\u001b]0;pwned\u0007", ""},
            new String[] {"labels", "a\u2066b", ""},
            new String[] {"description", "line\u001b[31m red", ""},
            new String[] {"description", "c1 \u0085 here", ""},
            // The base reaches others in conflict records: held to the same rules.
            new String[] {"assignee", "carol", "bob\u001b[2J"},
            new String[] {"assignee", "x".repeat(201), null});
    for (String[] attempt : hostile) {
      AckResult result = push(ops.update("ENG", issue, attempt[0], attempt[1], attempt[2]));
      assertThat(result.outcome()).as(attempt[0] + " = " + attempt[1]).isEqualTo(Outcome.REJECTED);
      assertThat(result.code()).isEqualTo(ErrorCode.INVALID);
    }
    AckResult fine = push(ops.update("ENG", issue, "description", "tabs\tand\nlines", ""));
    assertThat(fine.outcome()).isEqualTo(Outcome.APPLIED);
  }

  @Test
  void aNullDescriptionAndAnOverlongOpIdAreRejected() throws Exception {
    String issue = TestOps.newId();
    push(ops.createIssue("ENG", issue, "null description"));
    assertThat(push(ops.update("ENG", issue, "description", null, "")).outcome())
        .isEqualTo(Outcome.REJECTED);

    Op longId = ops.createIssue("ENG", TestOps.newId(), "long id");
    AckResult result = push(copy(longId, "x".repeat(5_000), longId.changes()));
    assertThat(result.outcome()).isEqualTo(Outcome.REJECTED);
    assertThat(result.message()).contains("operation id");
  }

  @Test
  void aProtocolVersionThatWouldWrapToTheRightOneIsRefused() throws Exception {
    RawClient client = RawClient.connect(server.port());
    client.sendRaw(
        "{\"type\":\"hello\",\"protocol\":4294967297,\"token\":\"t\",\"clientId\":\"c\","
            + "\"cursor\":0}");
    assertThat(client.next()).isInstanceOf(Message.ErrorMessage.class);
    assertThat(client.closeCode()).isPositive();
  }

  @Test
  void alreadyExistsIsSaidOnlyAboutIssuesTheCallerMaySee() throws Exception {
    RawClient bob = RawClient.signedIn(server.port(), bobToken, "bob-1");
    TestOps bobOps = new TestOps("bob-1", "bob", 1_000);
    String secret = TestOps.newId();
    bob.send(new Message.Push(List.of(bobOps.createIssue("OPS", secret, "ops only"))));
    assertThat(bob.next(Message.Ack.class).results().get(0).outcome()).isEqualTo(Outcome.APPLIED);

    AckResult probe = push(ops.createIssue("ENG", secret, "probe"));
    assertThat(probe.outcome()).isEqualTo(Outcome.REJECTED);
    assertThat(probe.message()).doesNotContain("exists");

    String mine = TestOps.newId();
    push(ops.createIssue("ENG", mine, "mine"));
    assertThat(push(ops.createIssue("ENG", mine, "again")).message()).contains("already exists");
  }

  private AckResult push(Op op) throws Exception {
    alice.send(new Message.Push(List.of(op)));
    return alice.next(Message.Ack.class).results().get(0);
  }

  private static Op copy(Op op, String id, java.util.Map<String, Change<String>> changes) {
    return TestOps.textOp(
        id,
        op.clientId(),
        op.seq(),
        op.stamp(),
        op.actor(),
        op.kind(),
        op.entity(),
        op.team(),
        changes);
  }
}
