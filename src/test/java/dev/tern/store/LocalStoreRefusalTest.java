package dev.tern.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.model.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStoreRefusalTest {
  @TempDir Path dir;

  @Test
  void aForeignSqliteFileIsRefusedAndLeftUntouched() throws Exception {
    Path file = dir.resolve("foreign.db");
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE notes (body TEXT)");
      statement.execute("INSERT INTO notes VALUES ('mine, not tern''s')");
    }
    assertRefusedUnchanged(file, "not a tern store");
  }

  @Test
  void aFileThatIsNotSqliteIsRefusedAndLeftUntouched() throws Exception {
    Path file = dir.resolve("notes.db");
    Files.writeString(file, "Dear diary, today I wrote a text file with a .db name.\n".repeat(200));
    assertRefusedUnchanged(file, "not a tern store");
  }

  @Test
  void aStoreFromANewerTernIsRefusedAndLeftUntouched() throws Exception {
    Path file = dir.resolve("future.db");
    LocalStore.open(file).close();
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA journal_mode = DELETE"); // fold the WAL back into the file
      statement.execute("PRAGMA user_version = " + (Schema.latestVersion() + 1));
    }
    assertThat(sidecars(file)).isEmpty();
    assertRefusedUnchanged(file, "newer tern");
  }

  @Test
  void aStoreFromANewerTernInWalModeIsRefusedAndLeftUntouched() throws Exception {
    Path file = dir.resolve("future-wal.db");
    LocalStore.open(file).close();
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA user_version = " + (Schema.latestVersion() + 1));
    }
    assertRefusedUnchanged(file, "newer tern");
  }

  @Test
  void aFreshFileIsCreatedAndReopened() {
    Path file = dir.resolve("sub/dir/new.db");
    LocalStore.open(file).close();
    LocalStore.open(file).close();
    assertThat(file).exists();
  }

  private void assertRefusedUnchanged(Path file, String reason) throws Exception {
    String before = hash(file);
    List<Path> sidecarsBefore = sidecars(file);
    assertThatThrownBy(() -> LocalStore.open(file))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining(reason)
        .hasMessageContaining(file.toString());
    assertThat(hash(file)).as("bytes of " + file).isEqualTo(before);
    assertThat(sidecars(file)).as("-wal/-shm files").isEqualTo(sidecarsBefore);
  }

  private static List<Path> sidecars(Path file) throws Exception {
    try (Stream<Path> files = Files.list(file.getParent())) {
      return files
          .filter(path -> path.getFileName().toString().startsWith(file.getFileName() + "-"))
          .sorted()
          .toList();
    }
  }

  private static String hash(Path file) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
