package dev.tern.sync;

import dev.tern.server.ServerSettings;
import dev.tern.server.TernServer;
import dev.tern.server.store.JdbcServerStore;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * A server node in its own JVM, for tests that kill one: opens the PostgreSQL store at the JDBC URL
 * given (user postgres), listens on a free loopback port and prints the port on one line. It runs
 * until its standard input closes or it is killed.
 */
public final class NodeChild {
  private NodeChild() {}

  public static void main(String[] args) throws Exception {
    JdbcServerStore store = JdbcServerStore.openPostgresql(args[0], "postgres", null);
    TernServer server =
        TernServer.start(
            store,
            ServerSettings.defaults()
                .withAddress("127.0.0.1", 0)
                .withLog(new PrintStream(OutputStream.nullOutputStream())));
    System.out.println(server.port());
    System.out.flush();
    while (System.in.read() >= 0) {
      // Runs until the test closes our standard input (or kills us).
    }
    System.exit(0);
  }
}
