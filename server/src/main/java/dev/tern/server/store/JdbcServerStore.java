package dev.tern.server.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tern.model.InvalidInputException;
import dev.tern.op.Op;
import dev.tern.protocol.CommentState;
import dev.tern.protocol.ConflictRecord;
import dev.tern.protocol.DeltaEntry;
import dev.tern.protocol.IssueState;
import dev.tern.protocol.MalformedMessageException;
import dev.tern.protocol.MessageCodec;
import dev.tern.protocol.TeamInfo;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

/**
 * {@link ServerStore} over JDBC, for SQLite and PostgreSQL. One connection writes (behind a lock:
 * the server has a single writer); reads borrow connections from a small idle pool.
 */
public final class JdbcServerStore implements ServerStore {
  private static final Pattern TEAM_KEY = Pattern.compile("[A-Z][A-Z0-9]{0,9}");
  private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
  private static final int IDLE_READERS = 8;

  private final Dialect dialect;
  private final String jdbcUrl;
  private final Properties properties;
  private final Connection writer;
  private final ReentrantLock writeLock = new ReentrantLock();
  private final BlockingQueue<Connection> idleReaders = new ArrayBlockingQueue<>(IDLE_READERS);
  private final SecureRandom random = new SecureRandom();

  private JdbcServerStore(Dialect dialect, String jdbcUrl, Properties properties) {
    this.dialect = dialect;
    this.jdbcUrl = jdbcUrl;
    this.properties = properties;
    try {
      this.writer = connect();
      writer.setAutoCommit(false);
      try (Statement statement = writer.createStatement()) {
        for (String sql : Schema.statements(dialect)) {
          statement.execute(sql);
        }
      }
      writer.commit();
      // Between transactions the writer stays in auto-commit mode: with auto-commit off,
      // sqlite-jdbc would open the next BEGIN IMMEDIATE at once and hold the file's write lock
      // while idle, locking out `tern server user add` and any other process.
      writer.setAutoCommit(true);
    } catch (SQLException e) {
      throw new ServerStoreException("cannot open the server store at " + jdbcUrl, e);
    }
  }

  /**
   * Opens a store from its location: {@code sqlite:PATH} or {@code postgresql://[user[:password]@]
   * host[:port]/database}. Creates the tables when missing. Throws InvalidInputException for a
   * location of another form.
   */
  public static JdbcServerStore open(String location) {
    if (location.startsWith("sqlite:")) {
      return openSqlite(Path.of(location.substring("sqlite:".length())));
    }
    if (location.startsWith("postgresql://") || location.startsWith("postgres://")) {
      return openPostgresql(location);
    }
    throw new InvalidInputException(
        "unknown database '" + location + "' (use sqlite:PATH or postgresql://HOST/DB)");
  }

  public static JdbcServerStore openSqlite(Path file) {
    Properties properties = new Properties();
    return new JdbcServerStore(Dialect.SQLITE, "jdbc:sqlite:" + file.toAbsolutePath(), properties);
  }

