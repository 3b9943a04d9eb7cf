package dev.tern.store;

import java.util.LinkedHashMap;
import java.util.Map;

/** The teams this profile knows, by key. */
public final class TeamTable {
  private final Statements sql;

  TeamTable(Statements sql) {
    this.sql = sql;
  }

  public void put(String key, String name) {
    sql.update(
        "INSERT INTO teams (key, name) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET name = ?",
        key,
        name,
        name);
  }

  /** Every team, key to name, in key order. */
  public Map<String, String> all() {
    Map<String, String> teams = new LinkedHashMap<>();
    sql.query(
        "SELECT key, name FROM teams ORDER BY key",
        rows -> teams.put(rows.getString(1), rows.getString(2)));
    return teams;
  }

  /** Replaces every team with {@code teams}. */
  public void replaceAll(Map<String, String> teams) {
    sql.update("DELETE FROM teams");
    teams.forEach(this::put);
  }
}
