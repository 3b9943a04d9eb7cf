package dev.tern.server;

import dev.tern.model.InvalidInputException;
import dev.tern.server.store.JdbcServerStore;
import dev.tern.server.store.ServerStore;
import dev.tern.server.store.ServerStoreException;
import java.util.List;

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

  /**
   * Starts a server on this database (see {@link TernServer#start}). Shut the server down before
   * closing the database.
   */
  public TernServer serve(ServerSettings settings) {
    return TernServer.start(store, settings);
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
