package dev.tern.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.model.InvalidInputException;
import dev.tern.model.Issue;
import dev.tern.op.IssueData;
import dev.tern.protocol.IssueState;
import dev.tern.replica.Replica;
import dev.tern.store.SyncedTables;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A snapshot's issues go from their wire form straight to column values; what lands in the store is
 * what {@link IssueState#toData} reads, however a server spelled the fields.
 */
class WireRecordsTest {
  static final String FIRST = "00000000-0000-4000-8000-000000000001";

  static final List<IssueState> STATES =
      List.of(
          new IssueState(
              FIRST, "ENG", 1, "Plain", "text", "todo", "2", null, "bench", null, null, "alice", 10,
              20, "false"),
          new IssueState(
              "00000000-0000-4000-8000-000000000002",
              "ENG",
              2,
              "Spelled otherwise",
              null,
              "In Progress",
              "High",
              "bob",
              "ui,bug,ui",
              "5",
              FIRST,
              "bob",
              11,
              30,
              "true"),
          new IssueState(
              "00000000-0000-4000-8000-000000000003",
              "ENG",
              3,
              "Defaults",
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              "carol",
              12,
              40,
              null),
          new IssueState(
              "00000000-0000-4000-8000-000000000004",
              "ENG",
              4,
              "Odd labels",
              "",
              "done",
              "0",
              null,
              ",b,,a,",
              "-3",
              null,
              "carol",
              13,
              50,
              "yes"));

  @TempDir Path dir;

  @Test
  void aSnapshotIssueIsStoredAsItsTypedFormReadsItWhateverTheSpelling() {
    try (Replica replica = Replica.open(dir.resolve("r.db"), () -> 1_000L, "me")) {
      SyncedTables.IssueRows rows = new SyncedTables.IssueRows(STATES.size());
      WireRecords.addIssues(STATES, rows);
      assertThat(rows.latestUpdate()).isEqualTo(50);
      replica.sync().beginBootstrap();
      replica.sync().applySnapshotPage(rows, List.of());
      replica.sync().finishBootstrap(9, Map.of("ENG", "Engineering"));

      for (IssueState state : STATES) {
        assertThat(typed(replica.show(state.id()))).isEqualTo(state.toData());
      }
    }
  }

  @Test
  void aFieldThatDoesNotParseIsRefusedAsTheTypedFormRefusesIt() {
    IssueState sideways =
        new IssueState(
            FIRST, "ENG", 1, "t", null, "sideways", null, null, null, null, null, "a", 1, 1, null);
    IssueState lots =
        new IssueState(
            FIRST, "ENG", 1, "t", null, null, "9", null, null, "lots", null, "a", 1, 1, null);
    for (IssueState state : List.of(sideways, lots)) {
      SyncedTables.IssueRows rows = new SyncedTables.IssueRows(1);
      assertThatThrownBy(state::toData).isInstanceOf(InvalidInputException.class);
      assertThatThrownBy(() -> WireRecords.addIssues(List.of(state), rows))
          .isInstanceOf(InvalidInputException.class);
    }
  }

  private static IssueData typed(Issue issue) {
    return new IssueData(
        issue.id(),
        issue.team(),
        issue.number(),
        issue.title(),
        issue.description(),
        issue.state(),
        issue.priority(),
        issue.assignee(),
        issue.labels(),
        issue.estimate(),
        issue.parent(),
        issue.creator(),
        issue.createdAt(),
        issue.updatedAt(),
        issue.archived());
  }
}
