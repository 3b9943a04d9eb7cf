package dev.tern.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Arrays;
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

  @Test
  void anotherProgramsSqliteFileIsRefusedUntouched() throws Exception {
    Path foreign = dir.resolve("other.db");
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + foreign);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE cats (name TEXT)");
      statement.execute("INSERT INTO cats VALUES ('tom')");
    }
    Path profile = dir.resolve("profile.db");
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + profile);
        Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA application_id = " + 0x7465726e);
    }
    Path text = dir.resolve("notes.txt");
    Files.writeString(
        text, "not a database at all, but long enough to look like a header".repeat(3));
    for (Path file : List.of(foreign, profile, text)) {
      byte[] before = Files.readAllBytes(file);
      assertThatThrownBy(() -> JdbcServerStore.open("sqlite:" + file))
          .as(file.toString())
          .isInstanceOf(ServerStoreException.class)
          .satisfies(
              e ->
                  assertThat(e.getMessage() + " " + e.getCause())
                      .containsAnyOf("refusing to touch it", "not a server database"));
      assertThat(Arrays.equals(Files.readAllBytes(file), before)).as(file.toString()).isTrue();
      assertThat(Files.exists(Path.of(file + "-wal"))).isFalse();
    }
  }

  @Test
  void aServerDatabaseIsMarkedAsOneAndOpensAgain() throws Exception {
    Path file = dir.resolve("server.db");
    try (JdbcServerStore store = JdbcServerStore.open("sqlite:" + file)) {
      store.addTeam("ENG", "Engineering");
    }
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("PRAGMA application_id")) {
      rows.next();
      assertThat(rows.getInt(1)).isEqualTo(Dialect.SERVER_APPLICATION_ID);
    }
    try (JdbcServerStore store = JdbcServerStore.open("sqlite:" + file)) {
      assertThat(store.teams()).hasSize(1);
    }
    assertThat(new String(Files.readAllBytes(file), 0, 15, StandardCharsets.US_ASCII))
        .isEqualTo("SQLite format 3");
  }
}
