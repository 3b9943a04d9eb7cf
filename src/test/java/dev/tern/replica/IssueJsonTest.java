package dev.tern.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import dev.tern.model.InvalidInputException;
import dev.tern.model.Issue;
import dev.tern.model.Priority;
import dev.tern.model.State;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The streaming reader of an import line keeps the rules of the tree reader it replaced: the last
 * of duplicate keys wins, unknown fields (nested ones too) are skipped, lenient scalars stay
 * lenient, and a bad line is named by its first problem in a fixed order.
 */
class IssueJsonTest {
  private static final String ID = "30fa82fb-d5d5-33df-98ae-5eb9f1971d84";
  private static final String COMMENT = "47e98459-9136-3985-93fa-411fef41086a";

  private static Issue read(String line) throws IOException {
    try (JsonParser json = IssueJson.FACTORY.createParser(line)) {
      json.nextToken();
      return IssueJson.read(json, "line 7");
    }
  }

  private static String issue(String extra) {
    return "{\"id\":\""
        + ID
        + "\",\"team\":\"LOCAL\",\"title\":\"first\",\"creator\":\"bench\","
        + "\"createdAt\":\"2023-11-14T22:13:20Z\",\"updatedAt\":\"2023-11-14T22:13:21Z\""
        + extra
        + "}";
  }

  @Test
  void readsEveryFieldAndSkipsUnknownOnes() throws IOException {
    Issue issue =
        read(
            issue(
                ",\"title\":\"second\",\"unknown\":{\"deep\":[1,{\"title\":\"no\"}]},"
                    + "\"state\":\"in-progress\",\"priority\":\"3\",\"labels\":[\"ui\",\"bug\"],"
                    + "\"number\":12,\"estimate\":2.5,\"archived\":\"true\",\"description\":null,"
                    + "\"comments\":[{\"id\":\""
                    + COMMENT
                    + "\",\"author\":\"carol\",\"body\":\"hi\",\"extra\":[1],"
                    + "\"createdAt\":\"2023-11-14T22:13:22Z\"}]"));

    assertThat(issue.id()).isEqualTo(ID);
    assertThat(issue.title()).isEqualTo("second");
    assertThat(issue.state()).isEqualTo(State.IN_PROGRESS);
    assertThat(issue.priority()).isEqualTo(Priority.ofLevel(3));
    assertThat(issue.labels()).containsExactly("bug", "ui");
    assertThat(issue.number()).isEqualTo(12L);
    assertThat(issue.estimate()).isNull();
    assertThat(issue.archived()).isTrue();
    assertThat(issue.description()).isEmpty();
    assertThat(issue.updatedAt()).isEqualTo(1_700_000_001_000L);
    assertThat(issue.comments()).hasSize(1);
    assertThat(issue.comments().get(0).body()).isEqualTo("hi");
    assertThat(issue.comments().get(0).issueId()).isEqualTo(ID);
  }

  @Test
  void namesTheFirstProblemInAFixedOrder() {
    assertThatThrownBy(() -> read("[1]"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("line 7: expected a JSON object");
    // The id is checked before the title, wherever they stand in the line.
    assertThatThrownBy(() -> read("{\"title\":5,\"id\":null}"))
        .hasMessage("line 7: missing \"id\"");
    assertThatThrownBy(() -> read(issue(",\"title\":5,\"team\":[]")))
        .hasMessage("line 7: \"title\" must be a string");
    assertThatThrownBy(() -> read(issue(",\"comments\":[7]"))).hasMessage("line 7: missing \"id\"");
    assertThatThrownBy(() -> read(issue(",\"team\":null"))).hasMessage("line 7: missing \"team\"");
  }

  @Test
  void readsCanonicalTimesByHandExactlyAsInstantDoes() {
    for (String time :
        List.of(
            "2023-11-14T22:13:20Z",
            "2023-11-14T22:13:20.123Z",
            "1969-12-31T23:59:59.999Z",
            "0001-01-01T00:00:00Z",
            "2024-02-29T12:00:00.000Z",
            "9999-12-31T23:59:59.999Z")) {
      assertThat(IssueJson.canonicalTime(time)).isEqualTo(Instant.parse(time).toEpochMilli());
      assertThat(IssueJson.parseTime(time, "t")).isEqualTo(Instant.parse(time).toEpochMilli());
    }
    // Other shapes go to Instant.parse, which accepts them or names them.
    assertThat(IssueJson.parseTime("2023-11-14T22:13:20.5Z", "t"))
        .isEqualTo(Instant.parse("2023-11-14T22:13:20.5Z").toEpochMilli());
    for (String bad :
        List.of("2023-02-29T00:00:00Z", "2023-11-14T25:00:00Z", "2023-1x-14T00:00:00Z")) {
      assertThat(IssueJson.canonicalTime(bad)).isEqualTo(Long.MIN_VALUE);
      assertThatThrownBy(() -> IssueJson.parseTime(bad, "line 3: createdAt"))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageStartingWith("line 3: createdAt is not an ISO-8601 time");
    }
  }
}
