package dev.tern.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.model.Priority;
import dev.tern.model.State;
import dev.tern.op.Change;
import dev.tern.op.CreateComment;
import dev.tern.op.CreateIssue;
import dev.tern.op.Hlc;
import dev.tern.op.IssueField;
import dev.tern.op.Kind;
import dev.tern.op.Op;
import dev.tern.op.OpHeader;
import dev.tern.op.Outcome;
import dev.tern.op.UpdateComment;
import dev.tern.op.UpdateIssue;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every message survives a write and a read, and malformed input is named, not thrown raw. */
class MessageCodecTest {
  static final OpHeader HEADER =
      new OpHeader("op-1", "c1", 3, new Hlc(1234, 2, "c1"), "alice", "i1", "ENG");

  /** One operation of every kind, with every field its kind can carry. */
  static final List<Op> EVERY_KIND =
      List.of(
          new CreateIssue(
              HEADER,
              Map.of(
                  IssueField.TITLE,
                  "New",
                  IssueField.DESCRIPTION,
                  "line one\nline two",
                  IssueField.STATE,
                  State.IN_PROGRESS,
                  IssueField.PRIORITY,
                  Priority.HIGH,
                  IssueField.ASSIGNEE,
                  "bob",
                  IssueField.LABELS,
                  IssueField.labels(List.of("ui", "bug")),
                  IssueField.ESTIMATE,
                  5L,
                  IssueField.PARENT,
                  "i0",
                  IssueField.ARCHIVED,
                  false),
              99L),
          new UpdateIssue(
              HEADER,
              Map.of(
                  IssueField.TITLE, new Change<>("New", "Old"),
                  IssueField.ASSIGNEE, new Change<>(null, "bob"),
                  IssueField.PRIORITY, new Change<>(Priority.URGENT, Priority.NONE),
                  IssueField.LABELS,
                      new Change<>(IssueField.labels(List.of("a")), IssueField.labels(List.of())),
                  IssueField.ESTIMATE, new Change<>(3L, null),
                  IssueField.ARCHIVED, new Change<>(true, false))),
          new CreateComment(HEADER, "i1", "hello", 77L, "carol"),
          new UpdateComment(
              HEADER, new Change<>(true, false), new Change<>("new\ntext", "old\ntext")));

  @Test
  void aCommentEditAloneAndAnOlderDeleteAloneRoundTrip() throws Exception {
    for (Op op :
        List.of(
            new UpdateComment(HEADER, null, new Change<>("edited", "posted")),
            new UpdateComment(HEADER, new Change<>(false, true)))) {
      op.validate();
      assertThat(MessageCodec.readOp(MessageCodec.opNode(op))).isEqualTo(op);
      assertThat(Op.fromStored(op.header(), op.kind(), op.changes())).isEqualTo(op);
    }
  }

  static final Op OP = EVERY_KIND.get(1);

  @Test
  void everyOperationKindHasASample() {
    assertThat(EVERY_KIND.stream().map(Op::kind)).containsExactlyInAnyOrder(Kind.values());
    assertThat(EVERY_KIND.stream().map(Object::getClass))
        .containsExactlyInAnyOrder(Op.class.getPermittedSubclasses());
  }

  @Test
  void everyOperationKindRoundTripsThroughTheWireAndTheTextForm() throws Exception {
    for (Op op : EVERY_KIND) {
      op.validate();
      assertThat(MessageCodec.readOp(MessageCodec.opNode(op)))
          .as(op.kind().wireName())
          .isEqualTo(op);
      assertThat(Op.fromText(op.header(), op.kind(), op.changes())).isEqualTo(op);
    }
  }

