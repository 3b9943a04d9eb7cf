package dev.tern.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.server.PushHandler;
import dev.tern.server.TestOps;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running server and an admin command share one SQLite file: the server must not hold the write
 * lock while idle, or {@code tern server user add} would wait for it forever.
 */
class SharedFileTest {
  @TempDir Path directory;

  @Test
  void anAdminCommandCanWriteWhileTheServerHasTheFileOpen() {
    String location = "sqlite:" + directory.resolve("server.db");
    try (ServerStore server = JdbcServerStore.open(location)) {
      server.addTeam("ENG", "Engineering");
      Account alice = server.authenticate(server.addUser("alice", List.of("ENG"))).orElseThrow();
      new PushHandler(server)
          .push(
              alice,
              "c1",
              List.of(new TestOps("c1", "alice", 1).createIssue("ENG", TestOps.id("i1"), "t")),
              List.of());
      long start = System.nanoTime();
      try (ServerStore admin = JdbcServerStore.open(location)) {
        String token = admin.addUser("bob", List.of("ENG"));
        assertThat(server.authenticate(token)).isPresent();
      }
      assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L);
    }
  }
}
