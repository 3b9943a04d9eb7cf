package dev.tern.server.store;

import dev.tern.op.CreateComment;
import dev.tern.op.CreateIssue;
import dev.tern.op.Op;
import dev.tern.protocol.CommentState;
import dev.tern.protocol.ConflictRecord;
import dev.tern.protocol.DeltaEntry;
import dev.tern.protocol.IssueState;
import dev.tern.protocol.TeamInfo;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.function.BiFunction;
import org.postgresql.PGConnection;

/**
 * {@link ServerStore} over JDBC, for SQLite and PostgreSQL. It reads the log and current state and
 * compacts the log itself; accounts are left to {@link Accounts}, the stored text format to {@link
 * StoredJson}, the connections (one writer, pooled readers) to {@link Connections}, and push
 * transactions to {@link JdbcPushTransaction}.
 */
public final class JdbcServerStore implements ServerStore {
  /** The PostgreSQL channel a node notifies after each commit; see {@link #announce()}. */
  private static final String CHANNEL = "tern_log";

  /** How often a SQLite waiter reads the head: other processes on the file cannot wake it. */
  private static final long POLL_MILLIS = 20;

  private final DatabaseLocation location;
  private final Dialect dialect;
  private final Connections connections;
  private final Accounts accounts;

  /** The connection {@link #awaitHead} listens on (PostgreSQL), opened on first use. */
  private Connection listening;

  private JdbcServerStore(DatabaseLocation location) {
    this.location = location;
    this.dialect = location.dialect();
    this.connections =
        new Connections(location, connection -> Schema.migrate(connection, location.dialect()));
    this.accounts = new Accounts(connections);
  }

  /**
   * Opens a store from its location: {@code sqlite:PATH} or {@code postgresql://[user[:password]@]
   * host[:port]/database}. Creates the tables when missing and migrates older ones; refuses a
   * database of a newer version. Throws InvalidInputException for a location of another form.
   */
  public static JdbcServerStore open(String location) {
    return new JdbcServerStore(DatabaseLocation.parse(location));
  }

  public static JdbcServerStore openSqlite(Path file) {
    return new JdbcServerStore(DatabaseLocation.sqlite(file));
  }

  /** Opens a PostgreSQL store from a JDBC URL and credentials (tests use this). */
  public static JdbcServerStore openPostgresql(String jdbcUrl, String user, String password) {
    return new JdbcServerStore(DatabaseLocation.postgresql(jdbcUrl, user, password));
  }

  // ---- accounts

  @Override
  public void addTeam(String key, String name) {
    accounts.addTeam(key, name);
  }

  @Override
  public String addUser(String name, List<String> teams) {
    return accounts.addUser(name, teams);
  }

  @Override
  public List<TeamInfo> teams() {
    return accounts.teams();
  }

  @Override
  public SortedMap<String, List<String>> users() {
    return accounts.users();
  }

  @Override
  public String reissueToken(String name) {
    return accounts.reissueToken(name);
  }

  @Override
  public void removeUser(String name) {
    accounts.removeUser(name);
  }

  @Override
  public void join(String team, String user) {
    accounts.join(team, user);
  }

  @Override
  public void leave(String team, String user) {
    accounts.leave(team, user);
  }

  @Override
  public long accountsVersion() {
    return accounts.version();
  }

  @Override
  public Map<String, Account> accountsByTokenHash() {
    return accounts.byTokenHash();
  }

  @Override
  public boolean snapshotDue(String clientId) {
    return accounts.snapshotDue(clientId);
  }

  @Override
  public void clearSnapshotDue(String clientId) {
    accounts.clearSnapshotDue(clientId);
  }

  @Override
  public Optional<Account> authenticate(String token) {
    return accounts.authenticate(token);
  }

  @Override
  public boolean claimClient(String clientId, String user) {
    return accounts.claimClient(clientId, user);
  }

  // ---- the log

  @Override
  public PushTransaction beginPush() {
    return connections.holdWriter(
        writer -> new JdbcPushTransaction(writer, dialect, connections::releaseWriter));
  }

  @Override
  public long head() {
    return connections.read(connection -> counter(connection, "last_sync_id"));
  }

  @Override
  public long horizon() {
    return connections.read(connection -> counter(connection, "horizon"));
  }

  @Override
  public List<DeltaEntry> readLog(Set<String> teams, long after, long upTo, int limit) {
    if (teams.isEmpty() || upTo <= after) {
      return List.of();
    }
    List<String> keys = List.copyOf(teams);
    return readLog(" AND team IN (" + placeholders(keys.size()) + ")", keys, after, upTo, limit);
  }

