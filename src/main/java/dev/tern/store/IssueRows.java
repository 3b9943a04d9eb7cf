package dev.tern.store;

import static dev.tern.store.Columns.ISSUE_COLUMNS;
import static dev.tern.store.Columns.ISSUE_VALUES;

import dev.tern.model.Comment;
import dev.tern.model.Issue;
import dev.tern.model.Priority;
import dev.tern.model.State;
import dev.tern.op.IssueData;
import dev.tern.op.Kind;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Issue rows of either family of tables ({@link IssueTable}), and the queries commands run on the
 * view.
 */
public final class IssueRows {
  private final Statements sql;
  private final CommentRows comments;

  IssueRows(Statements sql, CommentRows comments) {
    this.sql = sql;
    this.comments = comments;
  }

  /**
   * Which issues of the view to read, in what order, at most how many (0: all). Null means "no
   * filter"; {@code states} lists the states wanted, at least one. {@code search} is matched as
   * words (each a prefix) against titles, descriptions and comments.
   */
  public record Query(
      List<State> states,
      String assignee,
      boolean unassigned,
      List<String> labels,
      List<String> withoutLabels,
      List<Priority> priorities,
      String team,
      String search,
      Order order,
      boolean reversed,
      int limit,
      boolean includeArchived) {
    public Query {
      if (states.isEmpty()) {
        throw new IllegalArgumentException("a query wants at least one state");
      }
    }
  }

  /** Orders of {@link Query}, each in its natural direction. */
  public enum Order {
    UPDATED("updated_at DESC"),
    CREATED("created_at DESC"),
    PRIORITY("CASE priority WHEN 0 THEN 5 ELSE priority END, updated_at DESC"),
    STATE(
        "CASE state WHEN 'backlog' THEN 0 WHEN 'todo' THEN 1 WHEN 'in_progress' THEN 2"
            + " WHEN 'done' THEN 3 ELSE 4 END, updated_at DESC"),
    TITLE("title COLLATE NOCASE, updated_at DESC"),
    KEY("team, number IS NULL, number, id");

    final String orderBy;

    Order(String orderBy) {
      this.orderBy = orderBy;
    }

    /** The same terms, each in the other direction. */
    String reversed() {
      List<String> terms = new ArrayList<>();
      for (String term : orderBy.split(", ")) {
        terms.add(term.endsWith(" DESC") ? term.substring(0, term.length() - 5) : term + " DESC");
      }
      return String.join(", ", terms);
    }
  }

  /** Handles one issue; may throw SQLException. */
  @FunctionalInterface
  public interface IssueConsumer {
    void accept(Issue issue) throws SQLException;
  }

  /** An issue row in the text form operations use. */
  public Optional<IssueRecord> record(IssueTable table, String id) {
    return sql.queryOne(
        "SELECT " + ISSUE_COLUMNS + " FROM " + table.issues + " WHERE id = ?",
        Columns::toRecord,
        id);
  }

  /** An issue of the view with its visible comments. */
  public Optional<Issue> get(String id) {
    return sql.queryOne(
        "SELECT " + ISSUE_COLUMNS + " FROM issues WHERE id = ?",
        rows -> Columns.toIssue(rows, comments.visibleOn(rows.getString(1))),
        id);
  }

  /**
   * The view's issue as {@code record} holds it (one just written, say), with its visible comments
   * read from the store: the row itself is not read again.
   */
  public Issue withComments(IssueRecord record) {
    List<Comment> visible = comments.visibleOn(record.id());
    return Columns.toIssue(record, visible);
  }

  public void insert(IssueTable table, IssueRecord record) {
    sql.update(
        "INSERT INTO " + table.issues + " (" + ISSUE_COLUMNS + ") VALUES " + ISSUE_VALUES,
        Columns.issueArguments(record));
  }

