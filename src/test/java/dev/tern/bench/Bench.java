package dev.tern.bench;

import dev.tern.cli.view.IssueView;
import dev.tern.model.State;
import dev.tern.replica.IssueEdit;
import dev.tern.replica.IssueQuery;
import dev.tern.replica.NewIssue;
import dev.tern.replica.Replica;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.sqlite.SQLiteConfig;

/**
 * The in-process half of {@code scripts/bench}: each mode prints one number on stdout, so the
 * script stays in charge of the table. Not a test: surefire never runs it, {@code mvn verify} only
 * compiles it.
 *
 * <pre>
 * noop                       start and exit (the bare-JVM baseline)
 * jsonl N FILE               write N issues in the import format
 * engine FILE N              Replica.update, one transaction each: ops/s
 * engine-cpu FILE N          the same edits: CPU time (user + system) of the editing thread per
 *                            edit, in µs; on a loaded machine it moves far less than the rate
 * engine-pages FILE N        WAL pages (frames) each of N engine edits commits, on average
 * queries FILE RUNS          on an existing profile: median ms of ls (50 of the open issues by update
 *                            time, with the count as ls makes it), ls --search, show, one edit,
 *                            status
 * raw-commits FILE N         one-row UPDATE commits on a plain WAL table: ops/s
 * raw-commits-cpu FILE N     the same commits: CPU time per commit, in µs
 * raw-insert FILE N          N rows of an issue-shaped table in one batched transaction: seconds
 * </pre>
 */
public final class Bench {
  private Bench() {}

  public static void main(String[] args) throws Exception {
    switch (args.length == 0 ? "" : args[0]) {
      case "noop" -> {}
      case "jsonl" -> jsonl(Integer.parseInt(args[1]), Path.of(args[2]));
      case "engine" -> System.out.println(engine(Path.of(args[1]), Integer.parseInt(args[2])));
      case "engine-cpu" -> {
        engine(Path.of(args[1]), Integer.parseInt(args[2]));
        System.out.println(String.format(Locale.ROOT, "%.1f", lastCpuMicros));
      }
      case "engine-pages" ->
          System.out.println(enginePages(Path.of(args[1]), Integer.parseInt(args[2])));
      case "queries" -> System.out.println(queries(Path.of(args[1]), Integer.parseInt(args[2])));
      case "raw-commits-cpu" -> {
        rawCommits(Path.of(args[1]), Integer.parseInt(args[2]));
        System.out.println(String.format(Locale.ROOT, "%.1f", lastCpuMicros));
      }
      case "raw-commits" ->
          System.out.println(rawCommits(Path.of(args[1]), Integer.parseInt(args[2])));
      case "raw-insert" ->
          System.out.println(rawInsert(Path.of(args[1]), Integer.parseInt(args[2])));
      default -> {
        System.err.println("usage: Bench noop|jsonl|engine|raw-commits|raw-insert ...");
        System.exit(2);
      }
    }
  }

