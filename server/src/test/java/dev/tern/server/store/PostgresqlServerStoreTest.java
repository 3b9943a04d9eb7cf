package dev.tern.server.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The store contract on a real PostgreSQL, one fresh database per test. */
class PostgresqlServerStoreTest extends ServerStoreContract {
  private static EmbeddedPostgres postgres;
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private String database;

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = EmbeddedPostgres.start();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    postgres.close();
  }

  @Override
  ServerStore openEmpty() throws Exception {
    database = "tern" + DATABASES.incrementAndGet();
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + database);
    }
    return reopen();
  }

  @Override
  ServerStore reopen() {
    return JdbcServerStore.openPostgresql(
        postgres.getJdbcUrl("postgres", database), "postgres", null);
  }

  @Override
  Connection connect() throws SQLException {
    return postgres.getDatabase("postgres", database).getConnection();
  }

  @Override
  Dialect dialect() {
    return Dialect.POSTGRESQL;
  }
}
