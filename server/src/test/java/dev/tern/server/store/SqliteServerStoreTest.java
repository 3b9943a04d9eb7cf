package dev.tern.server.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteServerStoreTest extends ServerStoreContract {
  @TempDir Path directory;

  @Override
  ServerStore openEmpty() {
    return JdbcServerStore.open("sqlite:" + directory.resolve("server.db"));
  }
}
