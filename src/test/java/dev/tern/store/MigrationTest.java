package dev.tern.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.op.Change;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Migration 3 on a profile written by the tern before it (store version 2: op_changes rows, undo
 * and redo stack tables): every operation keeps its changes, both stacks keep their order, and the
 * view, the clock and the sequence are untouched.
 */
class MigrationTest {
  @TempDir Path dir;

  @Test
  void aVersionTwoProfileKeepsItsLogStacksAndViewThroughMigrationThree() throws Exception {
    Path file = dir.resolve("default.db");
    try (InputStream fixture = getClass().getResourceAsStream("profile-v2.db")) {
      Files.copy(fixture, file);
    }
    Map<String, Map<String, Change<String>>> oldChanges = new LinkedHashMap<>();
    List<String> oldUndo;
    List<String> oldRedo;
    List<String> oldIssues;
    List<String> oldComments;
    String oldClock;
    try (Connection old = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = old.createStatement()) {
      assertThat(scalar(statement, "PRAGMA user_version")).isEqualTo("2");
      try (ResultSet rows =
          statement.executeQuery(
              "SELECT o.id, c.field, c.value, c.base FROM ops o"
                  + " LEFT JOIN op_changes c ON c.op = o.rowid ORDER BY o.rowid")) {
        while (rows.next()) {
          Map<String, Change<String>> changes =
              oldChanges.computeIfAbsent(rows.getString(1), id -> new TreeMap<>());
          if (rows.getString(2) != null) {
            changes.put(rows.getString(2), new Change<>(rows.getString(3), rows.getString(4)));
          }
        }
      }
      oldUndo = column(statement, "SELECT op_id FROM undo_stack ORDER BY pos DESC");
      oldRedo = column(statement, "SELECT op_id FROM redo_stack ORDER BY pos DESC");
      oldIssues = column(statement, "SELECT " + Columns.ISSUE_COLUMNS + " FROM issues ORDER BY id");
      oldComments = column(statement, "SELECT * FROM comments ORDER BY id");
      oldClock =
          scalar(
              statement, "SELECT next_seq || ' ' || hlc_millis || ' ' || hlc_counter FROM clock");
    }
    assertThat(oldChanges).hasSize(12);
    assertThat(oldUndo).hasSize(4);
    assertThat(oldRedo).hasSize(1);

    try (LocalStore store = LocalStore.open(file)) {
      try (StoreTxn txn = store.read()) {
        List<LoggedOp> log = new ArrayList<>(txn.opLog().recent(null, 0));
        Collections.reverse(log);
        Map<String, Map<String, Change<String>>> newChanges = new LinkedHashMap<>();
        log.forEach(logged -> newChanges.put(logged.op().id(), logged.op().changes()));
        assertThat(newChanges).containsExactlyEntriesOf(oldChanges);
        assertThat(log).allSatisfy(logged -> assertThat(logged.status()).isEqualTo("pending"));
        ClockState clock = txn.clock().read();
        assertThat(clock.nextSeq() + " " + clock.hlcMillis() + " " + clock.hlcCounter())
            .isEqualTo(oldClock);
      }
      assertThat(popAll(store, StoreTxn::undoStack)).isEqualTo(oldUndo);
      assertThat(popAll(store, StoreTxn::redoStack)).isEqualTo(oldRedo);
    }
    try (Connection migrated = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = migrated.createStatement()) {
      assertThat(scalar(statement, "PRAGMA user_version"))
          .isEqualTo(Integer.toString(Schema.latestVersion()));
      assertThat(column(statement, "SELECT " + Columns.ISSUE_COLUMNS + " FROM issues ORDER BY id"))
          .isEqualTo(oldIssues);
      assertThat(column(statement, "SELECT * FROM comments ORDER BY id")).isEqualTo(oldComments);
      assertThat(
              column(
                  statement,
                  "SELECT name FROM sqlite_schema WHERE name IN"
                      + " ('op_changes', 'undo_stack', 'redo_stack', 'issues_listed')"))
          .containsExactly("issues_listed");
      // Migration 4: the open conflicts' partial index, which the per-operation "any conflict
      // open?" question of ClockTable.stamping reads instead of the whole table.
      assertThat(
              column(
                  statement,
                  "EXPLAIN QUERY PLAN SELECT EXISTS (SELECT 1 FROM conflicts WHERE status ="
                      + " 'open')"))
          .anySatisfy(step -> assertThat(step).contains("conflicts_open"));
      // ...and the pending count of tern status reads ops_open alone.
      assertThat(
              column(
                  statement,
                  "EXPLAIN QUERY PLAN SELECT count(*) FROM ops WHERE "
                      + OpLog.statusIn("status", List.of("pending"))))
          .anySatisfy(step -> assertThat(step).contains("COVERING INDEX ops_open"));
      // Migration 5: ls's question for every refused operation reads the refused ones' index,
      // not every pending operation's entry in ops_open.
      assertThat(
              column(
                  statement,
                  "EXPLAIN QUERY PLAN SELECT o.issue FROM ops o WHERE "
                      + OpLog.statusIn("o.status", List.of("rejected"))
                      + " ORDER BY o.seq"))
          .anySatisfy(step -> assertThat(step).contains("ops_refused"));
      assertThat(scalar(statement, "PRAGMA integrity_check")).isEqualTo("ok");
    }
  }

  /** Pops a stack to the bottom (rolled back afterwards): its entries, top first. */
  private static List<String> popAll(
      LocalStore store, java.util.function.Function<StoreTxn, OpStack> stack) {
    List<String> popped = new ArrayList<>();
    try (StoreTxn txn = store.write()) {
      for (Optional<String> top = stack.apply(txn).pop();
          top.isPresent();
          top = stack.apply(txn).pop()) {
        popped.add(top.get());
      }
    }
    return popped;
  }

  private static String scalar(Statement statement, String sql) throws SQLException {
    try (ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getString(1);
    }
  }

  /** Each row as its columns joined by '|' (nulls as "null"). */
  private static List<String> column(Statement statement, String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (ResultSet rows = statement.executeQuery(sql)) {
      int columns = rows.getMetaData().getColumnCount();
      while (rows.next()) {
        List<String> row = new ArrayList<>();
        for (int index = 1; index <= columns; index++) {
          row.add(String.valueOf(rows.getString(index)));
        }
        values.add(String.join("|", row));
      }
    }
    return values;
  }
}
