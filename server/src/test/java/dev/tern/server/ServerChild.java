package dev.tern.server;

import dev.tern.server.store.JdbcServerStore;
import java.nio.file.Path;
import java.util.List;

/**
 * A server in its own JVM, for tests that need a small heap or a low descriptor limit: opens a
 * fresh SQLite store in the directory given, adds team ENG with users {@code good} and {@code
 * attacker}, listens on loopback and prints {@code PORT GOOD_TOKEN ATTACKER_TOKEN} on one line.
 * Optional second argument: the connection cap. It runs until its standard input closes.
 */
public final class ServerChild {
  private ServerChild() {}

  public static void main(String[] args) throws Exception {
    JdbcServerStore store = JdbcServerStore.openSqlite(Path.of(args[0]).resolve("server.db"));
    store.addTeam("ENG", "Engineering");
    String good = store.addUser("good", List.of("ENG"));
    String attacker = store.addUser("attacker", List.of("ENG"));
    ServerSettings settings = ServerSettings.defaults().withAddress("127.0.0.1", 0);
    if (args.length > 1) {
      settings = settings.withMaxConnections(Integer.parseInt(args[1]));
    }
    TernServer server = TernServer.start(store, settings);
    System.out.println(server.port() + " " + good + " " + attacker);
    System.out.flush();
    while (System.in.read() >= 0) {
      // Runs until the test closes our standard input (or kills us).
    }
    System.exit(0);
  }
}
