package dev.tern.server.store;

import dev.tern.model.InvalidInputException;
import dev.tern.protocol.TeamInfo;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Teams, users and their tokens, and which user owns each client id: what a hello is checked
 * against. A token is kept only as its SHA-256.
 */
final class Accounts {
  private static final Pattern TEAM_KEY = Pattern.compile("[A-Z][A-Z0-9]{0,9}");
  private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

  private final Connections connections;
  private final SecureRandom random = new SecureRandom();

  Accounts(Connections connections) {
    this.connections = connections;
  }

  /** See {@link ServerStore#addTeam}. */
  void addTeam(String key, String name) {
    if (!TEAM_KEY.matcher(key).matches()) {
      throw new InvalidInputException(
          "invalid team key '" + key + "': 1-10 capital letters or digits, starting with a letter");
    }
    if (name == null || name.isBlank()) {
      throw new InvalidInputException("team name must not be empty");
    }
    connections.write(
        connection -> {
          if (exists(connection, "SELECT 1 FROM teams WHERE team_key = ?", key)) {
            throw new InvalidInputException("team " + key + " already exists");
          }
          Connections.update(connection, "INSERT INTO teams VALUES (?, ?, 0)", key, name.strip());
          return null;
        });
  }

  /** See {@link ServerStore#addUser}. */
  String addUser(String name, List<String> teams) {
    if (name == null || !USER_NAME.matcher(name).matches()) {
      throw new InvalidInputException(
          "invalid user name '" + name + "': 1-64 letters, digits or . _ @ -");
    }
    if (teams.isEmpty()) {
      throw new InvalidInputException("a user needs at least one team (--team KEY)");
    }
    String token = newToken();
    connections.write(
        connection -> {
          if (exists(connection, "SELECT 1 FROM users WHERE name = ?", name)) {
            throw new InvalidInputException("user " + name + " already exists");
          }
          for (String team : teams) {
            if (!exists(connection, "SELECT 1 FROM teams WHERE team_key = ?", team)) {
              throw new InvalidInputException("no team " + team + " (add it with: team add)");
            }
          }
          Connections.update(
              connection, "INSERT INTO users VALUES (?, ?)", name, Account.tokenHash(token));
          for (String team : Set.copyOf(teams)) {
            Connections.update(connection, "INSERT INTO members VALUES (?, ?)", name, team);
          }
          // A name used before may have clients whose cursors passed entries it could not see.
          snapshotDue(connection, name);
          changed(connection);
          return null;
        });
    return token;
  }

