package dev.tern.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.op.Kind;
import dev.tern.op.Op;
import dev.tern.protocol.CommentState;
import dev.tern.protocol.ConflictRecord;
import dev.tern.protocol.IssueState;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Pins the text the server store keeps. Each sample is read and written back byte for byte: if one
 * of these fails, stored rows would change, and {@link Schema} needs a migration for it.
 */
class StoredJsonTest {
  static final String OP =
      "{\"id\":\"op-1\",\"clientId\":\"c1\",\"seq\":7,\"stamp\":\"018bcfe56800-0002-c1\","
          + "\"actor\":\"alice\",\"kind\":\"issue.update\",\"entity\":\"i1\",\"team\":\"ENG\","
          + "\"changes\":{\"assignee\":{\"value\":null,\"base\":\"bob\"},"
          + "\"title\":{\"value\":\"New \\\"title\\\"\",\"base\":\"Old\"}}}";

  static final String ISSUE =
      "{\"id\":\"i1\",\"team\":\"ENG\",\"number\":42,\"title\":\"Title ü\","
          + "\"description\":\"desc\\nline\",\"state\":\"todo\",\"priority\":\"2\","
          + "\"assignee\":null,\"labels\":\"bug,ui\",\"estimate\":null,\"parent\":null,"
          + "\"creator\":\"alice\",\"createdAt\":1000,\"updatedAt\":2000,\"archived\":\"false\"}";

  static final String COMMENT =
      "{\"id\":\"k1\",\"issue\":\"i1\",\"author\":\"bob\",\"body\":\"body\",\"createdAt\":3000,"
          + "\"deleted\":\"false\"}";

  static final String CONFLICT =
      "{\"id\":\"9/title\",\"syncId\":9,\"user\":\"alice\",\"clientId\":\"c1\",\"issue\":\"i1\","
          + "\"field\":\"title\",\"base\":\"Old\",\"mine\":\"Mine\",\"theirs\":\"Theirs\","
          + "\"myOpId\":\"op-1\",\"theirActor\":\"bob\",\"theirStamp\":\"018bcfe56800-0000-c2\","
          + "\"myStamp\":\"018bcfe56800-0001-c1\"}";

  static final String WRITERS =
      "{\"w\":[{\"stamp\":\"s2\",\"actor\":\"bob\",\"opId\":\"op-2\",\"base\":\"x\"},"
          + "{\"stamp\":\"s1\",\"actor\":\"alice\",\"opId\":\"op-1\",\"base\":null}],"
          + "\"f\":{\"labels\":0,\"state\":1,\"title\":1}}";

  @Test
  void anOperationOfAnOlderRowReadsAsTheWireWroteIt() {
    // Rows from before schema version 2 hold the operation as the wire's JSON; only read now.
    Op op = StoredJson.readOp(OP);
    assertThat(op.kind()).isEqualTo(Kind.UPDATE_ISSUE);
    assertThat(op.seq()).isEqualTo(7);
    assertThat(dev.tern.protocol.MessageCodec.opNode(op).toString()).isEqualTo(OP);
  }

  @Test
  void entityStatesAndConflictsReadAndWriteBackUnchanged() {
    IssueState issue = StoredJson.readIssue(ISSUE);
    assertThat(issue.description()).isEqualTo("desc\nline");
    assertThat(issue.assignee()).isNull();
    assertThat(StoredJson.issue(issue)).isEqualTo(ISSUE);

    CommentState comment = StoredJson.readComment(COMMENT);
    assertThat(comment.createdAt()).isEqualTo(3000);
    assertThat(StoredJson.comment(comment)).isEqualTo(COMMENT);

    ConflictRecord conflict = StoredJson.readConflict(CONFLICT);
    assertThat(conflict.syncId()).isEqualTo(9);
    assertThat(StoredJson.conflict(conflict)).isEqualTo(CONFLICT);
  }

  @Test
  void writersAreKeptOncePerDistinctWriter() {
    FieldWriter create = new FieldWriter("s1", "alice", "op-1", null);
    Map<String, FieldWriter> writers =
        Map.of(
            "title", create,
            "state", create,
            "labels", new FieldWriter("s2", "bob", "op-2", "x"));
    assertThat(StoredJson.writers(writers)).isEqualTo(WRITERS);
    assertThat(StoredJson.readWriters(WRITERS)).isEqualTo(writers);
  }

  @Test
  void textItDidNotWriteIsAStoreFailure() {
    assertThatThrownBy(() -> StoredJson.readIssue("{\"id\":\"i1\"}"))
        .isInstanceOf(ServerStoreException.class)
        .hasMessageContaining("'team' must be a string");
    assertThatThrownBy(() -> StoredJson.readOp("not json"))
        .isInstanceOf(ServerStoreException.class)
        .hasMessageContaining("not valid JSON");
    assertThatThrownBy(() -> StoredJson.readWriters("{\"w\":[],\"f\":{\"title\":0}}"))
        .isInstanceOf(ServerStoreException.class)
        .hasMessageContaining("names no writer");
  }
}