  @Override
  public List<DeltaEntry> readLog(long after, long upTo, int limit) {
    if (upTo <= after) {
      return List.of();
    }
    return readLog("", List.of(), after, upTo, limit);
  }

  private List<DeltaEntry> readLog(
      String teamFilter, List<String> keys, long after, long upTo, int limit) {
    String sql =
        "SELECT sync_id, op_id, client_id, seq, team, op_text, number, entity_json FROM ops"
            + " WHERE sync_id > ? AND sync_id <= ?"
            + teamFilter
            + " ORDER BY sync_id LIMIT ?";
    return connections.read(
        connection -> {
          List<DeltaEntry> entries = new ArrayList<>();
          try (PreparedStatement statement = connection.prepareStatement(sql)) {
            int index = 1;
            statement.setLong(index++, after);
            statement.setLong(index++, upTo);
            for (String key : keys) {
              statement.setString(index++, key);
            }
            statement.setInt(index, limit);
            try (ResultSet rows = statement.executeQuery()) {
              while (rows.next()) {
                entries.add(logEntry(rows));
              }
            }
          }
          return entries;
        });
  }

  /**
   * One log row as a delta entry. A create written since schema version 2 has no stored entity: its
   * resulting state is the operation applied by the rule book, as the push made it (an issue with
   * the number it was given).
   */
  private static DeltaEntry logEntry(ResultSet rows) throws SQLException {
    long syncId = rows.getLong(1);
    Op op =
        StoredOp.read(
            rows.getString(2),
            rows.getString(3),
            rows.getLong(4),
            rows.getString(5),
            rows.getString(6));
    long number = rows.getLong(7);
    boolean hasNumber = !rows.wasNull();
    String entity = rows.getString(8);
    if (entity != null) {
      return op.kind().onIssue()
          ? new DeltaEntry(syncId, op, StoredJson.readIssue(entity), null)
          : new DeltaEntry(syncId, op, null, StoredJson.readComment(entity));
    }
    if (op instanceof CreateIssue create && hasNumber) {
      return new DeltaEntry(syncId, op, IssueState.of(create.apply().withNumber(number)), null);
    }
    if (op instanceof CreateComment create) {
      return new DeltaEntry(syncId, op, null, CommentState.of(create.apply()));
    }
    throw new ServerStoreException(
        "corrupt log entry " + syncId + ": no resulting entity for a " + op.kind().wireName());
  }

  @Override
  public List<ConflictRecord> conflicts(String user, long after, long upTo) {
    return readConflicts(" AND user_name = ?", user, after, upTo);
  }

  @Override
  public List<ConflictRecord> conflicts(long after, long upTo) {
    return readConflicts("", null, after, upTo);
  }

  private List<ConflictRecord> readConflicts(
      String userFilter, String user, long after, long upTo) {
    return connections.read(
        connection -> {
          List<ConflictRecord> conflicts = new ArrayList<>();
          try (PreparedStatement statement =
              connection.prepareStatement(
                  "SELECT record_json FROM conflicts WHERE sync_id > ? AND sync_id <= ?"
                      + userFilter
                      + " ORDER BY sync_id, id")) {
            statement.setLong(1, after);
            statement.setLong(2, upTo);
            if (user != null) {
              statement.setString(3, user);
            }
            try (ResultSet rows = statement.executeQuery()) {
              while (rows.next()) {
                conflicts.add(StoredJson.readConflict(rows.getString(1)));
              }
            }
          }
          return conflicts;
        });
  }

  @Override
  public List<IssueState> issues(Set<String> teams, String afterId, int limit) {
    return readEntities("issues", teams, afterId, limit, (id, json) -> StoredJson.readIssue(json));
  }

  @Override
  public List<CommentState> comments(Set<String> teams, String afterId, int limit) {
    return readEntities(
        "comments", teams, afterId, limit, (id, json) -> StoredJson.readComment(json));
  }

  // The stored text is the wire form: StoredJson writes it with the wire's fields, order and
  // escaping (ServerStoreContract compares whole snapshot pages made both ways). A change to the
  // stored form must convert here, or the snapshot pages would change with it.
  @Override
  public List<StateJson> issueJson(Set<String> teams, String afterId, int limit) {
    return readEntities("issues", teams, afterId, limit, StateJson::new);
  }

  @Override
  public List<StateJson> commentJson(Set<String> teams, String afterId, int limit) {
    return readEntities("comments", teams, afterId, limit, StateJson::new);
  }

