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
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.function.Function;

/**
 * {@link ServerStore} over JDBC, for SQLite and PostgreSQL. It reads the log and current state and
 * compacts the log itself; accounts are left to {@link Accounts}, the stored text format to {@link
 * StoredJson}, the connections (one writer, pooled readers) to {@link Connections}, and push
 * transactions to {@link JdbcPushTransaction}.
 */
public final class JdbcServerStore implements ServerStore {
  private final Dialect dialect;
  private final Connections connections;
  private final Accounts accounts;

  private JdbcServerStore(DatabaseLocation location) {
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
    String sql =
        "SELECT sync_id, op_id, client_id, seq, team, op_text, number, entity_json FROM ops"
            + " WHERE sync_id > ? AND sync_id <= ? AND team"
            + " IN ("
            + placeholders(keys.size())
            + ") ORDER BY sync_id LIMIT ?";
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
    return connections.read(
        connection -> {
          List<ConflictRecord> conflicts = new ArrayList<>();
          try (PreparedStatement statement =
              connection.prepareStatement(
                  "SELECT record_json FROM conflicts WHERE user_name = ? AND sync_id > ?"
                      + " AND sync_id <= ? ORDER BY sync_id, id")) {
            statement.setString(1, user);
            statement.setLong(2, after);
            statement.setLong(3, upTo);
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
    return readEntities("issues", teams, afterId, limit, StoredJson::readIssue);
  }

  @Override
  public List<CommentState> comments(Set<String> teams, String afterId, int limit) {
    return readEntities("comments", teams, afterId, limit, StoredJson::readComment);
  }

  private <T> List<T> readEntities(
      String table, Set<String> teams, String afterId, int limit, Function<String, T> reader) {
    if (teams.isEmpty()) {
      return List.of();
    }
    List<String> keys = List.copyOf(teams);
    String sql =
        "SELECT state_json FROM "
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
                result.add(reader.apply(rows.getString(1)));
              }
            }
          }
          return result;
        });
  }

  @Override
  public void compact(long keep) {
    connections.write(
        connection -> {
          long head = counter(connection, "last_sync_id");
          long horizon = counter(connection, "horizon");
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
