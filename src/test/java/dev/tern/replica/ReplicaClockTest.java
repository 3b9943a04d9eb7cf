package dev.tern.replica;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.op.Hlc;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The clock is part of the store: a later process never stamps before an earlier one. */
class ReplicaClockTest {
  @TempDir Path dir;

  @Test
  void stampsKeepRisingAcrossProcessesWhenTheWallClockStepsBack() {
    Path file = dir.resolve("clock.db");
    try (Replica replica = Replica.open(file, () -> 5_000_000L, "alice")) {
      replica.create(NewIssue.titled("one"));
      replica.create(NewIssue.titled("two"));
    }
    try (Replica replica = Replica.open(file, () -> 1_000L, "alice")) { // clock reset to 1970
      replica.create(NewIssue.titled("three"));
    }
    try (Replica replica = Replica.open(file, () -> 9_000_000L, "alice")) {
      replica.create(NewIssue.titled("four"));
      List<LogEntry> log = replica.log(false, 0); // newest first
      List<Hlc> stamps =
          new java.util.ArrayList<>(log.stream().map(logged -> logged.op().stamp()).toList());
      java.util.Collections.reverse(stamps);
      assertThat(stamps).isSorted().doesNotHaveDuplicates();
      assertThat(stamps.get(0)).isEqualTo(new Hlc(5_000_000L, 0, replica.clientId()));
      assertThat(stamps.get(1)).isEqualTo(new Hlc(5_000_000L, 1, replica.clientId()));
      assertThat(stamps.get(2)).isEqualTo(new Hlc(5_000_000L, 2, replica.clientId()));
      assertThat(stamps.get(3)).isEqualTo(new Hlc(9_000_000L, 0, replica.clientId()));
    }
  }
}
