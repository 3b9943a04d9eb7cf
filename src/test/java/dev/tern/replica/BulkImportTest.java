package dev.tern.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.model.InvalidInputException;
import dev.tern.model.Issue;
import dev.tern.model.State;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The batched import (Exchange): over several chunks it skips what the store or the file already
 * holds without a gap in the sequence, keeps the file's number, creator and times, and leaves the
 * full-text index and its triggers as row-by-row inserts would.
 */
class BulkImportTest {
  @TempDir Path dir;
  private final AtomicLong wall = new AtomicLong(1_700_000_000_000L);

  private static String line(String id, int index, String comment) {
    String comments =
        comment == null
            ? "[]"
            : "[{\"id\":\""
                + UUID.nameUUIDFromBytes(("c" + index).getBytes())
                + "\",\"author\":\"carol\",\"body\":\""
                + comment
                + "\",\"createdAt\":\"2024-01-02T00:00:00Z\"}]";
    return "{\"id\":\""
        + id
        + "\",\"team\":\"LOCAL\",\"number\":"
        + (index == 7 ? "42" : "null")
        + ",\"title\":\"Imported widget"
        + index
        + "\",\"description\":\"d\",\"state\":\"todo\",\"priority\":2,\"assignee\":null,"
        + "\"labels\":[\"bug\"],\"estimate\":null,\"parent\":null,\"creator\":\"dora\","
        + "\"createdAt\":\"2024-01-01T00:00:00Z\",\"updatedAt\":\"2024-01-03T00:00:00Z\","
        + "\"archived\":false,\"comments\":"
        + comments
        + "}";
  }

  private static String id(int index) {
    return UUID.nameUUIDFromBytes(("issue " + index).getBytes()).toString();
  }

  private static List<String> triggers(Path file) throws Exception {
    List<String> sql = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT sql FROM sqlite_schema WHERE type = 'trigger' ORDER BY name")) {
      while (rows.next()) {
        sql.add(rows.getString(1));
      }
    }
    return sql;
  }

  @Test
  void importsInChunksSkippingKnownIdsWithoutSequenceGapsAndIndexesEverything() throws Exception {
    Path file = dir.resolve("import.db");
    List<String> freshTriggers;
    Issue existing;
    try (Replica replica = Replica.open(file, () -> wall.addAndGet(1000), "alice")) {
      existing = replica.create(NewIssue.titled("already here"));
      freshTriggers = triggers(file);
      StringBuilder jsonl = new StringBuilder();
      for (int index = 0; index < 2300; index++) {
        jsonl.append(line(id(index), index, index % 500 == 3 ? "zebracomment" + index : null));
        jsonl.append('\n');
        if (index == 1500) {
          // Twice in the file, and one the store holds: both skipped.
          jsonl.append(line(id(1200), 1200, null)).append('\n');
          jsonl.append(line(existing.id(), 0, null).replace("Imported", "Other")).append('\n');
        }
      }
      Exchange.Imported imported =
          replica.importIssues(
              new java.io.ByteArrayInputStream(
                  (jsonl.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8))));
      assertThat(imported).isEqualTo(new Exchange.Imported(2300, 5, 2));

      Issue seven = replica.show(id(7));
      assertThat(seven.number()).isEqualTo(42L);
      assertThat(seven.creator()).isEqualTo("dora");
      assertThat(seven.updatedAt())
          .isEqualTo(java.time.Instant.parse("2024-01-03T00:00:00Z").toEpochMilli());
      assertThat(replica.show(existing.id()).title()).isEqualTo("already here");
      assertThat(replica.show(id(1503)).comments())
          .singleElement()
          .satisfies(comment -> assertThat(comment.writtenBy()).isEqualTo("carol"));

      assertThat(search(replica, "widget2299")).containsExactly(id(2299));
      assertThat(search(replica, "zebracomment1503")).containsExactly(id(1503));
      assertThat(triggers(file)).isEqualTo(freshTriggers);
      // After the import, row-by-row indexing is back.
      Issue later = replica.create(NewIssue.titled("quokka after import"));
      assertThat(search(replica, "quokka")).containsExactly(later.id());
    }
    StoreInvariants.check(file);
  }

  @Test
  void aBadLineInALaterChunkImportsNothingAndKeepsTheTriggers() throws Exception {
    Path file = dir.resolve("bad.db");
    try (Replica replica = Replica.open(file, () -> wall.addAndGet(1000), "alice")) {
      List<String> freshTriggers = triggers(file);
      StringBuilder jsonl = new StringBuilder();
      for (int index = 0; index < 1200; index++) {
        jsonl.append(line(id(index), index, null)).append('\n');
      }
      jsonl.append(line(id(5000), 5000, null).replace("\"state\":\"todo\"", "\"state\":\"nope\""));
      assertThatThrownBy(
              () ->
                  replica.importIssues(
                      new java.io.ByteArrayInputStream(
                          (jsonl.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)))))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageStartingWith("line 1201:");
      assertThat(replica.status().issues()).isZero();
      assertThat(triggers(file)).isEqualTo(freshTriggers);
    }
    StoreInvariants.check(file);
  }

  private static List<String> search(Replica replica, String text) {
    return replica
        .list(
            new IssueQuery(
                Arrays.asList(State.values()),
                null,
                null,
                null,
                null,
                text,
                IssueQuery.Sort.UPDATED,
                0,
                true))
        .stream()
        .map(Issue::id)
        .toList();
  }

  @Test
  void namesTheLineOfABadIssueAndKeepsOneIssueALine() throws Exception {
    try (Replica replica = Replica.open(dir.resolve("lines.db"), wall::incrementAndGet, "alice")) {
      String good = line(id(1), 1, null);
      // Blank lines count: the issue on line 4 is named so.
      assertThat(importError(replica, good + "\n\n  \n" + good.replace("\"todo\"", "\"nope\"")))
          .startsWith("line 4: unknown state 'nope'");
      assertThat(importError(replica, good + "\n" + good.substring(0, 40) + "\n" + good))
          .startsWith("line 2: not valid JSON");
      assertThat(importError(replica, good + "\n{oops}\n")).startsWith("line 2: not valid JSON");
      assertThat(importError(replica, good + " " + line(id(2), 2, null)))
          .isEqualTo("line 1: more than one issue on the line");
      assertThat(importError(replica, good.replace(",\"team\"", ",\n\"team\"")))
          .isEqualTo("line 1: an issue must be on one line");
      // Nothing of a failed import stays.
      assertThat(
              replica.importIssues(
                  new java.io.ByteArrayInputStream(
                      ("\n" + good + "\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8))))
          .isEqualTo(new Exchange.Imported(1, 0, 0));
    }
  }

  private static String importError(Replica replica, String jsonl) {
    try {
      replica.importIssues(
          new java.io.ByteArrayInputStream(
              (jsonl).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (InvalidInputException e) {
      return e.getMessage();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    throw new AssertionError("imported: " + jsonl);
  }
}
