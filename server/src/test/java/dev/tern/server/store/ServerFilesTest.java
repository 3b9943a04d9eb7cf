package dev.tern.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server database holds every team's issues and the token hashes: only its owner reads it. */
class ServerFilesTest {
  @TempDir Path dir;

  @Test
  void aNewDatabaseAndTheDirectoryMadeForItAreOwnerOnly() throws Exception {
    Path file = dir.resolve("made").resolve("server.db");
    try (JdbcServerStore store = JdbcServerStore.open("sqlite:" + file)) {
      store.addTeam("ENG", "Engineering");
      store.addUser("alice", List.of("ENG"));
    }
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
        .isEqualTo("rwx------");
    try (var siblings = Files.list(file.getParent())) {
      siblings.forEach(
          sibling -> {
            try {
              assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(sibling)))
                  .as(sibling.toString())
                  .doesNotContain("r--r");
            } catch (java.io.IOException e) {
              throw new AssertionError(e);
            }
          });
    }
  }
}
