package dev.tern.server.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.tern.op.Op;
import dev.tern.protocol.Message;
import dev.tern.protocol.Protocol;
import dev.tern.server.ServerSettings;
import dev.tern.server.TernServer;
import dev.tern.server.TestOps;
import dev.tern.server.store.JdbcServerStore;
import dev.tern.server.store.ServerStore;
import dev.tern.sync.ServerConnection;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backups of server/README.md, taken while a server accepts pushes: each opens as a store with
 * a consistent log (sync ids 1..head, every one present).
 */
class BackupTest {
  @TempDir Path directory;

  @Test
  void sqliteBackupsTakenWhileTheServerWritesAreConsistent() throws Exception {
    Path database = directory.resolve("server.db");
    try (ServerStore store = JdbcServerStore.open("sqlite:" + database)) {
      Path vacuumed = directory.resolve("vacuumed.db");
      Path copied = directory.resolve("copied.db");
      whilePushing(
          store,
          () -> {
            try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
                Statement statement = connection.createStatement()) {
              // What `sqlite3 FILE "VACUUM INTO '...'"` and `sqlite3 FILE ".backup '...'"` run.
              statement.execute("VACUUM INTO '" + vacuumed + "'");
              statement.executeUpdate("backup to " + copied);
            }
          });
      for (Path backup : List.of(vacuumed, copied)) {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + backup);
            Statement statement = connection.createStatement();
            ResultSet check = statement.executeQuery("PRAGMA integrity_check")) {
          check.next();
          assertThat(check.getString(1)).isEqualTo("ok");
        }
        assertConsistent("sqlite:" + backup, store.head());
      }
    }
  }

  @Test
  void pgDumpTakenWhileTheServerWritesRestoresToAConsistentStore() throws Exception {
    assumeTrue(onPath("pg_dump") && onPath("pg_restore"), "pg_dump and pg_restore installed");
    try (EmbeddedPostgres postgres = EmbeddedPostgres.start()) {
      admin(postgres, "CREATE DATABASE live");
      admin(postgres, "CREATE DATABASE restored");
      Path dump = directory.resolve("tern.dump");
      try (ServerStore store =
          JdbcServerStore.openPostgresql(
              postgres.getJdbcUrl("postgres", "live"), "postgres", null)) {
        whilePushing(
            store,
            () ->
                run(
                    "pg_dump",
                    "-h",
                    "localhost",
                    "-p",
                    "" + postgres.getPort(),
                    "-U",
                    "postgres",
                    "-Fc",
                    "-f",
                    dump.toString(),
                    "live"));
        run(
            "pg_restore",
            "-h",
            "localhost",
            "-p",
            "" + postgres.getPort(),
            "-U",
            "postgres",
            "-d",
            "restored",
            "--clean",
            "--if-exists",
            dump.toString());
        assertConsistent(
            "postgresql://postgres@localhost:" + postgres.getPort() + "/restored", store.head());
      }
    }
  }

  interface Backup {
    void take() throws Exception;
  }

  /** Takes the backup while a client pushes 50-op batches, and lets it push a few more after. */
  private static void whilePushing(ServerStore store, Backup backup) throws Exception {
    store.addTeam("ENG", "Engineering");
    String token = store.addUser("alice", List.of("ENG"));
    TernServer server =
        TernServer.start(
            store,
            ServerSettings.defaults()
                .withAddress("127.0.0.1", 0)
                .withLog(new PrintStream(OutputStream.nullOutputStream())));
    AtomicBoolean stop = new AtomicBoolean();
    try {
      ServerConnection client =
          ServerConnection.open(
              "ws://127.0.0.1:" + server.port(), Duration.ofSeconds(5), Duration.ofSeconds(30));
      client.send(new Message.Hello(Protocol.PROTOCOL, token, "alice-1", 0));
      assertThat(client.receive(Duration.ofSeconds(10))).isInstanceOf(Message.Welcome.class);
      TestOps ops = new TestOps("alice-1", "alice", 1_000);
      CompletableFuture<Void> pushing =
          CompletableFuture.runAsync(
              () -> {
                for (int round = 0; !stop.get() || round < 10; round++) {
                  List<Op> batch = new ArrayList<>();
                  for (int index = 0; index < 50; index++) {
                    batch.add(ops.createIssue("ENG", TestOps.newId(), "issue " + round));
                  }
                  client.send(new Message.Push(batch));
                  Message answer;
                  do {
                    answer = client.receive(Duration.ofSeconds(10));
                  } while (!(answer instanceof Message.Ack));
                }
              });
      while (store.head() < 100) {
        Thread.sleep(10);
      }
      backup.take();
      stop.set(true);
      pushing.get(60, TimeUnit.SECONDS);
      client.close();
    } finally {
      server.shutdown();
    }
  }

  /**
   * The backup holds a whole prefix of the log: ids 1..head, none missing, head <= the live head.
   */
  private static void assertConsistent(String location, long liveHead) {
    try (ServerStore backup = JdbcServerStore.open(location)) {
      long head = backup.head();
      assertThat(head).isGreaterThanOrEqualTo(100).isLessThanOrEqualTo(liveHead);
      assertThat(backup.readLog(Set.of("ENG"), 0, head, 100_000)).hasSize((int) head);
    }
  }

  private static void admin(EmbeddedPostgres postgres, String sql) throws Exception {
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static boolean onPath(String program) {
    for (String folder : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (Files.isExecutable(Path.of(folder, program))) {
        return true;
      }
    }
    return false;
  }

  private static void run(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
  }
}
