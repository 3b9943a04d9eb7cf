package dev.tern.replica;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tern.model.Comment;
import dev.tern.model.InvalidInputException;
import dev.tern.model.Issue;
import dev.tern.model.Labels;
import dev.tern.op.Change;
import dev.tern.op.Fields;
import dev.tern.op.Kind;
import dev.tern.store.StoreTxn;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * {@code tern export} and {@code tern import}: one issue per line in the {@link IssueJson} form,
 * comments included. An import is one transaction (a bad line imports nothing, and names the line)
 * and writes ordinary create operations, so imported issues sync like any others. Issues whose id
 * is already in the store are skipped, which makes importing the same file twice harmless.
 */
public final class Exchange {
  private Exchange() {}

  /** What an import did. */
  public record Imported(int issues, int comments, int skipped) {}

  static void export(StoreTxn txn, Writer out) {
    try (JsonGenerator json = IssueJson.FACTORY.createGenerator(out)) {
      json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      // Jackson puts a space between root values; a JSONL line must start with its object.
      json.setRootValueSeparator(null);
      txn.issues()
          .forEach(
              issue -> {
                try {
                  IssueJson.write(json, issue, true);
                  json.flush();
                  out.write('\n');
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Imported importFrom(Replica replica, StoreTxn txn, BufferedReader in) throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    int issues = 0;
    int comments = 0;
    int skipped = 0;
    int lineNumber = 0;
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      lineNumber++;
      if (line.isBlank()) {
        continue;
      }
      String where = "line " + lineNumber;
      Issue issue;
      try {
        issue = IssueJson.read(mapper.readTree(line), where);
      } catch (JsonProcessingException e) {
        throw new InvalidInputException(
            where + ": not valid JSON (" + e.getOriginalMessage() + ")");
      } catch (InvalidInputException e) {
        throw e.getMessage().startsWith(where)
            ? e
            : new InvalidInputException(where + ": " + e.getMessage());
      }
      if (txn.issues().record(dev.tern.store.IssueTable.VIEW, issue.id()).isPresent()) {
        skipped++;
        continue;
      }
      writeIssue(replica, txn, issue, where);
      issues++;
      comments += issue.comments().size();
    }
    return new Imported(issues, comments, skipped);
  }

  private static void writeIssue(Replica replica, StoreTxn txn, Issue issue, String where) {
    SortedMap<String, Change> changes = new TreeMap<>();
    put(changes, Fields.TITLE, issue.title());
    put(changes, Fields.STATE, issue.state().wireName());
    put(changes, Fields.PRIORITY, Integer.toString(issue.priority().level()));
    put(changes, Fields.CREATED_AT, Long.toString(issue.createdAt()));
    if (!issue.description().isEmpty()) {
      put(changes, Fields.DESCRIPTION, issue.description());
    }
    put(changes, Fields.ASSIGNEE, issue.assignee());
    if (!issue.labels().isEmpty()) {
      put(changes, Fields.LABELS, Labels.format(issue.labels()));
    }
    put(changes, Fields.ESTIMATE, issue.estimate() == null ? null : issue.estimate().toString());
    put(changes, Fields.PARENT, issue.parent());
    if (issue.archived()) {
      put(changes, Fields.ARCHIVED, "true");
    }
    try {
      replica.record(
          txn, Kind.CREATE_ISSUE, issue.id(), issue.id(), issue.team(), changes, Replica.Undo.NONE);
    } catch (InvalidInputException e) {
      throw new InvalidInputException(where + ": " + e.getMessage());
    }
    // The create above is this replica's, but the file says what the issue's number, creator and
    // last update were: those are kept.
    txn.issues()
        .setNumberCreatorAndTime(issue.id(), issue.number(), issue.creator(), issue.updatedAt());
    for (Comment comment : issue.comments()) {
      SortedMap<String, Change> commentChanges = new TreeMap<>();
      put(commentChanges, Fields.ISSUE, issue.id());
      put(commentChanges, Fields.BODY, comment.body());
      put(commentChanges, Fields.AUTHOR, comment.author());
      put(commentChanges, Fields.CREATED_AT, Long.toString(comment.createdAt()));
      replica.record(
          txn,
          Kind.CREATE_COMMENT,
          comment.id(),
          issue.id(),
          issue.team(),
          commentChanges,
          Replica.Undo.NONE);
    }
  }

  private static void put(SortedMap<String, Change> changes, String field, String value) {
    if (value != null) {
      changes.put(field, new Change(value, null));
    }
  }
}
