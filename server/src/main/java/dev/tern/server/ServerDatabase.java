package dev.tern.server;

import dev.tern.model.InvalidInputException;
import dev.tern.server.store.JdbcServerStore;
import dev.tern.server.store.ServerStore;
import dev.tern.server.store.ServerStoreException;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The server's database as {@code tern server} uses it, opened from its location ({@code
 * sqlite:PATH} or {@code postgresql://[user[:password]@]host[:port]/db}): add teams and users, or
 * serve it. The command line goes through this, never through the store itself.
 */
public final class ServerDatabase implements AutoCloseable {
  private final String location;
  private final ServerStore store;

  private ServerDatabase(String location, ServerStore store) {
    this.location = location;
    this.store = store;
  }

  /**
   * Opens the database, creating or migrating its tables. Throws InvalidInputException, with the
   * reason and the location without its password, when it cannot be opened.
   */
  public static ServerDatabase open(String location) {
    try {
      return new ServerDatabase(location, JdbcServerStore.open(location));
    } catch (ServerStoreException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new InvalidInputException(
          "cannot open database " + redact(location) + ": " + cause.getMessage());
    }
  }

  /** Creates a team. Throws InvalidInputException when the key is malformed or taken. */
  public void addTeam(String key, String name) {
    store.addTeam(key, name);
  }

  /**
   * Creates a user of existing teams and returns its token, which cannot be shown again. Throws
   * InvalidInputException for a malformed or taken name or an unknown team.
   */
  public String addUser(String name, List<String> teams) {
    return store.addUser(name, teams);
  }

  /** Every user by name, with the keys of its teams. */
  public SortedMap<String, List<String>> users() {
    return store.users();
  }

  /** Every team as key and name, by key. */
  public SortedMap<String, String> teams() {
    SortedMap<String, String> teams = new TreeMap<>();
    store.teams().forEach(team -> teams.put(team.key(), team.name()));
    return teams;
  }

  /** A new token for the user (printed once); the old one stops working. */
  public String reissueToken(String name) {
    return store.reissueToken(name);
  }

  /** Removes a user; its token stops working. */
  public void removeUser(String name) {
    store.removeUser(name);
  }

  /** Adds a user to a team. */
  public void join(String team, String user) {
    store.join(team, user);
  }

  /** Removes a user from a team. */
  public void leave(String team, String user) {
    store.leave(team, user);
  }

  /**
   * Starts a server on this database (see {@link TernServer#start}). Shut the server down before
   * closing the database.
   */
  public TernServer serve(ServerSettings settings) {
    return TernServer.start(store, settings);
  }

  /** As {@link #serve(ServerSettings)}, reporting the server's work to {@code observer}. */
  public TernServer serve(ServerSettings settings, ServerObserver observer) {
    return TernServer.start(store, settings, observer);
  }

  /** The location it was opened from, with any password masked, for messages. */
  public String location() {
    return redact(location);
  }

  @Override
  public void close() {
    store.close();
  }

  private static String redact(String location) {
    return location.replaceAll("//([^:/@]+):[^@/]*@", "//$1:***@");
  }
}
