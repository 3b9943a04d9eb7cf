package dev.tern.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.op.Change;
import dev.tern.op.Hlc;
import dev.tern.op.Kind;
import dev.tern.op.Op;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Every message survives a write and a read, and malformed input is named, not thrown raw. */
class MessageCodecTest {
  static final Op OP;

  static {
    TreeMap<String, Change> changes = new TreeMap<>();
    changes.put("title", new Change("New", "Old"));
    changes.put("assignee", new Change(null, "bob"));
    OP =
        new Op(
            "op-1",
            "c1",
            3,
            new Hlc(1234, 2, "c1"),
            "alice",
            Kind.UPDATE_ISSUE,
            "i1",
            "ENG",
            changes);
  }

  static final IssueState ISSUE =
      new IssueState(
          "i1",
          "ENG",
          4,
          "New",
          "text\nmore",
          "todo",
          "2",
          null,
          "bug,ui",
          "3",
          null,
          "alice",
          10,
          20,
          "false");
  static final CommentState COMMENT = new CommentState("c1", "i1", "bob", "hi", 30, "false");
  static final ConflictRecord CONFLICT =
      new ConflictRecord(
          "5/title",
          5,
          "alice",
          "c1",
          "i1",
          "title",
          "Old",
          "Mine",
          "Theirs",
          "op-1",
          "bob",
          "0000000004d2-0000-c2",
          "0000000004d2-0000-c1");

  @Test
  void clientMessagesRoundTrip() throws Exception {
    for (Message message :
        List.of(
            new Message.Hello(1, "tern_x", "c1", 42),
            new Message.Push(List.of(OP)),
            new Message.Pull(7, 100),
            new Message.SnapshotRequest(null, 50),
            new Message.SnapshotRequest("3:i:abc", 50))) {
      assertThat(MessageCodec.readFromClient(MessageCodec.write(message))).isEqualTo(message);
    }
  }

  @Test
  void serverMessagesRoundTrip() throws Exception {
    for (Message message :
        List.of(
            new Message.Welcome(1, "alice", List.of(new TeamInfo("ENG", "Engineering")), 9, 0),
            new Message.ErrorMessage(ErrorCode.UNAUTHORIZED, "unknown token"),
            new Message.Ack(
                List.of(
                    new AckResult("op-1", 3, 9L, Outcome.APPLIED, null, null),
                    new AckResult("op-2", 4, null, Outcome.REJECTED, ErrorCode.INVALID, "why"))),
            new Message.Delta(
                List.of(new DeltaEntry(9, OP, ISSUE, null), new DeltaEntry(10, OP, null, COMMENT)),
                List.of(CONFLICT),
                8,
                10,
                12,
                true,
                false),
            new Message.Delta(List.of(), List.of(), 1, 1, 12, false, true),
            new Message.Snapshot(
                12, List.of(new TeamInfo("ENG", "E")), List.of(ISSUE), List.of(COMMENT), null))) {
      assertThat(MessageCodec.readFromServer(MessageCodec.write(message))).isEqualTo(message);
    }
  }

  @Test
  void anUnreadableOpInAPushIsSetAsideAlone() throws Exception {
    String text =
        "{\"type\":\"push\",\"ops\":["
            + MessageCodec.opNode(OP)
            + ",{\"id\":\"op-9\",\"seq\":9,\"kind\":\"issue.explode\"}]}";
    Message.Push push = (Message.Push) MessageCodec.readFromClient(text);
    assertThat(push.ops()).containsExactly(OP);
    assertThat(push.unreadable())
        .singleElement()
        .extracting(UnreadableOp::id, UnreadableOp::seq)
        .containsExactly("op-9", 9L);
  }

  @Test
  void malformedInputIsNamed() {
    assertThatThrownBy(() -> MessageCodec.readFromClient("{nope"))
        .isInstanceOf(MalformedMessageException.class);
    assertThatThrownBy(() -> MessageCodec.readFromClient("[]"))
        .isInstanceOf(MalformedMessageException.class);
    assertThatThrownBy(() -> MessageCodec.readFromClient("{\"type\":\"hello\"}"))
        .hasMessageContaining("protocol");
    assertThatThrownBy(() -> MessageCodec.readFromClient("{\"type\":\"teleport\"}"))
        .hasMessageContaining("teleport");
  }
}
