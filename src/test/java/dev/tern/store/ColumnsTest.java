package dev.tern.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.model.Priority;
import dev.tern.model.State;
import dev.tern.op.IssueData;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** An issue's column values are the same whether they come from its typed form or its text form. */
class ColumnsTest {
  @Test
  void aTypedIssueGivesTheColumnsOfItsRecord() {
    IssueData every =
        new IssueData(
            "0b7c9f3e-1111-4222-8333-944455556666",
            "ENG",
            42L,
            "title \"quoted\"",
            "line one\nline two",
            State.IN_PROGRESS,
            Priority.ofLevel(2),
            "bob",
            new TreeSet<>(List.of("ui", "bug")),
            8L,
            "0b7c9f3e-2222-4222-8333-944455556666",
            "carol",
            1_600_000_000_000L,
            1_700_000_000_000L,
            true);
    IssueData bare =
        new IssueData(
            "0b7c9f3e-3333-4222-8333-944455556666",
            "LOCAL",
            null,
            "t",
            "",
            State.TODO,
            Priority.NONE,
            null,
            new TreeSet<>(),
            null,
            null,
            "alice",
            0L,
            0L,
            false);
    for (IssueData issue : List.of(every, bare)) {
      assertThat(Columns.issueArguments(issue))
          .containsExactly(Columns.issueArguments(IssueRecord.of(issue)));
    }
  }
}