  private static JdbcServerStore openPostgresql(String location) {
    URI uri;
    try {
      uri = new URI(location);
    } catch (URISyntaxException e) {
      throw new InvalidInputException("malformed database address: " + e.getMessage());
    }
    if (uri.getHost() == null) {
      throw new InvalidInputException("database address has no host: " + location);
    }
    Properties properties = new Properties();
    if (uri.getRawUserInfo() != null) {
      String[] parts = uri.getRawUserInfo().split(":", 2);
      properties.setProperty("user", URLDecoder.decode(parts[0], StandardCharsets.UTF_8));
      if (parts.length == 2) {
        properties.setProperty("password", URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
      }
    }
    String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
    String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
    String url = "jdbc:postgresql://" + uri.getHost() + port + uri.getRawPath() + query;
    return new JdbcServerStore(Dialect.POSTGRESQL, url, properties);
  }

  /** Opens a PostgreSQL store from a JDBC URL and credentials (tests use this). */
  public static JdbcServerStore openPostgresql(String jdbcUrl, String user, String password) {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    if (password != null) {
      properties.setProperty("password", password);
    }
    return new JdbcServerStore(Dialect.POSTGRESQL, jdbcUrl, properties);
  }

  public Dialect dialect() {
    return dialect;
  }

  private Connection connect() throws SQLException {
    Properties connectionProperties = new Properties();
    connectionProperties.putAll(properties);
    if (dialect == Dialect.SQLITE) {
      // The writer's transactions must take the write lock at BEGIN: a deferred transaction that
      // reads first and writes later could fail half-way with SQLITE_BUSY.
      connectionProperties.setProperty("transaction_mode", "IMMEDIATE");
    }
    Connection connection = DriverManager.getConnection(jdbcUrl, connectionProperties);
    dialect.configure(connection);
    return connection;
  }

  // ---- administration

  @Override
  public void addTeam(String key, String name) {
    if (!TEAM_KEY.matcher(key).matches()) {
      throw new InvalidInputException(
          "invalid team key '" + key + "': 1-10 capital letters or digits, starting with a letter");
    }
    if (name == null || name.isBlank()) {
      throw new InvalidInputException("team name must not be empty");
    }
    inWriteTransaction(
        connection -> {
          if (exists(connection, "SELECT 1 FROM teams WHERE team_key = ?", key)) {
            throw new InvalidInputException("team " + key + " already exists");
          }
          update(connection, "INSERT INTO teams VALUES (?, ?, 0)", key, name.strip());
          return null;
        });
  }

  @Override
  public String addUser(String name, List<String> teams) {
    if (name == null || !USER_NAME.matcher(name).matches()) {
      throw new InvalidInputException(
          "invalid user name '" + name + "': 1-64 letters, digits or . _ @ -");
    }
    if (teams.isEmpty()) {
      throw new InvalidInputException("a user needs at least one team (--team KEY)");
    }
    byte[] secret = new byte[32];
    random.nextBytes(secret);
    String token = "tern_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    inWriteTransaction(
        connection -> {
          if (exists(connection, "SELECT 1 FROM users WHERE name = ?", name)) {
            throw new InvalidInputException("user " + name + " already exists");
          }
          for (String team : teams) {
            if (!exists(connection, "SELECT 1 FROM teams WHERE team_key = ?", team)) {
              throw new InvalidInputException("no team " + team + " (add it with: team add)");
            }
          }
          update(connection, "INSERT INTO users VALUES (?, ?)", name, tokenHash(token));
          for (String team : Set.copyOf(teams)) {
            update(connection, "INSERT INTO members VALUES (?, ?)", name, team);
          }
          return null;
        });
    return token;
  }