  @Test
  void everyMessageTypeHasASampleThatRoundTrips() throws Exception {
    Set<Class<?>> covered = new HashSet<>();
    for (Message message : clientMessages()) {
      assertThat(MessageCodec.readFromClient(MessageCodec.write(message))).isEqualTo(message);
      covered.add(message.getClass());
    }
    for (Message message : serverMessages()) {
      assertThat(MessageCodec.readFromServer(MessageCodec.write(message))).isEqualTo(message);
      covered.add(message.getClass());
    }
    // A new message type fails here until it has a sample above, and so a round trip.
    assertThat(covered).containsExactlyInAnyOrder(Message.class.getPermittedSubclasses());
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
  static final CommentState COMMENT =
      new CommentState("c1", "i1", "bob", "carol", "hi", 30, "false");
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

  static List<Message> clientMessages() {
    return List.of(
        new Message.Hello(1, "tern_x", "c1", 42),
        new Message.Push(EVERY_KIND),
        new Message.Pull(7, 100),
        new Message.SnapshotRequest(null, 50),
        new Message.SnapshotRequest("3:i:abc", 50));
  }

  static List<Message> serverMessages() {
    return List.of(
        new Message.Welcome(1, "alice", List.of(new TeamInfo("ENG", "Engineering")), 9, 0),
        new Message.ErrorMessage(ErrorCode.UNAUTHORIZED, "unknown token"),
        new Message.Ack(
            List.of(
                new AckResult("op-1", 3, 9L, Outcome.APPLIED, null, null),
                new AckResult("op-2", 4, null, Outcome.REJECTED, ErrorCode.INVALID, "why"),
                new AckResult("op-3", 5, 10L, Outcome.APPLIED, null, null, 42L, 0L),
                new AckResult("op-4", 6, 11L, Outcome.APPLIED, null, null, null, 7L))),
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
            12, List.of(new TeamInfo("ENG", "E")), List.of(ISSUE), List.of(COMMENT), null));
  }

  @Test
  void aValueThatDoesNotParseForItsFieldMakesTheOpUnreadable() {
    String text =
        MessageCodec.opNode(OP).toString().replace("\"value\":\"1\"", "\"value\":\"sky-high\"");
    assertThat(text).contains("sky-high");
    assertThatThrownBy(() -> MessageCodec.readOp(MessageCodec.parse(text)))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("sky-high");
  }

  @Test
  void anOperationAnOlderServerAcceptedStillReadsInADeltaButNotInAPush() throws Exception {
    // Older servers kept a base that did not parse as sent, and took `deleted` on a create.
    String update =
        "{\"id\":\"op-7\",\"clientId\":\"c1\",\"seq\":7,\"stamp\":\"0000000004d2-0000-c1\","
            + "\"actor\":\"alice\",\"kind\":\"issue.update\",\"entity\":\"i1\",\"team\":\"ENG\","
            + "\"changes\":{\"estimate\":{\"value\":\"3\",\"base\":\"lots\"}}}";
    String comment =
        "{\"id\":\"op-8\",\"clientId\":\"c1\",\"seq\":8,\"stamp\":\"0000000004d2-0001-c1\","
            + "\"actor\":\"alice\",\"kind\":\"comment.create\",\"entity\":\"c9\",\"team\":\"ENG\","
            + "\"changes\":{\"issue\":{\"value\":\"i1\"},\"body\":{\"value\":\"hi\"},"
            + "\"deleted\":{\"value\":\"false\"}}}";
    String delta =
        "{\"type\":\"delta\",\"entries\":[{\"syncId\":1,\"op\":"
            + update
            + ",\"issue\":"
            + MessageCodec.issueNode(ISSUE)
            + "},{\"syncId\":2,\"op\":"
            + comment
            + ",\"comment\":"
            + MessageCodec.commentNode(COMMENT)
            + "}],\"conflicts\":[],\"from\":0,\"cursor\":2,\"head\":2,\"more\":false}";
    Message.Delta read = (Message.Delta) MessageCodec.readFromServer(delta);
    UpdateIssue kept = (UpdateIssue) read.entries().get(0).op();
    assertThat(kept.change(IssueField.ESTIMATE)).isEqualTo(new Change<>(3L, null));
    assertThat(((CreateComment) read.entries().get(1).op()).body()).isEqualTo("hi");

    Message.Push push =
        (Message.Push)
            MessageCodec.readFromClient(
                "{\"type\":\"push\",\"ops\":[" + update + "," + comment + "]}");
    assertThat(push.ops()).isEmpty();
    assertThat(push.unreadable()).extracting(UnreadableOp::id).containsExactly("op-7", "op-8");
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