  /**
   * Inserts many issues as one batch, skipping any whose id is already there (the existence check
   * is the insert's own); returns which were inserted. Their column values come straight from the
   * typed issues, without the text form in between (an import's rows).
   */
  public boolean[] insertNew(IssueTable table, List<IssueData> issues) {
    List<Object[]> rows = new ArrayList<>(issues.size());
    issues.forEach(issue -> rows.add(Columns.issueArguments(issue)));
    int[] counts =
        sql.batch(
            "INSERT INTO "
                + table.issues
                + " ("
                + ISSUE_COLUMNS
                + ") VALUES "
                + ISSUE_VALUES
                + " ON CONFLICT (id) DO NOTHING",
            rows);
    boolean[] inserted = new boolean[counts.length];
    for (int index = 0; index < counts.length; index++) {
      inserted[index] = counts[index] > 0;
    }
    return inserted;
  }

  /** Sets the given fields (text form) of an issue and its update time. */
  public void update(IssueTable table, String id, Map<String, String> values, long updatedAt) {
    StringBuilder statement = new StringBuilder("UPDATE ").append(table.issues).append(" SET ");
    List<Object> arguments = new ArrayList<>();
    for (Map.Entry<String, String> entry : values.entrySet()) {
      statement.append(entry.getKey()).append(" = ?, ");
      arguments.add(Columns.column(entry.getKey(), entry.getValue()));
    }
    statement.append("updated_at = max(updated_at, ?) WHERE id = ?");
    arguments.add(updatedAt);
    arguments.add(id);
    sql.update(statement.toString(), arguments.toArray());
  }

  /** Moves the view's issues of team {@code fromTeam} that have no number yet to {@code toTeam}. */
  public void setTeamOfUnnumbered(String fromTeam, String toTeam) {
    sql.update("UPDATE issues SET team = ? WHERE team = ? AND number IS NULL", toTeam, fromTeam);
  }

  /**
   * Sets the creator of the view's issues that have no number yet and whose create operation has
   * {@code status} in the log.
   */
  public void setCreatorOfUnnumbered(String creator, String status) {
    sql.update(
        "UPDATE issues SET creator = ? WHERE number IS NULL AND id IN (SELECT entity FROM ops"
            + " WHERE "
            + OpLog.statusIn("status", List.of(status))
            + " AND kind = '"
            + Kind.CREATE_ISSUE.wireName()
            + "')",
        creator);
  }

  /** Issues whose id starts with {@code prefix}, at most {@code limit}. */
  public List<Issue> byIdPrefix(String prefix, int limit) {
    List<Issue> found = new ArrayList<>();
    sql.query(
        "SELECT " + ISSUE_COLUMNS + " FROM issues WHERE id >= ? AND id < ? ORDER BY id LIMIT ?",
        rows -> found.add(Columns.toIssue(rows, List.of())),
        prefix,
        prefix + "\uffff",
        limit);
    return found;
  }

  public Optional<String> idByNumber(String team, long number) {
    return sql.queryOne(
        "SELECT id FROM issues WHERE team = ? AND number = ?",
        rows -> rows.getString(1),
        team,
        number);
  }

  /** The view's issues matching {@code query}, without their comments. */
  public List<Issue> find(Query query) {
    List<Object> arguments = new ArrayList<>();
    StringBuilder statement =
        new StringBuilder("SELECT ").append(ISSUE_COLUMNS).append(" FROM issues");
    statement.append(where(query, arguments));
    statement
        .append(" ORDER BY ")
        .append(query.reversed() ? query.order().reversed() : query.order().orderBy);
    if (query.limit() > 0) {
      statement.append(" LIMIT ?");
      arguments.add(query.limit());
    }
    List<Issue> found = new ArrayList<>();
    sql.query(
        statement.toString(),
        rows -> found.add(Columns.toIssue(rows, List.of())),
        arguments.toArray());
    return found;
  }

