package dev.tern.server;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Found from outside, with a WebSocket client that is not tern's: a teammate's peer could create an
 * issue whose id is {@code ENG-2}. Every replica turns a reference into an id and looks the id up
 * as a reference again, so {@code tern close ENG-13} on that issue closed ENG-2, and an issue whose
 * id was any other non-UUID could not be edited at all. The server now takes only UUIDs as the ids
 * of new issues and comments (dev.tern.op.TextRules#shared).
 */
class HostileIdsOutsideTest {
  @TempDir Path directory;
  private JdbcServerStore store;
  private TernServer server;
  private RawClient mallory;
  private TestOps ops;

  @BeforeEach
  void start() throws Exception {
    store = JdbcServerStore.open("sqlite:" + directory.resolve("server.db"));
    store.addTeam("ENG", "Engineering");
    String token = store.addUser("mallory", List.of("ENG"));
    server =
        TernServer.start(
            store,
            ServerSettings.defaults()
                .withAddress("127.0.0.1", 0)
                .withLog(
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
    mallory = RawClient.signedIn(server.port(), token, "mallory-1");
    ops = new TestOps("mallory-1", "mallory", 1_000);
  }

  @AfterEach
  void stop() {
    server.shutdown();
    store.close();
  }

  @Test
  void anIssueIdShapedLikeAKeyOrAPrefixIsRefused() throws Exception {
    String real = TestOps.newId();
    assertThat(push(ops.createIssue("ENG", real, "real")).outcome()).isEqualTo(Outcome.APPLIED);
    for (String id :
        List.of("ENG-1", "eng-1", real.substring(0, 8), real.toUpperCase(Locale.ROOT), "i1")) {
      AckResult result = push(ops.createIssue("ENG", id, "decoy"));
      assertThat(result.outcome()).as(id).isEqualTo(Outcome.REJECTED);
      assertThat(result.code()).isEqualTo(ErrorCode.INVALID);
      assertThat(result.message()).contains("issue id must be a UUID");
    }
  }

  @Test
  void aCommentIdMustBeAUuidToo() throws Exception {
    String issue = TestOps.newId();
    push(ops.createIssue("ENG", issue, "real"));
    AckResult bad = push(ops.comment("ENG", issue, "c1", "hello"));
    assertThat(bad.outcome()).isEqualTo(Outcome.REJECTED);
    assertThat(bad.message()).contains("comment id must be a UUID");
    AckResult good = push(ops.comment("ENG", issue, TestOps.newId(), "hello"));
    assertThat(good.outcome()).isEqualTo(Outcome.APPLIED);
  }

  @Test
  void aParentMustBeAUuid() throws Exception {
    String issue = TestOps.newId();
    push(ops.createIssue("ENG", issue, "real"));
    AckResult bad = push(ops.update("ENG", issue, "parent", "nope", null));
    assertThat(bad.outcome()).isEqualTo(Outcome.REJECTED);
    assertThat(bad.message()).contains("parent must be a UUID");
    assertThat(push(ops.update("ENG", issue, "parent", TestOps.newId(), null)).outcome())
        .isEqualTo(Outcome.APPLIED);
  }

  private AckResult push(Op op) throws Exception {
    mallory.send(new Message.Push(List.of(op)));
    return mallory.next(Message.Ack.class).results().get(0);
  }
}
