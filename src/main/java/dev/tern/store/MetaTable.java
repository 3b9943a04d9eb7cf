package dev.tern.store;

import java.util.Optional;

/** The profile's settings and sync bookkeeping, each a key with a text value. */
public final class MetaTable {
  private final Statements sql;

  MetaTable(Statements sql) {
    this.sql = sql;
  }

  public Optional<String> get(String key) {
    return sql.queryOne("SELECT value FROM meta WHERE key = ?", rows -> rows.getString(1), key);
  }

  public void put(String key, String value) {
    sql.update(
        "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = ?",
        key,
        value,
        value);
  }
}
