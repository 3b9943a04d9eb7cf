package dev.tern.replica;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.tern.model.Comment;
import dev.tern.model.InvalidInputException;
import dev.tern.model.Issue;
import dev.tern.op.CommentData;
import dev.tern.op.CreateComment;
import dev.tern.op.CreateIssue;
import dev.tern.op.HlcClock;
import dev.tern.op.IssueData;
import dev.tern.op.IssueField;
import dev.tern.op.Op;
import dev.tern.op.OpHeader;
import dev.tern.store.ClockState;
import dev.tern.store.IssueTable;
import dev.tern.store.SearchIndex;
import dev.tern.store.StoreTxn;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
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

  /** Issues per batch of statements: big enough to amortise, small enough to hold in memory. */
  private static final int CHUNK = 1000;

  /**
   * Imports UTF-8 bytes, which the parser reads without decoding them into a char buffer first, in
   * one transaction with batched statements: the clock is read once and saved once, an issue
   * already in the store is skipped by its own INSERT (ON CONFLICT DO NOTHING), and the full-text
   * index is filled for all new rows at the end (docs/performance.md, "Import").
   */
  static Imported importFrom(Replica replica, StoreTxn txn, InputStream in) throws IOException {
    try (JsonParser json = IssueJson.FACTORY.createParser(in)) {
      return importFrom(replica, txn, json);
    }
  }

  private static Imported importFrom(Replica replica, StoreTxn txn, JsonParser json)
      throws IOException {
    Bulk bulk = new Bulk(replica, txn);
    // One parser over the whole input, whose root values are the issues: no String and no parser
    // per line (docs/performance.md, "Import"). Blank lines are whitespace between them; an issue
    // must still start on a line of its own and end on it.
    json.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
    long lastLine = 0;
    while (true) {
      long line = 0;
      String where = "";
      try {
        if (json.nextToken() == null) {
          break;
        }
        line = json.currentTokenLocation().getLineNr();
        where = "line " + line;
        if (line == lastLine) {
          throw new InvalidInputException(where + ": more than one issue on the line");
        }
        Issue issue = IssueJson.read(json, where);
        lastLine = json.currentLocation().getLineNr();
        if (lastLine != line) {
          throw new InvalidInputException(where + ": an issue must be on one line");
        }
        bulk.add(issue, where);
      } catch (JsonProcessingException e) {
        // Inside an issue, its own line; before one, wherever the parser stopped.
        if (line == 0) {
          line = e.getLocation() == null ? lastLine + 1 : e.getLocation().getLineNr();
        }
        throw new InvalidInputException(
            "line " + line + ": not valid JSON (" + e.getOriginalMessage() + ")");
      } catch (InvalidInputException e) {
        throw e.getMessage().startsWith(where)
            ? e
            : new InvalidInputException(where + ": " + e.getMessage());
      }
    }
    return bulk.finish();
  }

  /**
   * The import's writer. Each issue's create operation is made once, and validated, as its line is
   * read (stamped then, so stamps follow the file); once a chunk's issue rows are inserted, the
   * operations of the ones that were new, and of their comments, are written with the next sequence
   * numbers in file order. Skipped issues write nothing, so the sequence has no gaps.
   */
  private static final class Bulk {
    final Replica replica;
    final StoreTxn txn;
    final ClockState start;
    final HlcClock hlc;
    final SearchIndex.Paused paused;
    final ImportIds opIds;
    long nextSeq;
    final List<Issue> issues = new ArrayList<>();

    /** Each issue's create, its header's sequence number a placeholder until it is written. */
    final List<CreateIssue> creates = new ArrayList<>();

    final List<IssueData> rows = new ArrayList<>();
    final List<String> wheres = new ArrayList<>();
    int imported;
    int comments;
    int skipped;

    Bulk(Replica replica, StoreTxn txn) {
      this.replica = replica;
      this.txn = txn;
      start = txn.clock().read();
      hlc =
          new HlcClock(
              replica.clientId(), replica.wallClock(), start.hlcMillis(), start.hlcCounter());
      nextSeq = start.nextSeq();
      paused = txn.searchIndex().pauseInserts();
      opIds = new ImportIds(replica.wallClock().getAsLong(), new SecureRandom());
    }

    void add(Issue issue, String where) {
      CreateIssue create =
          new CreateIssue(header(issue.id(), issue.team()), values(issue), issue.createdAt());
      try {
        create.validate();
      } catch (InvalidInputException e) {
        throw new InvalidInputException(where + ": " + e.getMessage());
      }
      // The file says what the issue's number, creator and last update were: those are kept.
      IssueData made = create.apply();
      issues.add(issue);
      creates.add(create);
      rows.add(
          new IssueData(
              made.id(),
              made.team(),
              issue.number(),
              made.title(),
              made.description(),
              made.state(),
              made.priority(),
              made.assignee(),
              made.labels(),
              made.estimate(),
              made.parent(),
              issue.creator(),
              made.createdAt(),
              issue.updatedAt(),
              made.archived()));
      wheres.add(where);
      if (issues.size() == CHUNK) {
        flush();
      }
    }

    /** A header whose sequence number is a placeholder: {@link #flush} numbers the rows. */
    private OpHeader header(String entity, String team) {
      return new OpHeader(
          opIds.next(), replica.clientId(), 0, hlc.tick(), replica.actor(), entity, team);
    }

    private void flush() {
      boolean[] inserted = txn.issues().insertNew(IssueTable.VIEW, rows);
      List<Op> ops = new ArrayList<>(inserted.length);
      List<String> opIssues = new ArrayList<>(inserted.length);
      List<Comment> commentRows = new ArrayList<>();
      for (int index = 0; index < inserted.length; index++) {
        Issue issue = issues.get(index);
        if (!inserted[index]) {
          skipped++;
          continue;
        }
        ops.add(creates.get(index));
        opIssues.add(issue.id());
        for (Comment comment : issue.comments()) {
          // The importer posts the comment; the file's author is kept as who wrote it.
          CreateComment post =
              new CreateComment(
                  header(comment.id(), issue.team()),
                  issue.id(),
                  comment.body(),
                  comment.createdAt(),
                  comment.author());
          try {
            post.validate();
          } catch (InvalidInputException e) {
            throw new InvalidInputException(wheres.get(index) + ": " + e.getMessage());
          }
          ops.add(post);
          opIssues.add(issue.id());
          CommentData data = post.apply();
          commentRows.add(
              new Comment(
                  data.id(),
                  data.issue(),
                  data.author(),
                  data.writtenBy(),
                  data.body(),
                  data.createdAt()));
        }
        imported++;
        comments += issue.comments().size();
      }
      // In file order, each issue's comments after it: the numbers follow the list.
      txn.opLog().appendNumbered(ops, opIssues, nextSeq, OpStatus.PENDING.text());
      nextSeq += ops.size();
      txn.comments().insertNew(IssueTable.VIEW, commentRows);
      issues.clear();
      creates.clear();
      rows.clear();
      wheres.clear();
    }

    Imported finish() {
      flush();
      txn.searchIndex().catchUp(paused);
      txn.clock()
          .save(
              new ClockState(
                  nextSeq, hlc.lastMillis(), hlc.lastCounter(), start.undoTop(), start.redoTop()));
      return new Imported(imported, comments, skipped);
    }
  }

  private static Map<IssueField, Object> values(Issue issue) {
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
    return values;
  }

  private static void putIfSet(Map<IssueField, Object> values, IssueField field, Object value) {
    if (value != null) {
      values.put(field, value);
    }
  }
}
