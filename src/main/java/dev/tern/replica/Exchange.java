package dev.tern.replica;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tern.model.Comment;
import dev.tern.model.InvalidInputException;
import dev.tern.model.Issue;
import dev.tern.op.CreateComment;
import dev.tern.op.CreateIssue;
import dev.tern.op.IssueField;
import dev.tern.store.StoreTxn;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.EnumMap;
import java.util.Map;

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
    Map<IssueField, Object> values = new EnumMap<>(IssueField.class);
    values.put(IssueField.TITLE, issue.title());
    values.put(IssueField.STATE, issue.state());
    values.put(IssueField.PRIORITY, issue.priority());
    if (!issue.description().isEmpty()) {
      values.put(IssueField.DESCRIPTION, issue.description());
    }
    putIfSet(values, IssueField.ASSIGNEE, issue.assignee());
    if (!issue.labels().isEmpty()) {
      values.put(IssueField.LABELS, IssueField.labels(issue.labels()));
    }
    putIfSet(values, IssueField.ESTIMATE, issue.estimate());
    putIfSet(values, IssueField.PARENT, issue.parent());
    if (issue.archived()) {
      values.put(IssueField.ARCHIVED, true);
    }
    try {
      replica.record(
          txn,
          issue.id(),
          issue.id(),
          issue.team(),
          header -> new CreateIssue(header, values, issue.createdAt()),
          Replica.Undo.NONE);
    } catch (InvalidInputException e) {
      throw new InvalidInputException(where + ": " + e.getMessage());
    }
    // The create above is this replica's, but the file says what the issue's number, creator and
    // last update were: those are kept.
    txn.issues()
        .setNumberCreatorAndTime(issue.id(), issue.number(), issue.creator(), issue.updatedAt());
    for (Comment comment : issue.comments()) {
      // The importer posts the comment; the file's author is kept as who wrote it.
      replica.record(
          txn,
          comment.id(),
          issue.id(),
          issue.team(),
          header ->
              new CreateComment(
                  header, issue.id(), comment.body(), comment.createdAt(), comment.author()),
          Replica.Undo.NONE);
    }
  }

  private static void putIfSet(Map<IssueField, Object> values, IssueField field, Object value) {
    if (value != null) {
      values.put(field, value);
    }
  }
}