  /**
   * How many issues match {@code query}, ignoring its limit, counted only up to {@code atMost}: a
   * count stops there, so its cost does not grow with the store beyond that (a list's order can
   * often be read off an index, but an exact count needs every match).
   */
  public int count(Query query, int atMost) {
    List<Object> arguments = new ArrayList<>();
    String statement =
        "SELECT count(*) FROM (SELECT 1 FROM issues" + where(query, arguments) + " LIMIT ?)";
    arguments.add(atMost);
    return sql.queryOne(statement, rows -> rows.getInt(1), arguments.toArray()).orElse(0);
  }

  private static String where(Query query, List<Object> arguments) {
    StringBuilder clause = new StringBuilder(" WHERE 1 = 1");
    if (!query.includeArchived()) {
      clause.append(" AND archived = 0");
    }
    List<State> states = query.states();
    if (states.size() < State.values().length) {
      clause.append(" AND state IN (").append("?, ".repeat(states.size() - 1)).append("?)");
      states.forEach(state -> arguments.add(state.wireName()));
    }
    if (query.unassigned()) {
      clause.append(" AND (assignee IS NULL OR assignee = '')");
    } else if (query.assignee() != null) {
      clause.append(" AND assignee = ?");
      arguments.add(query.assignee());
    }
    for (String label : query.labels()) {
      clause.append(" AND instr(',' || coalesce(labels, '') || ',', ',' || ? || ',') > 0");
      arguments.add(label);
    }
    for (String label : query.withoutLabels()) {
      clause.append(" AND instr(',' || coalesce(labels, '') || ',', ',' || ? || ',') = 0");
      arguments.add(label);
    }
    List<Priority> priorities = query.priorities();
    if (!priorities.isEmpty()) {
      clause.append(" AND priority IN (").append("?, ".repeat(priorities.size() - 1)).append("?)");
      priorities.forEach(priority -> arguments.add(priority.level()));
    }
    if (query.team() != null) {
      clause.append(" AND team = ?");
      arguments.add(query.team());
    }
    if (query.search() != null) {
      for (String term : FullText.terms(query.search())) {
        clause.append(
            " AND (rowid IN (SELECT rowid FROM issues_fts WHERE issues_fts MATCH ?)"
                + " OR id IN (SELECT c.issue_id FROM comments_fts f JOIN comments c"
                + " ON c.rowid = f.rowid WHERE comments_fts MATCH ? AND c.deleted = 0))");
        arguments.add(term);
        arguments.add(term);
      }
    }
    return clause.toString();
  }

  /** Every issue, comments included, in a stable order (creation time, then id): for export. */
  public void forEach(IssueConsumer consumer) {
    sql.query(
        "SELECT " + ISSUE_COLUMNS + " FROM issues ORDER BY created_at, id",
        rows -> consumer.accept(Columns.toIssue(rows, comments.visibleOn(rows.getString(1)))));
  }

  /** Non-archived issues of the view per state. */
  public Map<String, Integer> countByState() {
    Map<String, Integer> counts = new TreeMap<>();
    sql.query(
        "SELECT state, count(*) FROM issues WHERE archived = 0 GROUP BY state",
        rows -> counts.put(rows.getString(1), rows.getInt(2)));
    return counts;
  }

  /** Non-archived issues of the view per label, labels in order. */
  public Map<String, Integer> countByLabel() {
    Map<String, Integer> counts = new TreeMap<>();
    sql.query(
        "SELECT labels FROM issues WHERE archived = 0 AND labels IS NOT NULL AND labels != ''",
        rows -> {
          for (String label : rows.getString(1).split(",")) {
            if (!label.isEmpty()) {
              counts.merge(label, 1, Integer::sum);
            }
          }
        });
    return counts;
  }

  /** Every issue of the view, archived ones included. */
  public int count() {
    return sql.queryOne("SELECT count(*) FROM issues", rows -> rows.getInt(1)).orElse(0);
  }
}