  /** Issues with a varied title, a short description and a label, in {@code tern export} form. */
  static void jsonl(int count, Path file) throws IOException {
    String[] states = {"backlog", "todo", "in_progress", "done", "canceled"};
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (int index = 0; index < count; index++) {
        String id =
            UUID.nameUUIDFromBytes(("bench " + index).getBytes(StandardCharsets.UTF_8)).toString();
        long created = 1_700_000_000_000L + index * 1000L;
        out.write(
            String.format(
                Locale.ROOT,
                "{\"id\":\"%s\",\"key\":\"%s\",\"team\":\"LOCAL\",\"number\":null,"
                    + "\"title\":\"Issue %d about widget %d\",\"description\":\"Steps to"
                    + " reproduce %d\",\"state\":\"%s\",\"priority\":%d,\"assignee\":%s,"
                    + "\"labels\":[\"l%d\"],\"estimate\":null,\"parent\":null,\"creator\":\"bench\","
                    + "\"createdAt\":\"%s\",\"updatedAt\":\"%s\",\"archived\":false,"
                    + "\"comments\":[]}\n",
                id,
                id.substring(0, 8),
                index,
                index % 97,
                index,
                states[index % states.length],
                index % 5,
                index % 3 == 0 ? "\"alice\"" : "null",
                index % 7,
                java.time.Instant.ofEpochMilli(created),
                java.time.Instant.ofEpochMilli(created)));
      }
    }
  }

  /** Edits through the engine, one transaction each, after a warm-up; returns ops per second. */
  static long engine(Path file, int count) {
    try (Replica replica = Replica.open(file, System::currentTimeMillis, "bench")) {
      List<String> ids = new ArrayList<>();
      for (int index = 0; index < 100; index++) {
        ids.add(replica.create(NewIssue.titled("engine " + index)).id());
      }
      State[] cycle = {State.IN_PROGRESS, State.DONE, State.TODO};
      int warmup = Math.min(2000, count);
      for (int index = 0; index < warmup; index++) {
        replica.update(ids.get(index % ids.size()), IssueEdit.none().withState(cycle[index % 3]));
      }
      long start = System.nanoTime();
      long cpuStart = THREADS.getCurrentThreadCpuTime();
      for (int index = 0; index < count; index++) {
        replica.update(
            ids.get(index % ids.size()), IssueEdit.none().withState(cycle[(index + 1) % 3]));
      }
      lastCpuMicros = (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1e3 / count;
      return Math.round(count / ((System.nanoTime() - start) / 1e9));
    }
  }

  private static final java.lang.management.ThreadMXBean THREADS =
      java.lang.management.ManagementFactory.getThreadMXBean();

  /** The CPU time (user and system) of one edit in the last {@link #engine} run, in µs. */
  private static double lastCpuMicros;

  /**
   * WAL frames per engine edit: the pages its COMMIT writes, the cost the schema decides (a count,
   * so unlike a rate it does not move with the machine's load). Checkpoints empty the WAL before
   * the edits; {@code count} must stay well under the store's autocheckpoint (10,000 pages) so that
   * none happens in between.
   */
  static String enginePages(Path file, int count) throws SQLException {
    try (Replica replica = Replica.open(file, System::currentTimeMillis, "bench");
        Connection side = connect(file)) {
      List<String> ids = new ArrayList<>();
      for (int index = 0; index < 100; index++) {
        ids.add(replica.create(NewIssue.titled("engine " + index)).id());
      }
      State[] cycle = {State.IN_PROGRESS, State.DONE, State.TODO};
      try (Statement statement = side.createStatement()) {
        statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        for (int index = 0; index < count; index++) {
          replica.update(ids.get(index % ids.size()), IssueEdit.none().withState(cycle[index % 3]));
        }
        try (var rows = statement.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
          rows.next();
          return String.format(Locale.ROOT, "%.1f", rows.getInt(2) / (double) count);
        }
      }
    }
  }

  /**
   * The work of {@code ls}, {@code ls --search}, {@code show} and {@code edit} inside one process
   * on an existing profile, without JVM start-up (which on a loaded machine drowns a store's
   * growth): the median of {@code runs} each, in ms, as "ls X search Y show Z edit W status V".
   */
  static String queries(Path file, int runs) {
    try (Replica replica = Replica.open(file, System::currentTimeMillis, "bench")) {
      IssueQuery ls =
          new IssueQuery(
              List.of(), null, null, null, null, null, IssueQuery.Sort.UPDATED, 50, false);
      IssueQuery search =
          new IssueQuery(
              List.of(), null, null, null, null, "widget", IssueQuery.Sort.UPDATED, 50, false);
      String some = replica.list(ls).get(0).id();
      State[] cycle = {State.IN_PROGRESS, State.TODO};
      double[][] times = new double[5][runs];
      for (int run = 0; run < runs; run++) {
        long start = System.nanoTime();
        replica.list(ls);
        replica.count(ls, IssueView.COUNTED + 1);
        times[0][run] = (System.nanoTime() - start) / 1e6;
        start = System.nanoTime();
        replica.list(search);
        replica.count(search, IssueView.COUNTED + 1);
        times[1][run] = (System.nanoTime() - start) / 1e6;
        start = System.nanoTime();
        replica.show(some.substring(0, 8));
        times[2][run] = (System.nanoTime() - start) / 1e6;
        start = System.nanoTime();
        replica.update(some, IssueEdit.none().withState(cycle[run % 2]));
        times[3][run] = (System.nanoTime() - start) / 1e6;
        start = System.nanoTime();
        replica.status();
        times[4][run] = (System.nanoTime() - start) / 1e6;
      }
      String[] names = {"ls", "search", "show", "edit", "status"};
      StringBuilder out = new StringBuilder();
      for (int index = 0; index < names.length; index++) {
        java.util.Arrays.sort(times[index]);
        out.append(String.format(Locale.ROOT, "%s %.2f ", names[index], times[index][runs / 2]));
      }
      return out.toString().strip();
    }
  }

  private static Connection connect(Path file) throws SQLException {
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout(30_000);
    Connection connection = config.createConnection("jdbc:sqlite:" + file);
    try (Statement statement = connection.createStatement()) {
      // The same settings as the engine's store: WAL with synchronous=NORMAL.
      statement.execute("PRAGMA journal_mode = WAL");
      statement.execute("PRAGMA synchronous = NORMAL");
    }
    return connection;
  }

  /** One-row UPDATE commits on a small WAL table, as the engine's floor; returns ops per second. */
  static long rawCommits(Path file, int count) throws SQLException {
    try (Connection connection = connect(file)) {
      try (Statement statement = connection.createStatement()) {
        statement.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, state TEXT, n INTEGER)");
        statement.execute(
            "INSERT INTO t WITH RECURSIVE s(v) AS (SELECT 1 UNION ALL SELECT v + 1 FROM s"
                + " WHERE v < 100) SELECT v, 'todo', 0 FROM s");
      }
      connection.setAutoCommit(true);
      try (PreparedStatement update =
          connection.prepareStatement("UPDATE t SET state = ?, n = n + 1 WHERE id = ?")) {
        String[] cycle = {"in_progress", "done", "todo"};
        int warmup = Math.min(2000, count);
        for (int index = 0; index < warmup + count; index++) {
          if (index == warmup) {
            return timed(update, cycle, warmup, count);
          }
          update.setString(1, cycle[index % 3]);
          update.setInt(2, 1 + index % 100);
          update.executeUpdate();
        }
      }
    }
    return 0;
  }

  private static long timed(PreparedStatement update, String[] cycle, int from, int count)
      throws SQLException {
    long start = System.nanoTime();
    long cpuStart = THREADS.getCurrentThreadCpuTime();
    for (int index = from; index < from + count; index++) {
      update.setString(1, cycle[index % 3]);
      update.setInt(2, 1 + index % 100);
      update.executeUpdate();
    }
    lastCpuMicros = (THREADS.getCurrentThreadCpuTime() - cpuStart) / 1e3 / count;
    return Math.round(count / ((System.nanoTime() - start) / 1e9));
  }

  /** Issue-shaped rows in one transaction with JDBC batches of 1,000; returns seconds. */
  static double rawInsert(Path file, int count) throws SQLException {
    try (Connection connection = connect(file)) {
      try (Statement statement = connection.createStatement()) {
        statement.execute(
            "CREATE TABLE issues (rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, team TEXT,"
                + " title TEXT, description TEXT, state TEXT, priority INTEGER, labels TEXT,"
                + " created_at INTEGER, updated_at INTEGER)");
      }
      long start = System.nanoTime();
      connection.setAutoCommit(false);
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO issues (id, team, title, description, state, priority, labels,"
                  + " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        for (int index = 0; index < count; index++) {
          insert.setString(1, new UUID(index, index).toString());
          insert.setString(2, "LOCAL");
          insert.setString(3, "Issue " + index + " about widget " + index % 97);
          insert.setString(4, "Steps to reproduce " + index);
          insert.setString(5, "todo");
          insert.setInt(6, index % 5);
          insert.setString(7, "l" + index % 7);
          insert.setLong(8, 1_700_000_000_000L + index);
          insert.setLong(9, 1_700_000_000_000L + index);
          insert.addBatch();
          if (index % 1000 == 999) {
            insert.executeBatch();
          }
        }
        insert.executeBatch();
      }
      connection.commit();
      return (System.nanoTime() - start) / 1e9;
    }
  }
}
