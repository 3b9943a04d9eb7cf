package dev.tern.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.model.Labels;
import dev.tern.model.Priority;
import dev.tern.model.State;
import dev.tern.op.Change;
import dev.tern.op.CreateIssue;
import dev.tern.op.Hlc;
import dev.tern.op.IssueField;
import dev.tern.op.OpHeader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ops.changes column: our encoding round-trips, and so does what SQLite's JSON writes. */
class ChangesTextTest {
  static final String AWKWARD =
      "quote \" backslash \\ slash / newline \n tab \t cr \r nul-ish \u0001 \u001f é 🚀 \u2028";

  @Test
  void roundTripsAwkwardTextAndNulls() {
    Map<String, Change<String>> changes = new TreeMap<>();
    changes.put("description", new Change<>(AWKWARD, null));
    changes.put("assignee", new Change<>(null, "bob"));
    changes.put("title", new Change<>("", "[\"not\", \"json\"]"));
    assertThat(ChangesText.decode(ChangesText.encode(changes))).isEqualTo(changes);
    assertThat(ChangesText.decode(ChangesText.encode(Map.of()))).isEmpty();
  }

  @Test
  void readsSqliteJsonFunctionsOutput(@TempDir Path dir) throws Exception {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("j.db"));
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT json_object('description', json_array(?, NULL), 'title', json_array('a',"
                    + " 'b'))")) {
      statement.setString(1, AWKWARD);
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        assertThat(ChangesText.decode(rows.getString(1)))
            .containsEntry("description", new Change<>(AWKWARD, null))
            .containsEntry("title", new Change<>("a", "b"));
      }
    }
  }

  @Test
  void aCreateIsWrittenByteForByteAsItsChangesAre() {
    OpHeader header =
        new OpHeader("op", "client", 1, new Hlc(5, 0, "client"), "alice", "issue", "LOCAL");
    Map<IssueField, Object> every = new EnumMap<>(IssueField.class);
    every.put(IssueField.TITLE, AWKWARD);
    every.put(IssueField.DESCRIPTION, "line one\nline two");
    every.put(IssueField.STATE, State.IN_PROGRESS);
    every.put(IssueField.PRIORITY, Priority.ofLevel(1));
    every.put(IssueField.ASSIGNEE, "bob");
    every.put(IssueField.LABELS, IssueField.labels(List.of("ui", "bug")));
    every.put(IssueField.ESTIMATE, 8L);
    every.put(IssueField.PARENT, "0b7c9f3e-1111-4222-8333-944455556666");
    every.put(IssueField.ARCHIVED, true);
    Map<IssueField, Object> labelsEmpty = new EnumMap<>(IssueField.class);
    labelsEmpty.put(IssueField.TITLE, "t");
    labelsEmpty.put(IssueField.LABELS, Labels.EMPTY);
    labelsEmpty.put(IssueField.ARCHIVED, false);
    for (CreateIssue create :
        List.of(
            new CreateIssue(header, every, 1_700_000_000_000L),
            new CreateIssue(header, every, null),
            new CreateIssue(header, Map.of(IssueField.TITLE, "only a title"), null),
            new CreateIssue(header, labelsEmpty, 0L))) {
      String written = ChangesText.encode(create);
      assertThat(written).isEqualTo(ChangesText.encode(create.changes()));
      assertThat(ChangesText.decode(written)).isEqualTo(create.changes());
    }
  }

  @Test
  void refusesWhatItDidNotWrite() {
    assertThatThrownBy(() -> ChangesText.decode("{\"title\":[\"a\""))
        .isInstanceOf(IllegalStateException.class);
  }
}
