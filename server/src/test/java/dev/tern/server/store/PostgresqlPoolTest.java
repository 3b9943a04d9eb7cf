package dev.tern.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The PostgreSQL connection pool: bounded, and it outlives connections the database drops. */
class PostgresqlPoolTest {
  private static EmbeddedPostgres postgres;
  private static final AtomicInteger DATABASES = new AtomicInteger();

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = EmbeddedPostgres.start();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    postgres.close();
  }

  private static String freshDatabase() throws SQLException {
    String database = "pool" + DATABASES.incrementAndGet();
    admin("CREATE DATABASE " + database);
    return database;
  }

  private static void admin(String sql) throws SQLException {
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static int connectionsTo(String database) throws SQLException {
    try (Connection connection = postgres.getPostgresDatabase().getConnection();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = '" + database + "'")) {
      rows.next();
      return rows.getInt(1);
    }
  }

  @Test
  void manyConcurrentReadsShareAtMostThePoolsConnections() throws Exception {
    String database = freshDatabase();
    DatabaseLocation location =
        DatabaseLocation.postgresql(postgres.getJdbcUrl("postgres", database), "postgres", null);
    ExecutorService readers = Executors.newFixedThreadPool(40);
    try (Connections connections = new Connections(location, connection -> null)) {
      List<Future<Integer>> reads = new ArrayList<>();
      for (int index = 0; index < 40; index++) {
        reads.add(
            readers.submit(
                () ->
                    connections.read(
                        connection -> {
                          try (Statement statement = connection.createStatement()) {
                            statement.execute("SELECT pg_sleep(0.05)");
                          }
                          return connectionsTo(database);
                        })));
      }
      int most = 0;
      for (Future<Integer> read : reads) {
        most = Math.max(most, read.get());
      }
      assertThat(most).isGreaterThan(1).isLessThanOrEqualTo(Connections.POOL_SIZE);
    } finally {
      readers.shutdownNow();
    }
  }

  @Test
  void theStoreKeepsWorkingAfterTheDatabaseDropsItsConnections() throws Exception {
    String database = freshDatabase();
    try (JdbcServerStore store =
        JdbcServerStore.openPostgresql(
            postgres.getJdbcUrl("postgres", database), "postgres", null)) {
      store.addTeam("ENG", "Engineering");
      admin(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
              + database
              + "'");
      // The pool checks a connection that sat idle for more than half a second before lending it.
      Thread.sleep(700);
      store.addTeam("OPS", "Operations");
      assertThat(store.teams()).hasSize(2);
    }
  }

  @Test
  void aPasswordComesFromTheAddressElseFromPgpassword() {
    Map<String, String> environment = Map.of("PGPASSWORD", "from-env");
    assertThat(
            DatabaseLocation.parse("postgresql://tern@db.example/tern", environment)
                .credentials()
                .getProperty("password"))
        .isEqualTo("from-env");
    assertThat(
            DatabaseLocation.parse("postgresql://tern:in%40url@db.example/tern", environment)
                .credentials()
                .getProperty("password"))
        .isEqualTo("in@url");
    assertThat(
            DatabaseLocation.parse("postgresql://tern@db.example/tern", Map.of())
                .credentials()
                .getProperty("password"))
        .isNull();
  }
}
