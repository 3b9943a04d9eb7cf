package dev.tern.store;

import dev.tern.model.StoreException;
import dev.tern.sqlite.Wal;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * One profile's SQLite file. Opening checks that the file is a tern store this version understands
 * before anything is written to it, then brings the schema up to date.
 *
 * <p>All access goes through transactions: {@link #write()} begins IMMEDIATE, taking SQLite's write
 * lock up front, so a read-then-write transaction can never fail half-way with SQLITE_BUSY_SNAPSHOT
 * when other processes write the same file; they wait on the busy timeout instead.
 */
public final class LocalStore implements AutoCloseable {
  static final int BUSY_TIMEOUT_MS = 30_000;

  private final Path file;
  private final Connection connection;
  private final Map<String, PreparedStatement> statements = new HashMap<>();
  final Tables tables;
  private StoreTxn open;
  private StoreTxn joining;

  private LocalStore(Path file, Connection connection) {
    this.file = file;
    this.connection = connection;
    this.tables = new Tables(this);
  }

  /** Opens (creating if needed) the store at {@code file}; refuses files that are not ours. */
  public static LocalStore open(Path file) {
    boolean fresh = !Files.exists(file) || sizeOf(file) == 0;
    if (fresh) {
      createParent(file);
      createPrivate(file);
    }
    Connection connection = connect(file);
    try {
      if (!fresh) {
        checkOwnership(file, connection);
      }
      // Another tern process may be opening the same new profile right now (a watch and a command).
      Wal.enable(connection, Duration.ofMillis(BUSY_TIMEOUT_MS));
      try (Statement statement = connection.createStatement()) {
        statement.execute("PRAGMA synchronous = NORMAL");
        // Fewer, larger checkpoints: many commits touch the same pages, so each is written once.
        statement.execute("PRAGMA wal_autocheckpoint = 10000");
        // Up to 64 MiB of page cache (allocated only as pages are used; the default is 2 MiB), so
        // a large transaction such as an import keeps its random-keyed index pages in memory
        // instead of spilling them to the WAL mid-transaction and reading them back.
        statement.execute("PRAGMA cache_size = -65536");
      }
      LocalStore store = new LocalStore(file, connection);
      store.migrate();
      return store;
    } catch (SQLException | RuntimeException e) {
      closeQuietly(connection, e);
      if (e instanceof StoreException refusal) {
        throw refusal;
      }
      throw new StoreException("cannot open store " + file + ": " + describe(e), e);
    }
  }

  public Path file() {
    return file;
  }

  /** Begins a write transaction. Close it without {@link StoreTxn#commit()} to roll back. */
  public StoreTxn write() {
    return begin("BEGIN IMMEDIATE");
  }

  /** Begins a read transaction: one consistent snapshot for several queries. */
  public StoreTxn read() {
    return begin("BEGIN DEFERRED");
  }

  /** Reports whether another connection has committed since the last call (PRAGMA data_version). */
  public long dataVersion() {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("PRAGMA data_version")) {
      rows.next();
      return rows.getLong(1);
    } catch (SQLException e) {
      throw new StoreException("cannot read data_version: " + describe(e), e);
    }
  }

  @Override
  public void close() {
    try {
      for (PreparedStatement statement : statements.values()) {
        statement.close();
      }
      statements.clear();
      connection.close();
    } catch (SQLException e) {
      throw new StoreException("cannot close store " + file + ": " + describe(e), e);
    }
  }

  /**
   * Begins a write transaction that the transactions begun inside it join: their commits are
   * deferred to this one, and any of them closing without commit makes this one roll back. This is
   * how {@code tern batch --atomic} makes many commands all-or-nothing.
   */
  public StoreTxn atomic() {
    StoreTxn outer = write();
    joining = outer;
    return outer;
  }

  private StoreTxn begin(String sql) {
    if (joining != null && joining.isOpen()) {
      return new StoreTxn(this, joining);
    }
    if (open != null && open.isOpen()) {
      throw new IllegalStateException("a transaction is already open on " + file);
    }
    try {
      execute(sql);
    } catch (SQLException e) {
      throw new StoreException("cannot begin transaction on " + file + ": " + describe(e), e);
    }
    open = new StoreTxn(this, null);
    return open;
  }

  PreparedStatement prepare(String sql) throws SQLException {
    PreparedStatement statement = statements.get(sql);
    if (statement == null || statement.isClosed()) {
      statement = connection.prepareStatement(sql);
      statements.put(sql, statement);
    }
    return statement;
  }

  /**
   * Runs a statement without results. BEGIN, COMMIT and ROLLBACK come here on every transaction, so
   * they are prepared once and kept like any other statement.
   */
  void execute(String sql) throws SQLException {
    prepare(sql).execute();
  }

  private void migrate() throws SQLException {
    if (userVersion(connection) == Schema.latestVersion()) {
      return;
    }
    try (StoreTxn txn = write()) {
      int version = userVersion(connection);
      if (version > Schema.latestVersion()) {
        throw tooNew(file, version);
      }
      try (Statement statement = connection.createStatement()) {
        for (int next = version + 1; next <= Schema.latestVersion(); next++) {
          statement.executeUpdate(Schema.MIGRATIONS.get(next - 1));
          statement.execute("PRAGMA user_version = " + next);
        }
        statement.execute("PRAGMA application_id = " + Schema.APPLICATION_ID);
      }
      txn.commit();
    }
  }

  /**
   * Refuses, without writing a byte, a file that is not a SQLite database, a SQLite database of
   * some other program, or a tern store from a newer version.
   */
  private static void checkOwnership(Path file, Connection connection) throws SQLException {
    int applicationId;
    int version;
    try (Statement statement = connection.createStatement()) {
      applicationId = intPragma(statement, "application_id");
      version = intPragma(statement, "user_version");
      if (applicationId != Schema.APPLICATION_ID) {
        try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM sqlite_schema")) {
          rows.next();
          if (applicationId != 0 || rows.getInt(1) > 0) {
            throw new StoreException(file + " is not a tern store; refusing to touch it");
          }
        }
      }
    } catch (SQLiteException e) {
      if (e.getResultCode() == SQLiteErrorCode.SQLITE_NOTADB) {
        throw new StoreException(file + " is not a tern store (not a SQLite database)", e);
      }
      throw e;
    }
    if (version > Schema.latestVersion()) {
      throw tooNew(file, version);
    }
  }

  private static StoreException tooNew(Path file, int version) {
    return new StoreException(
        file
            + " was written by a newer tern (store version "
            + version
            + ", this tern knows up to "
            + Schema.latestVersion()
            + "); upgrade tern to use it");
  }

  private static int userVersion(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      return intPragma(statement, "user_version");
    }
  }

  private static int intPragma(Statement statement, String name) throws SQLException {
    try (ResultSet rows = statement.executeQuery("PRAGMA " + name)) {
      rows.next();
      return rows.getInt(1);
    }
  }

  private static Connection connect(Path file) {
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout(BUSY_TIMEOUT_MS);
    // Otherwise sqlite-jdbc follows every INSERT with a freshly prepared "SELECT
    // last_insert_rowid()" for getGeneratedKeys(), which tern never calls: a third of import time.
    config.setGetGeneratedKeys(false);
    try {
      return config.createConnection("jdbc:sqlite:" + file);
    } catch (SQLException e) {
      throw new StoreException("cannot open store " + file + ": " + describe(e), e);
    }
  }

  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new StoreException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static void createParent(Path file) {
    Path parent = file.toAbsolutePath().getParent();
    try {
      Files.createDirectories(parent);
    } catch (IOException e) {
      throw new StoreException("cannot create " + parent + ": " + e.getMessage(), e);
    }
  }

  /**
   * Creates the store readable by its owner only: it holds the server token once logged in. SQLite
   * gives the -wal and -shm files the same permissions.
   */
  /**
   * Creates the file readable by its owner alone from its first moment. A file already there is no
   * failure: another process opening the same new profile made it first, or an earlier attempt left
   * it empty. Either way it is as fresh, and it is made private too.
   */
  private static void createPrivate(Path file) {
    boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
    Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
    try {
      try {
        if (posix) {
          Files.createFile(file, PosixFilePermissions.asFileAttribute(ownerOnly));
        } else {
          Files.createFile(file);
        }
      } catch (FileAlreadyExistsException e) {
        if (posix) {
          Files.setPosixFilePermissions(file, ownerOnly);
        }
      }
    } catch (IOException e) {
      throw new StoreException("cannot create " + file + ": " + e.getMessage(), e);
    }
  }

  private static void closeQuietly(Connection connection, Exception primary) {
    try {
      connection.close();
    } catch (SQLException e) {
      primary.addSuppressed(e);
    }
  }

  static String describe(Exception e) {
    String message = e.getMessage();
    return message == null ? e.getClass().getSimpleName() : message;
  }
}