  private <T> List<T> readEntities(
      String table,
      Set<String> teams,
      String afterId,
      int limit,
      BiFunction<String, String, T> reader) {
    if (teams.isEmpty()) {
      return List.of();
    }
    List<String> keys = List.copyOf(teams);
    String sql =
        "SELECT id, state_json FROM "
            + table
            + " WHERE id > ? AND team IN ("
            + placeholders(keys.size())
            + ") ORDER BY id LIMIT ?";
    return connections.read(
        connection -> {
          List<T> result = new ArrayList<>();
          try (PreparedStatement statement = connection.prepareStatement(sql)) {
            int index = 1;
            statement.setString(index++, afterId == null ? "" : afterId);
            for (String key : keys) {
              statement.setString(index++, key);
            }
            statement.setInt(index, limit);
            try (ResultSet rows = statement.executeQuery()) {
              while (rows.next()) {
                result.add(reader.apply(rows.getString(1), rows.getString(2)));
              }
            }
          }
          return result;
        });
  }

  @Override
  public long awaitHead(long seen, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    if (dialect == Dialect.POSTGRESQL) {
      try {
        return awaitNotified(seen, deadline);
      } catch (SQLException e) {
        // The listening connection broke (the database restarted, say): open a new one next
        // time and, meanwhile, fall back to polling, which needs only a reader.
        closeListening();
      }
    }
    while (true) {
      long head = head();
      long left = deadline - System.nanoTime();
      if (head > seen || left <= 0) {
        return head;
      }
      Thread.sleep(Math.min(POLL_MILLIS, Math.max(1, left / 1_000_000)));
    }
  }

  /**
   * Waits for a notification on {@link #CHANNEL} until the deadline. The head is read after LISTEN
   * took effect and after every wake-up, so a commit notified before we listened is not missed: the
   * database, not the notification, says where the head is.
   */
  private long awaitNotified(long seen, long deadline) throws SQLException, InterruptedException {
    if (listening == null) {
      Connection connection =
          DriverManager.getConnection(location.jdbcUrl(), location.credentials());
      try (Statement statement = connection.createStatement()) {
        statement.execute("LISTEN " + CHANNEL);
      } catch (SQLException e) {
        connection.close();
        throw e;
      }
      listening = connection;
    }
    PGConnection notices = listening.unwrap(PGConnection.class);
    while (true) {
      long head = counter(listening, "last_sync_id");
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (head > seen || left <= 0) {
        return head;
      }
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
      // Drains every notification that came meanwhile; one read of the head answers them all.
      notices.getNotifications((int) Math.min(left, 1000));
    }
  }

  private void closeListening() {
    if (listening != null) {
      try {
        listening.close();
      } catch (SQLException ignored) {
        // Broken already: nothing more to release.
      }
      listening = null;
    }
  }

  @Override
  public void announce() {
    if (dialect == Dialect.POSTGRESQL) {
      connections.write(
          connection -> {
            try (Statement statement = connection.createStatement()) {
              statement.execute("NOTIFY " + CHANNEL);
            }
            return null;
          });
    }
  }

  @Override
  public void compact(long keep) {
    connections.write(
        connection -> {
          // The counter first, as every push takes it first: with one lock order, compaction on
          // one node and a push on another wait for each other instead of deadlocking (the push
          // locks the counter and then client rows; compaction writes client rows too).
          long head;
          long horizon;
          try (Statement statement = connection.createStatement();
              ResultSet rows = statement.executeQuery(dialect.lockCounter())) {
            rows.next();
            head = rows.getLong(1);
            horizon = rows.getLong(2);
          }
          long newHorizon = Math.max(horizon, head - keep);
          if (newHorizon > horizon) {
            // Remember, per client, up to which sequence the log no longer answers for itself:
            // a re-send at or below it was accepted once and must not be applied again.
            Connections.update(
                connection,
                "UPDATE clients SET compacted_seq = (SELECT MAX(seq) FROM ops"
                    + " WHERE ops.client_id = clients.client_id AND sync_id <= ?)"
                    + " WHERE client_id IN (SELECT client_id FROM ops WHERE sync_id <= ?)",
                newHorizon,
                newHorizon);
            Connections.update(connection, "DELETE FROM ops WHERE sync_id <= ?", newHorizon);
            Connections.update(
                connection, "UPDATE counter SET horizon = ? WHERE id = 1", newHorizon);
          }
          return null;
        });
  }

  @Override
  public void close() {
    closeListening();
    connections.close();
  }

  private static long counter(Connection connection, String column) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery("SELECT " + column + " FROM counter WHERE id = 1")) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private static String placeholders(int count) {
    return String.join(", ", java.util.Collections.nCopies(count, "?"));
  }
}