  @Override
  public List<TeamInfo> teams() {
    return read(
        connection -> {
          List<TeamInfo> teams = new ArrayList<>();
          try (PreparedStatement statement =
                  connection.prepareStatement(
                      "SELECT team_key, name FROM teams ORDER BY team_key");
              ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
              teams.add(new TeamInfo(rows.getString(1), rows.getString(2)));
            }
          }
          return teams;
        });
  }

  @Override
  public Optional<Account> authenticate(String token) {
    if (token == null || token.isEmpty()) {
      return Optional.empty();
    }
    String hash = tokenHash(token);
    return read(
        connection -> {
          String user;
          try (PreparedStatement statement =
              connection.prepareStatement("SELECT name FROM users WHERE token_hash = ?")) {
            statement.setString(1, hash);
            try (ResultSet rows = statement.executeQuery()) {
              if (!rows.next()) {
                return Optional.empty();
              }
              user = rows.getString(1);
            }
          }
          List<TeamInfo> teams = new ArrayList<>();
          try (PreparedStatement statement =
              connection.prepareStatement(
                  "SELECT t.team_key, t.name FROM members m JOIN teams t ON t.team_key = m.team_key"
                      + " WHERE m.user_name = ? ORDER BY t.team_key")) {
            statement.setString(1, user);
            try (ResultSet rows = statement.executeQuery()) {
              while (rows.next()) {
                teams.add(new TeamInfo(rows.getString(1), rows.getString(2)));
              }
            }
          }
          return Optional.of(new Account(user, List.copyOf(teams)));
        });
  }

  @Override
  public boolean claimClient(String clientId, String user) {
    return inWriteTransaction(
        connection -> {
          try (PreparedStatement statement =
              connection.prepareStatement("SELECT user_name FROM clients WHERE client_id = ?")) {
            statement.setString(1, clientId);
            try (ResultSet rows = statement.executeQuery()) {
              if (rows.next()) {
                return rows.getString(1).equals(user);
              }
            }
          }
          update(
              connection,
              "INSERT INTO clients (client_id, user_name, last_seq) VALUES (?, ?, 0)",
              clientId,
              user);
          return true;
        });
  }

  static String tokenHash(String token) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always has SHA-256", e);
    }
  }

  // ---- the log

  @Override
  public PushTransaction beginPush() {
    writeLock.lock();
    try {
      writer.setAutoCommit(false);
      return new JdbcPushTransaction(writer, dialect, this::endPush);
    } catch (SQLException e) {
      rollbackAfter(e);
      endPush();
      throw new ServerStoreException("cannot begin a push transaction", e);
    } catch (RuntimeException e) {
      rollbackAfter(e);
      endPush();
      throw e;
    }
  }

  private void endPush() {
    try {
      endWrite();
    } finally {
      writeLock.unlock();
    }
  }

  @Override
  public long head() {
    return read(connection -> counter(connection, "last_sync_id"));
  }

  @Override
  public long horizon() {
    return read(connection -> counter(connection, "horizon"));
  }

  @Override
  public List<DeltaEntry> readLog(Set<String> teams, long after, long upTo, int limit) {
    if (teams.isEmpty() || upTo <= after) {
      return List.of();
    }
    List<String> keys = List.copyOf(teams);
    String sql =
        "SELECT sync_id, op_json, entity_json FROM ops WHERE sync_id > ? AND sync_id <= ? AND team"
            + " IN ("
            + placeholders(keys.size())
            + ") ORDER BY sync_id LIMIT ?";
    return read(
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
                Op op = MessageCodec.readOp(json(rows.getString(2)));
                JsonNode entity = json(rows.getString(3));
                entries.add(
                    op.kind().onIssue()
                        ? new DeltaEntry(rows.getLong(1), op, MessageCodec.readIssue(entity), null)
                        : new DeltaEntry(
                            rows.getLong(1), op, null, MessageCodec.readComment(entity)));
              }
            }
          }
          return entries;
        });
  }

  @Override
  public List<ConflictRecord> conflicts(String user, long after, long upTo) {
    return read(
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
                conflicts.add(MessageCodec.readConflict(json(rows.getString(1))));
              }
            }
          }
          return conflicts;
        });
  }

  @Override
  public List<IssueState> issues(Set<String> teams, String afterId, int limit) {
    return readEntities("issues", teams, afterId, limit, node -> MessageCodec.readIssue(node));
  }

  @Override
  public List<CommentState> comments(Set<String> teams, String afterId, int limit) {
    return readEntities("comments", teams, afterId, limit, node -> MessageCodec.readComment(node));
  }

  private <T> List<T> readEntities(
      String table, Set<String> teams, String afterId, int limit, JsonReader<T> reader) {
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
    return read(
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
                result.add(reader.read(json(rows.getString(1))));
              }
            }
          }
          return result;
        });
  }

  @Override
  public void compact(long keep) {
    inWriteTransaction(
        connection -> {
          long head = counter(connection, "last_sync_id");
          long horizon = counter(connection, "horizon");
          long newHorizon = Math.max(horizon, head - keep);
          if (newHorizon > horizon) {
            // Remember, per client, up to which sequence the log no longer answers for itself:
            // a re-send at or below it was accepted once and must not be applied again.
            update(
                connection,
                "UPDATE clients SET compacted_seq = (SELECT MAX(seq) FROM ops"
                    + " WHERE ops.client_id = clients.client_id AND sync_id <= ?)"
                    + " WHERE client_id IN (SELECT client_id FROM ops WHERE sync_id <= ?)",
                newHorizon,
                newHorizon);
            update(connection, "DELETE FROM ops WHERE sync_id <= ?", newHorizon);
            update(connection, "UPDATE counter SET horizon = ? WHERE id = 1", newHorizon);
          }
          return null;
        });
  }

  @Override
  public void close() {
    writeLock.lock();
    try {
      writer.close();
      Connection reader;
      while ((reader = idleReaders.poll()) != null) {
        reader.close();
      }
    } catch (SQLException e) {
      throw new ServerStoreException("cannot close the server store", e);
    } finally {
      writeLock.unlock();
    }
  }

  // ---- helpers

  @FunctionalInterface
  interface SqlWork<T> {
    T run(Connection connection) throws SQLException, MalformedMessageException;
  }

  @FunctionalInterface
  interface JsonReader<T> {
    T read(JsonNode node) throws MalformedMessageException;
  }

  private <T> T read(SqlWork<T> work) {
    Connection connection = idleReaders.poll();
    try {
      if (connection == null) {
        connection = connect();
      }
      T result = work.run(connection);
      if (!idleReaders.offer(connection)) {
        connection.close();
      }
      return result;
    } catch (SQLException e) {
      closeAfter(connection, e);
      throw new ServerStoreException("server store read failed", e);
    } catch (MalformedMessageException e) {
      throw new ServerStoreException("corrupt JSON in the server store", e);
    }
  }

  private <T> T inWriteTransaction(SqlWork<T> work) {
    writeLock.lock();
    try {
      writer.setAutoCommit(false);
      T result = work.run(writer);
      writer.commit();
      return result;
    } catch (SQLException | MalformedMessageException e) {
      rollbackAfter(e);
      throw new ServerStoreException("server store write failed", e);
    } catch (RuntimeException e) {
      rollbackAfter(e);
      throw e;
    } finally {
      endWrite();
      writeLock.unlock();
    }
  }

  /** Back to auto-commit between transactions (see the constructor for why). */
  private void endWrite() {
    try {
      writer.setAutoCommit(true);
    } catch (SQLException e) {
      throw new ServerStoreException("cannot end a write transaction", e);
    }
  }

  /** Rolls the writer back after {@code cause}; a failed rollback is attached to the cause. */
  private void rollbackAfter(Exception cause) {
    try {
      if (!writer.getAutoCommit()) {
        writer.rollback();
      }
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  private static void closeAfter(Connection connection, Exception cause) {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        cause.addSuppressed(e);
      }
    }
  }

  static long counter(Connection connection, String column) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery("SELECT " + column + " FROM counter WHERE id = 1")) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private static boolean exists(Connection connection, String sql, String value)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, value);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next();
      }
    }
  }

  private static void update(Connection connection, String sql, Object... values)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int index = 0; index < values.length; index++) {
        statement.setObject(index + 1, values[index]);
      }
      statement.executeUpdate();
    }
  }

  private static String placeholders(int count) {
    return String.join(", ", java.util.Collections.nCopies(count, "?"));
  }

  static JsonNode json(String text) throws MalformedMessageException {
    return MessageCodec.parse(text);
  }

  /**
   * Writers as JSON: the distinct writers once ({@code w}), and per field the index of its writer
   * ({@code f}). After a create, nine fields share one writer, so this stays small.
   */
  static String writersJson(Map<String, FieldWriter> writers) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    var distinct = node.putArray("w");
    ObjectNode fields = node.putObject("f");
    Map<FieldWriter, Integer> indexes = new HashMap<>();
    writers.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            entry -> {
              FieldWriter writer = entry.getValue();
              Integer index = indexes.get(writer);
              if (index == null) {
                index = indexes.size();
                indexes.put(writer, index);
                distinct
                    .addObject()
                    .put("stamp", writer.stamp())
                    .put("actor", writer.actor())
                    .put("opId", writer.opId())
                    .put("base", writer.base());
              }
              fields.put(entry.getKey(), index);
            });
    return node.toString();
  }

  static Map<String, FieldWriter> readWriters(JsonNode node) {
    List<FieldWriter> distinct = new ArrayList<>();
    for (JsonNode value : node.path("w")) {
      distinct.add(
          new FieldWriter(
              value.path("stamp").textValue(),
              value.path("actor").textValue(),
              value.path("opId").textValue(),
              value.path("base").textValue()));
    }
    Map<String, FieldWriter> writers = new HashMap<>();
    for (Map.Entry<String, JsonNode> entry : node.path("f").properties()) {
      writers.put(entry.getKey(), distinct.get(entry.getValue().asInt()));
    }
    return writers;
  }
}
