package dev.tern.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.op.Change;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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
  void refusesWhatItDidNotWrite() {
    assertThatThrownBy(() -> ChangesText.decode("{\"title\":[\"a\""))
        .isInstanceOf(IllegalStateException.class);
  }
}
