package dev.tern.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.op.Change;
import dev.tern.op.Kind;
import dev.tern.op.Op;
import dev.tern.server.TestOps;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Pins the compact log text of an operation: changing it changes stored rows. */
class StoredOpTest {
  @Test
  void anOperationIsWrittenCompactlyAndReadsBackEqual() {
    Op op = StoredJson.readOp(StoredJsonTest.OP);
    String text = StoredOp.write(op);
    assertThat(text)
        .isEqualTo(
            "1\tissue.update\t018bcfe56800-0002-c1\talice\ti1"
                + "\tassignee\t\\N\tbob\ttitle\tNew \"title\"\tOld");
    assertThat(StoredOp.read(op.id(), op.clientId(), op.seq(), op.team(), text)).isEqualTo(op);
  }

  @Test
  void tabsBackslashesAndNullsSurviveAndEmptyTextStaysEmpty() {
    Map<String, Change<String>> changes = new TreeMap<>();
    changes.put("title", new Change<>("a\tb \\N \\t c\\", null));
    changes.put("description", new Change<>("", "line\nnext"));
    Op op = new TestOps("c1", "alice", 1000).op(Kind.UPDATE_ISSUE, "i1", "ENG", changes);
    String text = StoredOp.write(op);
    assertThat(text).doesNotContain("a\tb");
    Op read = StoredOp.read(op.id(), op.clientId(), op.seq(), op.team(), text);
    assertThat(read).isEqualTo(op);
    assertThat(read.changes().get("title").base()).isNull();
    assertThat(read.changes().get("description").value()).isEmpty();
  }

  @Test
  void aRowFromBeforeVersionTwoIsReadAsJson() {
    Op op = StoredJson.readOp(StoredJsonTest.OP);
    assertThat(StoredOp.read("ignored", "ignored", 0, "ignored", StoredJsonTest.OP)).isEqualTo(op);
  }

  @Test
  void textThisDidNotWriteIsRefused() {
    assertThatThrownBy(() -> StoredOp.read("o", "c", 1, "ENG", "2\tissue.update\ts\ta\ti1"))
        .isInstanceOf(ServerStoreException.class);
    assertThatThrownBy(() -> StoredOp.read("o", "c", 1, "ENG", "1\tissue.update\ts\ta"))
        .isInstanceOf(ServerStoreException.class);
    assertThatThrownBy(() -> StoredOp.read("o", "c", 1, "ENG", "1\tissue.nope\t\\x\ta\ti1"))
        .isInstanceOf(ServerStoreException.class);
  }
}
