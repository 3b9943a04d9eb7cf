package dev.tern.server.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.io.TempDir;

class SqliteServerStoreTest extends ServerStoreContract {
  @TempDir Path directory;

  @Override
  ServerStore openEmpty() {
    return reopen();
  }

  @Override
  ServerStore reopen() {
    return JdbcServerStore.open("sqlite:" + directory.resolve("server.db"));
  }

  @Override
  Connection connect() throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + directory.resolve("server.db"));
  }

  @Override
  Dialect dialect() {
    return Dialect.SQLITE;
  }
}
