package dev.tern.bench;

import dev.tern.model.Issue;
import dev.tern.replica.IssueEdit;
import dev.tern.replica.IssueJson;
import dev.tern.replica.NewIssue;
import dev.tern.replica.Replica;
import java.io.BufferedReader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

/**
 * The engine figures of PRODUCT.md §7 that need no process start, each beside a raw sqlite-jdbc
 * baseline from the same run: local edits (one transaction each) and import of many issues.
 * Arguments: {@code engine import} (default both), {@code --edits N}, {@code --issues N}; {@code
 * profile DIR N} instead writes a profile of N issues to DIR (for the process benchmarks).
 */
public final class LocalBench {
  private LocalBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 3 && args[0].equals("profile")) {
      try (Replica replica =
          Replica.open(Path.of(args[1], "default.db"), System::currentTimeMillis, "bench")) {
        replica.importIssues(
            new BufferedReader(new StringReader(jsonl(Integer.parseInt(args[2])))));
      }
      return;
    }
    int edits = 20_000;
    int issues = 100_000;
    boolean engine = args.length == 0;
    boolean importing = args.length == 0;
    for (int index = 0; index < args.length; index++) {
      switch (args[index]) {
        case "engine" -> engine = true;
        case "import" -> importing = true;
        case "--edits" -> edits = Integer.parseInt(args[++index]);
        case "--issues" -> issues = Integer.parseInt(args[++index]);
        default -> throw new IllegalArgumentException("unknown argument " + args[index]);
      }
    }
    Path dir = Files.createTempDirectory("tern-localbench");
    try {
      if (engine) {
        engine(dir, edits);
      }
      if (importing) {
        importing(dir, issues);
      }
    } finally {
      SyncBench.delete(dir);
    }
  }

  static void engine(Path dir, int edits) throws Exception {
    double tern;
    try (Replica replica = Replica.open(dir.resolve("engine.db"), System::currentTimeMillis, "b")) {
      Issue issue = replica.create(NewIssue.titled("edited"));
      for (int index = 0; index < 2_000; index++) {
        replica.update(issue.id(), title("warm " + index));
      }
      long started = System.nanoTime();
      for (int index = 0; index < edits; index++) {
        replica.update(issue.id(), title("title " + index));
      }
      tern = (System.nanoTime() - started) / 1e9;
    }
    double raw;
    try (Connection connection =
            DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("raw.db"));
        Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA journal_mode = WAL");
      statement.execute("PRAGMA synchronous = NORMAL");
      statement.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, title TEXT)");
      try (PreparedStatement insert =
          connection.prepareStatement("INSERT INTO t (title) VALUES (?)")) {
        for (int index = 0; index < 2_000; index++) {
          insert.setString(1, "warm " + index);
          insert.executeUpdate();
        }
        long started = System.nanoTime();
        for (int index = 0; index < edits; index++) {
          insert.setString(1, "title " + index);
          insert.executeUpdate();
        }
        raw = (System.nanoTime() - started) / 1e9;
      }
    }
    SyncBench.row(
        "local edits through the engine (1 txn each)",
        String.format("%,.0f ops/s", edits / tern),
        "raw sqlite-jdbc single-row commits",
        String.format("%,.0f rows/s", edits / raw),
        String.format("%.2fx of raw", raw / tern));
  }

  static IssueEdit title(String title) {
    return new IssueEdit(
        title, null, null, null, null, false, List.of(), List.of(), null, false, null, null);
  }

  static void importing(Path dir, int issues) throws Exception {
    String lines = jsonl(issues);
    double tern;
    try (Replica replica = Replica.open(dir.resolve("import.db"), System::currentTimeMillis, "b")) {
      long started = System.nanoTime();
      replica.importIssues(new BufferedReader(new StringReader(lines)));
      tern = (System.nanoTime() - started) / 1e9;
    }
    double raw;
    try (Connection connection =
            DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("raw-import.db"));
        Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA journal_mode = WAL");
      statement.execute("PRAGMA synchronous = NORMAL");
      statement.execute("CREATE TABLE t (id TEXT PRIMARY KEY, title TEXT, description TEXT)");
      connection.setAutoCommit(false);
      long started = System.nanoTime();
      try (PreparedStatement insert =
          connection.prepareStatement("INSERT INTO t VALUES (?, ?, ?)")) {
        for (int index = 0; index < issues; index++) {
          insert.setString(1, UUID.randomUUID().toString());
          insert.setString(2, "Issue " + index);
          insert.setString(3, "Some words about issue " + index);
          insert.executeUpdate();
        }
      }
      connection.commit();
      raw = (System.nanoTime() - started) / 1e9;
    }
    SyncBench.row(
        "tern import of " + issues + " issues",
        String.format("%.2f s", tern),
        "raw batched inserts, same rows",
        String.format("%.2f s", raw),
        String.format("%.1fx raw", tern / raw));
  }

  /** {@code count} issues in tern's JSONL form. */
  static String jsonl(int count) {
    StringBuilder lines = new StringBuilder();
    String now = IssueJson.time(System.currentTimeMillis());
    String[] states = {"backlog", "todo", "in_progress", "done", "canceled"};
    for (int index = 0; index < count; index++) {
      lines
          .append("{\"id\":\"")
          .append(UUID.randomUUID())
          .append("\",\"team\":\"LOCAL\",\"title\":\"Issue ")
          .append(index)
          .append(" about the sync engine\",\"description\":\"Some words about issue ")
          .append(index)
          .append("\",\"state\":\"")
          .append(states[index % states.length])
          .append("\",\"priority\":")
          .append(index % 5)
          .append(",\"labels\":[\"bench\"],\"creator\":\"bench\",")
          .append("\"createdAt\":\"")
          .append(now)
          .append("\",\"updatedAt\":\"")
          .append(now)
          .append("\"}\n");
    }
    return lines.toString();
  }
}