  /** See {@link ServerStore#users}. */
  SortedMap<String, List<String>> users() {
    return connections.read(
        connection -> {
          SortedMap<String, List<String>> users = new TreeMap<>();
          try (PreparedStatement statement =
                  connection.prepareStatement(
                      "SELECT u.name, m.team_key FROM users u"
                          + " LEFT JOIN members m ON m.user_name = u.name"
                          + " ORDER BY u.name, m.team_key");
              ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
              List<String> teams =
                  users.computeIfAbsent(rows.getString(1), name -> new ArrayList<>());
              if (rows.getString(2) != null) {
                teams.add(rows.getString(2));
              }
            }
          }
          return users;
        });
  }

  /** See {@link ServerStore#reissueToken}. */
  String reissueToken(String name) {
    String token = newToken();
    connections.write(
        connection -> {
          requireUser(connection, name);
          Connections.update(
              connection,
              "UPDATE users SET token_hash = ? WHERE name = ?",
              Account.tokenHash(token),
              name);
          changed(connection);
          return null;
        });
    return token;
  }

  /** See {@link ServerStore#removeUser}. */
  void removeUser(String name) {
    connections.write(
        connection -> {
          requireUser(connection, name);
          Connections.update(connection, "DELETE FROM members WHERE user_name = ?", name);
          Connections.update(connection, "DELETE FROM users WHERE name = ?", name);
          changed(connection);
          return null;
        });
  }

  /** See {@link ServerStore#join}. */
  void join(String team, String user) {
    connections.write(
        connection -> {
          requireUser(connection, user);
          requireTeam(connection, team);
          if (!member(connection, team, user)) {
            Connections.update(connection, "INSERT INTO members VALUES (?, ?)", user, team);
            snapshotDue(connection, user);
            changed(connection);
          }
          return null;
        });
  }

  /** See {@link ServerStore#leave}. */
  void leave(String team, String user) {
    connections.write(
        connection -> {
          requireUser(connection, user);
          requireTeam(connection, team);
          if (!member(connection, team, user)) {
            throw new InvalidInputException(user + " is not a member of team " + team);
          }
          Connections.update(
              connection, "DELETE FROM members WHERE user_name = ? AND team_key = ?", user, team);
          changed(connection);
          return null;
        });
  }

  /** Moves the counter a running server polls (see {@link ServerStore#accountsVersion}). */
  private static void changed(Connection connection) throws SQLException {
    Connections.update(
        connection, "UPDATE accounts_version SET version = version + 1 WHERE id = 1");
  }

  /** Every client of the user must read a snapshot before its next delta. */
  private static void snapshotDue(Connection connection, String user) throws SQLException {
    Connections.update(
        connection,
        "INSERT INTO snapshot_due SELECT client_id FROM clients WHERE user_name = ?"
            + " ON CONFLICT (client_id) DO NOTHING",
        user);
  }

  /** See {@link ServerStore#accountsVersion}. */
  long version() {
    return connections.read(
        connection -> {
          try (PreparedStatement statement =
                  connection.prepareStatement("SELECT version FROM accounts_version WHERE id = 1");
              ResultSet rows = statement.executeQuery()) {
            return rows.next() ? rows.getLong(1) : 0L;
          }
        });
  }

  /** See {@link ServerStore#accountsByTokenHash}. */
  Map<String, Account> byTokenHash() {
    return connections.read(
        connection -> {
          Map<String, String> hashes = new HashMap<>();
          Map<String, List<TeamInfo>> teams = new HashMap<>();
          try (PreparedStatement statement =
                  connection.prepareStatement(
                      "SELECT u.name, u.token_hash, t.team_key, t.name FROM users u"
                          + " LEFT JOIN members m ON m.user_name = u.name"
                          + " LEFT JOIN teams t ON t.team_key = m.team_key"
                          + " ORDER BY u.name, t.team_key");
              ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
              String user = rows.getString(1);
              hashes.put(user, rows.getString(2));
              List<TeamInfo> memberships = teams.computeIfAbsent(user, name -> new ArrayList<>());
              if (rows.getString(3) != null) {
                memberships.add(new TeamInfo(rows.getString(3), rows.getString(4)));
              }
            }
          }
          Map<String, Account> accounts = new HashMap<>();
          hashes.forEach(
              (user, hash) -> accounts.put(hash, new Account(user, List.copyOf(teams.get(user)))));
          return accounts;
        });
  }

  /** See {@link ServerStore#snapshotDue}. */
  boolean snapshotDue(String clientId) {
    return connections.read(
        connection -> {
          try (PreparedStatement statement =
              connection.prepareStatement("SELECT 1 FROM snapshot_due WHERE client_id = ?")) {
            statement.setString(1, clientId);
            try (ResultSet rows = statement.executeQuery()) {
              return rows.next();
            }
          }
        });
  }

  /** See {@link ServerStore#clearSnapshotDue}. */
  void clearSnapshotDue(String clientId) {
    connections.write(
        connection -> {
          Connections.update(connection, "DELETE FROM snapshot_due WHERE client_id = ?", clientId);
          return null;
        });
  }

  private static void requireUser(Connection connection, String name) throws SQLException {
    if (!exists(connection, "SELECT 1 FROM users WHERE name = ?", name)) {
      throw new InvalidInputException("no user " + name);
    }
  }

  private static void requireTeam(Connection connection, String key) throws SQLException {
    if (!exists(connection, "SELECT 1 FROM teams WHERE team_key = ?", key)) {
      throw new InvalidInputException("no team " + key + " (add it with: team add)");
    }
  }

  private static boolean member(Connection connection, String team, String user)
      throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement("SELECT 1 FROM members WHERE user_name = ? AND team_key = ?")) {
      statement.setString(1, user);
      statement.setString(2, team);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next();
      }
    }
  }

  private String newToken() {
    byte[] secret = new byte[32];
    random.nextBytes(secret);
    return "tern_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
  }

  /** See {@link ServerStore#teams}. */
  List<TeamInfo> teams() {
    return connections.read(
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

  /** See {@link ServerStore#authenticate}. */
  Optional<Account> authenticate(String token) {
    if (token == null || token.isEmpty()) {
      return Optional.empty();
    }
    String hash = Account.tokenHash(token);
    return connections.read(
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

  /** See {@link ServerStore#claimClient}. */
  boolean claimClient(String clientId, String user) {
    // A known client is answered from a reader, so that a returning client's hello never waits
    // for the writer (a push transaction may hold it); only a new client id takes the writer.
    Optional<String> owner =
        connections.read(
            connection -> {
              try (PreparedStatement statement =
                  connection.prepareStatement(
                      "SELECT user_name FROM clients WHERE client_id = ?")) {
                statement.setString(1, clientId);
                try (ResultSet rows = statement.executeQuery()) {
                  return rows.next() ? Optional.of(rows.getString(1)) : Optional.<String>empty();
                }
              }
            });
    if (owner.isPresent()) {
      return owner.get().equals(user);
    }
    return connections.write(
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
          Connections.update(
              connection,
              "INSERT INTO clients (client_id, user_name, last_seq) VALUES (?, ?, 0)",
              clientId,
              user);
          return true;
        });
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
}
