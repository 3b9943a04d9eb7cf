package dev.tern.store;

import dev.tern.model.StoreException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Optional;

/**
 * Runs the store's SQL: every part of a {@link StoreTxn} reads and writes through here, on the
 * store's cached prepared statements, and a failure becomes a {@link StoreException} naming the
 * file.
 */
final class Statements {
  private final LocalStore store;

  Statements(LocalStore store) {
    this.store = store;
  }

  /** Reads one row; may throw SQLException. */
  @FunctionalInterface
  interface RowMapper<T> {
    T map(ResultSet rows) throws SQLException;
  }

  /** Handles one row; may throw SQLException. */
  @FunctionalInterface
  interface RowHandler {
    void handle(ResultSet rows) throws SQLException;
  }

  void query(String sql, RowHandler handler, Object... arguments) {
    try {
      PreparedStatement statement = store.prepare(sql);
      bind(statement, arguments);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          handler.handle(rows);
        }
      }
    } catch (SQLException e) {
      throw failure("query", e);
    }
  }

  <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... arguments) {
    try {
      PreparedStatement statement = store.prepare(sql);
      bind(statement, arguments);
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next() ? Optional.ofNullable(mapper.map(rows)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw failure("query", e);
    }
  }

  int update(String sql, Object... arguments) {
    try {
      PreparedStatement statement = store.prepare(sql);
      bind(statement, arguments);
      return statement.executeUpdate();
    } catch (SQLException e) {
      throw failure("write", e);
    }
  }

  /**
   * Runs {@code sql} once for each entry of {@code rows} as one JDBC batch (one native call per
   * row, no result sets): for the many rows of an import. Returns each row's update count.
   */
  int[] batch(String sql, java.util.List<Object[]> rows) {
    if (rows.isEmpty()) {
      return new int[0];
    }
    try {
      PreparedStatement statement = store.prepare(sql);
      for (Object[] row : rows) {
        bind(statement, row);
        statement.addBatch();
      }
      return statement.executeBatch();
    } catch (SQLException e) {
      throw failure("write", e);
    }
  }

  private static void bind(PreparedStatement statement, Object... arguments) throws SQLException {
    for (int i = 0; i < arguments.length; i++) {
      Object argument = arguments[i];
      if (argument == null) {
        statement.setNull(i + 1, Types.NULL);
      } else if (argument instanceof String text) {
        statement.setString(i + 1, text);
      } else if (argument instanceof Integer number) {
        statement.setInt(i + 1, number);
      } else if (argument instanceof Long number) {
        statement.setLong(i + 1, number);
      } else {
        throw new IllegalArgumentException("cannot bind " + argument.getClass());
      }
    }
  }

  StoreException failure(String what, SQLException e) {
    return new StoreException(
        "store " + what + " failed on " + store.file() + ": " + LocalStore.describe(e), e);
  }
}
