package dev.tern.protocol;

import static dev.tern.protocol.MessageCodecTest.COMMENT;
import static dev.tern.protocol.MessageCodecTest.ISSUE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Snapshot pages written from states that are already JSON, and read in one pass: the same text and
 * the same messages as {@link MessageCodec}'s trees, and anything unusual left to the codec.
 */
class SnapshotPagesTest {
  static final IssueState BARE =
      new IssueState(
          "i2",
          "OPS",
          9,
          "Quotes \" and \\ and é and \u2028",
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          Long.MAX_VALUE,
          -1,
          null);
  static final CommentState BARE_COMMENT = new CommentState("c2", "i2", null, null, null, 7, null);
  static final List<TeamInfo> TEAMS =
      List.of(new TeamInfo("ENG", "Engineering"), new TeamInfo("OPS", "Ops \"on call\""));

  @Test
  void aPageOfStoredJsonIsTheTextTheCodecWritesForThatPage() {
    for (String next : new String[] {"12:i:i2", null}) {
      String written =
          SnapshotPages.write(
              12,
              TEAMS,
              List.of(json(ISSUE), json(BARE)),
              List.of(json(COMMENT), json(BARE_COMMENT)),
              next);
      assertThat(written)
          .isEqualTo(
              MessageCodec.write(
                  new Message.Snapshot(
                      12, TEAMS, List.of(ISSUE, BARE), List.of(COMMENT, BARE_COMMENT), next)));
    }
  }

  @Test
  void aPageIsReadInOnePassIntoTheSameMessage() throws Exception {
    Message.Snapshot page =
        new Message.Snapshot(12, TEAMS, List.of(ISSUE, BARE), List.of(COMMENT, BARE_COMMENT), null);
    String text = MessageCodec.write(page);

    assertThat(SnapshotPages.read(text)).isEqualTo(page);
    assertThat(MessageCodec.readFromServer(text)).isEqualTo(page);
  }

  @Test
  void fieldsItDoesNotKnowAreSkippedAndARepeatedKeyKeepsItsLastValue() throws Exception {
    String text =
        "{\"type\":\"snapshot\",\"extra\":{\"a\":[1,{\"b\":2}]},\"at\":1,\"at\":3,\"teams\":[],"
            + "\"issues\":[{\"id\":\"i9\",\"future\":[true],\"team\":\"ENG\",\"number\":1,"
            + "\"title\":\"a\",\"title\":\"b\",\"createdAt\":5,\"updatedAt\":6}],"
            + "\"comments\":[],\"next\":\"3:c:\"}";
    Message.Snapshot read = SnapshotPages.read(text);

    assertThat(read).isEqualTo(MessageCodec.readFromServer(text));
    assertThat(read.at()).isEqualTo(3);
    assertThat(read.issues().get(0).title()).isEqualTo("b");
    assertThat(read.next()).isEqualTo("3:c:");
  }

  @Test
  void anUnusualPageIsLeftToTheCodecWhichReadsOrRefusesItAsBefore() throws Exception {
    Message.Snapshot page =
        new Message.Snapshot(4, TEAMS, List.of(ISSUE), List.of(COMMENT), "4:i:i1");
    String text = MessageCodec.write(page);
    // Another key order and spacing: not the common form, still the same page.
    String reordered =
        "{ \"at\": 4, \"type\": \"snapshot\""
            + text.substring(text.indexOf(",\"teams\""), text.length());
    assertThat(SnapshotPages.read(reordered)).isNull();
    assertThat(MessageCodec.readFromServer(reordered)).isEqualTo(page);

    String numberAsText = text.replace("\"number\":4", "\"number\":\"4\"");
    assertThat(SnapshotPages.read(numberAsText)).isNull();
    assertThatThrownBy(() -> MessageCodec.readFromServer(numberAsText))
        .isInstanceOf(MalformedMessageException.class)
        .hasMessageContaining("'number' must be a whole number");

    String missingTeam = text.replace("\"team\":\"ENG\",", "");
    assertThat(SnapshotPages.read(missingTeam)).isNull();
    assertThatThrownBy(() -> MessageCodec.readFromServer(missingTeam))
        .hasMessageContaining("'team' must be a string");

    String nullId = text.replace("\"id\":\"c1\"", "\"id\":null");
    assertThat(SnapshotPages.read(nullId)).isNull();
    assertThatThrownBy(() -> MessageCodec.readFromServer(nullId))
        .hasMessageContaining("'id' must be a string");

    String hugeAt = text.replace("\"at\":4", "\"at\":99999999999999999999");
    assertThat(SnapshotPages.read(hugeAt)).isNull();
    assertThatThrownBy(() -> MessageCodec.readFromServer(hugeAt))
        .hasMessageContaining("'at' must be a whole number");

    String cut = text.substring(0, text.length() / 2);
    assertThat(SnapshotPages.read(cut)).isNull();
    assertThatThrownBy(() -> MessageCodec.readFromServer(cut))
        .hasMessageContaining("not valid JSON");

    String twoTypes = text.replace("\"at\":4", "\"at\":4,\"type\":\"welcome\"");
    assertThat(SnapshotPages.read(twoTypes)).isNull();
    assertThatThrownBy(() -> MessageCodec.readFromServer(twoTypes))
        .hasMessageContaining("'protocol'");
  }

  private static String json(IssueState issue) {
    return JsonTrees.write(MessageCodec.issueNode(issue));
  }

  private static String json(CommentState comment) {
    return JsonTrees.write(MessageCodec.commentNode(comment));
  }
}
