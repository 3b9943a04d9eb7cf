package dev.tern.server.store;

import dev.tern.op.Kind;
import dev.tern.op.Op;
import dev.tern.op.Outcome;
import dev.tern.protocol.CommentState;
import dev.tern.protocol.ConflictRecord;
import dev.tern.protocol.ErrorCode;
import dev.tern.protocol.IssueState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A push batch on the writer connection. Entity states, counters and client sequences are kept in
 * memory while the batch runs and written once at {@link #commit()}, together with the batched log
 * inserts: one round of statements per batch instead of several per operation.
 */
final class JdbcPushTransaction implements PushTransaction {
  private final Connection connection;
  private final Runnable onClose;
  private final long firstSyncId;
  private long lastSyncId;
  private boolean finished;

  private final Map<String, StoredIssue> issues = new HashMap<>();
  private final Map<String, StoredIssue> dirtyIssues = new LinkedHashMap<>();
  private final Map<String, StoredComment> comments = new HashMap<>();
  private final Map<String, StoredComment> dirtyComments = new LinkedHashMap<>();
  private final Map<String, Long> lastNumbers = new HashMap<>();

  /** Newest log entry of each issue and comment read or written (null: unknown). */
  private final Map<String, Long> issueEntries = new HashMap<>();

  private final Map<String, Long> commentEntries = new HashMap<>();

  /** JSON of entity states already encoded by {@link #append}, to write them once more as is. */
  private final Map<Object, String> encoded = new java.util.IdentityHashMap<>();

  private final Map<String, Long> lastSeqs = new HashMap<>();
  private final Map<String, Long> dirtySeqs = new HashMap<>();
  private final Map<String, String> clientUsers = new HashMap<>();
  private final Map<String, PriorResult> seenByOpId = new HashMap<>();
  private final Map<String, PriorResult> seenBySeq = new HashMap<>();

  /** Op ids and issue ids that {@link #preload} found absent from the store. */
  private final java.util.Set<String> absentOpIds = new java.util.HashSet<>();

  private final java.util.Set<String> absentIssues = new java.util.HashSet<>();

  private final PreparedStatement insertOp;
  private final PreparedStatement insertRejection;
  private final PreparedStatement insertConflict;
  private int pendingOps;
  private int pendingRejections;
  private int pendingConflicts;

  /** Begins on a connection already out of auto-commit; {@code onClose} runs when it ends. */
  JdbcPushTransaction(Connection connection, Dialect dialect, Runnable onClose)
      throws SQLException {
    this.connection = connection;
    this.onClose = onClose;
    try (PreparedStatement statement = connection.prepareStatement(dialect.lockCounter());
        ResultSet rows = statement.executeQuery()) {
      rows.next();
      lastSyncId = rows.getLong(1);
    }
    firstSyncId = lastSyncId + 1;
    insertOp =
        connection.prepareStatement(
            "INSERT INTO ops (sync_id, op_id, client_id, seq, team, outcome, op_text, number,"
                + " entity_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insertRejection = connection.prepareStatement("INSERT INTO rejections VALUES (?, ?, ?, ?, ?)");
    insertConflict = connection.prepareStatement("INSERT INTO conflicts VALUES (?, ?, ?, ?)");
  }

  @Override
  public Optional<PriorResult> findBySeq(String clientId, long seq) {
    PriorResult seen = seenBySeq.get(seqKey(clientId, seq));
    if (seen != null) {
      return Optional.of(seen);
    }
    if (seq > committedLastSeq(clientId)) {
      return Optional.empty();
    }
    try {
      try (PreparedStatement statement =
          connection.prepareStatement(
              "SELECT op_id, sync_id, outcome FROM ops WHERE client_id = ? AND seq = ?")) {
        statement.setString(1, clientId);
        statement.setLong(2, seq);
        try (ResultSet rows = statement.executeQuery()) {
          if (rows.next()) {
            return Optional.of(
                new PriorResult(
                    rows.getString(1),
                    clientId,
                    seq,
                    rows.getLong(2),
                    Outcome.ofWireName(rows.getString(3)),
                    null,
                    null));
          }
        }
      }
      try (PreparedStatement statement =
          connection.prepareStatement(
              "SELECT op_id, code, message FROM rejections WHERE client_id = ? AND seq = ?")) {
        statement.setString(1, clientId);
        statement.setLong(2, seq);
        try (ResultSet rows = statement.executeQuery()) {
          if (rows.next()) {
            return Optional.of(
                new PriorResult(
                    rows.getString(1),
                    clientId,
                    seq,
                    null,
                    Outcome.REJECTED,
                    ErrorCode.ofWireName(rows.getString(2)),
                    rows.getString(3)));
          }
        }
      }
    } catch (SQLException e) {
      throw new ServerStoreException("cannot look up client sequence", e);
    }
    if (seq <= compactedSeq(clientId)) {
      // No longer in the log, but compaction covered it: it was accepted once, and its sync id
      // went with the log entry.
      return Optional.of(new PriorResult(null, clientId, seq, null, Outcome.APPLIED, null, null));
    }
    return Optional.empty();
  }

  @Override
  public void preload(java.util.Collection<String> opIds, java.util.Collection<String> issueIds) {
    // One query per kind for the whole batch instead of one per operation.
    try {
      java.util.Set<String> pendingOps = new java.util.HashSet<>(opIds);
      for (List<String> chunk : chunks(List.copyOf(pendingOps))) {
        try (PreparedStatement statement =
            connection.prepareStatement(
                "SELECT op_id FROM ops WHERE op_id IN (" + placeholders(chunk.size()) + ")")) {
          bind(statement, chunk);
          try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
              pendingOps.remove(rows.getString(1));
            }
          }
        }
      }
      absentOpIds.addAll(pendingOps);
      java.util.Set<String> wanted = new java.util.HashSet<>(issueIds);
      wanted.removeAll(issues.keySet());
      java.util.Set<String> missing = new java.util.HashSet<>(wanted);
      for (List<String> chunk : chunks(List.copyOf(wanted))) {
        try (PreparedStatement statement =
            connection.prepareStatement(
                "SELECT id, state_json, writers_json, last_sync_id FROM issues WHERE id IN ("
                    + placeholders(chunk.size())
                    + ")")) {
          bind(statement, chunk);
          try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
              missing.remove(rows.getString(1));
              issueEntries.put(rows.getString(1), lastSyncId(rows, 4));
              issues.put(
                  rows.getString(1),
                  new StoredIssue(
                      StoredJson.readIssue(rows.getString(2)),
                      StoredJson.readWriters(rows.getString(3))));
            }
          }
        }
      }
      absentIssues.addAll(missing);
    } catch (SQLException e) {
      throw new ServerStoreException("cannot preload the batch", e);
    }
  }

  private static List<List<String>> chunks(List<String> values) {
    List<List<String>> chunks = new java.util.ArrayList<>();
    for (int start = 0; start < values.size(); start += 500) {
      chunks.add(values.subList(start, Math.min(values.size(), start + 500)));
    }
    return chunks;
  }

  private static String placeholders(int count) {
    return String.join(", ", java.util.Collections.nCopies(count, "?"));
  }

  private static void bind(PreparedStatement statement, List<String> values) throws SQLException {
    for (int index = 0; index < values.size(); index++) {
      statement.setString(index + 1, values.get(index));
    }
  }

  @Override
  public Optional<PriorResult> findByOpId(String opId) {
    PriorResult seen = seenByOpId.get(opId);
    if (seen != null) {
      return Optional.of(seen);
    }
    if (absentOpIds.contains(opId)) {
      return Optional.empty();
    }
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT client_id, seq, sync_id, outcome FROM ops WHERE op_id = ?")) {
      statement.setString(1, opId);
      try (ResultSet rows = statement.executeQuery()) {
        if (!rows.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new PriorResult(
                opId,
                rows.getString(1),
                rows.getLong(2),
                rows.getLong(3),
                Outcome.ofWireName(rows.getString(4)),
                null,
                null));
      }
    } catch (SQLException e) {
      throw new ServerStoreException("cannot look up operation " + opId, e);
    }
  }

  @Override
  public Optional<StoredIssue> issue(String id) {
    StoredIssue cached = issues.get(id);
    if (cached != null) {
      return Optional.of(cached);
    }
    if (absentIssues.contains(id)) {
      return Optional.empty();
    }
    Optional<StoredIssue> found =
        loadEntity(
            "issues",
            id,
            issueEntries,
            (state, writers) -> new StoredIssue(StoredJson.readIssue(state), writers));
    found.ifPresent(issue -> issues.put(id, issue));
    return found;
  }

  @Override
  public Optional<StoredComment> comment(String id) {
    StoredComment cached = comments.get(id);
    if (cached != null) {
      return Optional.of(cached);
    }
    Optional<StoredComment> found =
        loadEntity(
            "comments",
            id,
            commentEntries,
            (state, writers) -> {
              CommentState comment = StoredJson.readComment(state);
              StoredIssue issue =
                  issue(comment.issue())
                      .orElseThrow(() -> new IllegalStateException("comment without issue: " + id));
              return new StoredComment(comment, issue.state().team(), writers);
            });
    found.ifPresent(comment -> comments.put(id, comment));
    return found;
  }

  @FunctionalInterface
  private interface EntityReader<T> {
    T read(String state, Map<String, FieldWriter> writers);
  }

  private <T> Optional<T> loadEntity(
      String table, String id, Map<String, Long> entries, EntityReader<T> reader) {
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT state_json, writers_json, last_sync_id FROM " + table + " WHERE id = ?")) {
      statement.setString(1, id);
      try (ResultSet rows = statement.executeQuery()) {
        if (!rows.next()) {
          return Optional.empty();
        }
        entries.put(id, lastSyncId(rows, 3));
        return Optional.of(
            reader.read(rows.getString(1), StoredJson.readWriters(rows.getString(2))));
      }
    } catch (SQLException e) {
      throw new ServerStoreException("cannot read " + table + " " + id, e);
    }
  }

  private static Long lastSyncId(ResultSet rows, int column) throws SQLException {
    long value = rows.getLong(column);
    return rows.wasNull() ? null : value;
  }

  @Override
  public Long lastIssueEntry(String id) {
    return issueEntries.get(id);
  }

  @Override
  public Long lastCommentEntry(String id) {
    return commentEntries.get(id);
  }

  @Override
  public long nextIssueNumber(String team) {
    Long last = lastNumbers.get(team);
    if (last == null) {
      try (PreparedStatement statement =
          connection.prepareStatement("SELECT last_number FROM teams WHERE team_key = ?")) {
        statement.setString(1, team);
        try (ResultSet rows = statement.executeQuery()) {
          if (!rows.next()) {
            throw new IllegalArgumentException("no team " + team);
          }
          last = rows.getLong(1);
        }
      } catch (SQLException e) {
        throw new ServerStoreException("cannot read the counter of team " + team, e);
      }
    }
    long next = last + 1;
    lastNumbers.put(team, next);
    return next;
  }

  @Override
  public long nextSyncId() {
    return ++lastSyncId;
  }

  @Override
  public void append(long syncId, Op op, Outcome outcome, IssueState issue, CommentState comment) {
    if (syncId != lastSyncId) {
      throw new IllegalStateException(
          "append " + syncId + " but the last id given was " + lastSyncId);
    }
    try {
      insertOp.setLong(1, syncId);
      insertOp.setString(2, op.id());
      insertOp.setString(3, op.clientId());
      insertOp.setLong(4, op.seq());
      insertOp.setString(5, op.team());
      insertOp.setString(6, outcome.wireName());
      insertOp.setString(7, StoredOp.write(op));
      if (op.kind() == Kind.CREATE_ISSUE || op.kind() == Kind.CREATE_COMMENT) {
        // A create's resulting entity follows from the operation (and an issue's number), so the
        // log keeps only the number: JdbcServerStore.readLog rebuilds the rest by the rule book.
        if (issue != null) {
          insertOp.setLong(8, issue.number());
        } else {
          insertOp.setNull(8, Types.BIGINT);
        }
        insertOp.setNull(9, Types.VARCHAR);
      } else {
        String entityJson = issue != null ? StoredJson.issue(issue) : StoredJson.comment(comment);
        encoded.put(issue != null ? issue : comment, entityJson);
        insertOp.setNull(8, Types.BIGINT);
        insertOp.setString(9, entityJson);
      }
      insertOp.addBatch();
      pendingOps++;
    } catch (SQLException e) {
      throw new ServerStoreException("cannot append operation " + op.id(), e);
    }
    (op.kind().onIssue() ? issueEntries : commentEntries).put(op.entity(), syncId);
    PriorResult result =
        new PriorResult(op.id(), op.clientId(), op.seq(), syncId, outcome, null, null);
    seenByOpId.put(op.id(), result);
    seenBySeq.put(seqKey(op.clientId(), op.seq()), result);
    noteSeq(op);
  }

  @Override
  public void putIssue(StoredIssue issue) {
    issues.put(issue.state().id(), issue);
    dirtyIssues.put(issue.state().id(), issue);
  }

  @Override
  public void putComment(StoredComment comment) {
    comments.put(comment.state().id(), comment);
    dirtyComments.put(comment.state().id(), comment);
  }

  @Override
  public void addConflict(ConflictRecord conflict) {
    try {
      insertConflict.setString(1, conflict.id());
      insertConflict.setLong(2, conflict.syncId());
      insertConflict.setString(3, conflict.user());
      insertConflict.setString(4, StoredJson.conflict(conflict));
      insertConflict.addBatch();
      pendingConflicts++;
    } catch (SQLException e) {
      throw new ServerStoreException("cannot record conflict " + conflict.id(), e);
    }
  }

  @Override
  public void reject(Op op, ErrorCode code, String message) {
    String key = seqKey(op.clientId(), op.seq());
    if (seenBySeq.containsKey(key)) {
      return;
    }
    try {
      insertRejection.setString(1, op.clientId());
      insertRejection.setLong(2, op.seq());
      insertRejection.setString(3, op.id());
      insertRejection.setString(4, code.wireName());
      insertRejection.setString(5, message);
      insertRejection.addBatch();
      pendingRejections++;
    } catch (SQLException e) {
      throw new ServerStoreException("cannot record rejection of " + op.id(), e);
    }
    seenBySeq.put(
        key,
        new PriorResult(op.id(), op.clientId(), op.seq(), null, Outcome.REJECTED, code, message));
    noteSeq(op);
  }

  @Override
  public void commit() {
    try {
      if (pendingOps > 0) {
        insertOp.executeBatch();
      }
      if (pendingRejections > 0) {
        insertRejection.executeBatch();
      }
      if (pendingConflicts > 0) {
        insertConflict.executeBatch();
      }
      writeEntities();
      try (PreparedStatement statement =
          connection.prepareStatement("UPDATE teams SET last_number = ? WHERE team_key = ?")) {
        for (Map.Entry<String, Long> entry : lastNumbers.entrySet()) {
          statement.setLong(1, entry.getValue());
          statement.setString(2, entry.getKey());
          statement.addBatch();
        }
        statement.executeBatch();
      }
      try (PreparedStatement statement =
          connection.prepareStatement(
              "INSERT INTO clients (client_id, user_name, last_seq) VALUES (?, ?, ?)"
                  + " ON CONFLICT (client_id) DO UPDATE"
                  + " SET last_seq = excluded.last_seq WHERE clients.last_seq < excluded.last_seq")) {
        for (Map.Entry<String, Long> entry : dirtySeqs.entrySet()) {
          statement.setString(1, entry.getKey());
          statement.setString(2, clientUsers.get(entry.getKey()));
          statement.setLong(3, entry.getValue());
          statement.addBatch();
        }
        statement.executeBatch();
      }
      if (lastSyncId >= firstSyncId) {
        try (PreparedStatement statement =
            connection.prepareStatement("UPDATE counter SET last_sync_id = ? WHERE id = 1")) {
          statement.setLong(1, lastSyncId);
          statement.executeUpdate();
        }
      }
      connection.commit();
      finished = true;
    } catch (SQLException e) {
      throw new ServerStoreException("cannot commit the push", e);
    }
  }

  private void writeEntities() throws SQLException {
    String upsert =
        " (id, team, state_json, writers_json, last_sync_id) VALUES (?, ?, ?, ?, ?)"
            + " ON CONFLICT (id) DO UPDATE SET state_json = excluded.state_json,"
            + " writers_json = excluded.writers_json, last_sync_id = excluded.last_sync_id";
    if (!dirtyIssues.isEmpty()) {
      try (PreparedStatement statement =
          connection.prepareStatement("INSERT INTO issues" + upsert)) {
        for (StoredIssue issue : dirtyIssues.values()) {
          statement.setString(1, issue.state().id());
          statement.setString(2, issue.state().team());
          statement.setString(3, json(issue.state()));
          statement.setString(4, StoredJson.writers(issue.writers()));
          setLastSyncId(statement, issueEntries.get(issue.state().id()));
          statement.addBatch();
        }
        statement.executeBatch();
      }
    }
    if (!dirtyComments.isEmpty()) {
      try (PreparedStatement statement =
          connection.prepareStatement("INSERT INTO comments" + upsert)) {
        for (StoredComment comment : dirtyComments.values()) {
          statement.setString(1, comment.state().id());
          statement.setString(2, comment.team());
          statement.setString(3, json(comment.state()));
          statement.setString(4, StoredJson.writers(comment.writers()));
          setLastSyncId(statement, commentEntries.get(comment.state().id()));
          statement.addBatch();
        }
        statement.executeBatch();
      }
    }
  }

  private static void setLastSyncId(PreparedStatement statement, Long syncId) throws SQLException {
    if (syncId == null) {
      statement.setNull(5, Types.BIGINT);
    } else {
      statement.setLong(5, syncId);
    }
  }

  private String json(IssueState state) {
    String known = encoded.get(state);
    return known != null ? known : StoredJson.issue(state);
  }

  private String json(CommentState state) {
    String known = encoded.get(state);
    return known != null ? known : StoredJson.comment(state);
  }

  @Override
  public void close() {
    try {
      if (!finished) {
        connection.rollback();
      }
      insertOp.close();
      insertRejection.close();
      insertConflict.close();
    } catch (SQLException e) {
      throw new ServerStoreException("cannot end the push transaction", e);
    } finally {
      finished = true;
      onClose.run();
    }
  }

  private long compactedSeq(String clientId) {
    try (PreparedStatement statement =
        connection.prepareStatement("SELECT compacted_seq FROM clients WHERE client_id = ?")) {
      statement.setString(1, clientId);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() ? rows.getLong(1) : 0;
      }
    } catch (SQLException e) {
      throw new ServerStoreException("cannot read client " + clientId, e);
    }
  }

  /** The client's highest sequence as of the last commit; this batch's ops are in seenBySeq. */
  private long committedLastSeq(String clientId) {
    Long known = lastSeqs.get(clientId);
    if (known != null) {
      return known;
    }
    try (PreparedStatement statement =
        connection.prepareStatement("SELECT last_seq FROM clients WHERE client_id = ?")) {
      statement.setString(1, clientId);
      try (ResultSet rows = statement.executeQuery()) {
        long last = rows.next() ? rows.getLong(1) : 0;
        lastSeqs.put(clientId, last);
        return last;
      }
    } catch (SQLException e) {
      throw new ServerStoreException("cannot read client " + clientId, e);
    }
  }

  private void noteSeq(Op op) {
    long highest =
        Math.max(committedLastSeq(op.clientId()), dirtySeqs.getOrDefault(op.clientId(), 0L));
    if (op.seq() > highest) {
      dirtySeqs.put(op.clientId(), op.seq());
      clientUsers.put(op.clientId(), op.actor());
    }
  }

  private static String seqKey(String clientId, long seq) {
    return clientId + "\n" + seq;
  }
}
