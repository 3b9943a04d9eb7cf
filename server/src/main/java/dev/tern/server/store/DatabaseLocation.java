package dev.tern.server.store;

import dev.tern.model.InvalidInputException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Properties;

/**
 * Where a server store lives: its dialect, JDBC URL and credentials, read from the location the
 * command line takes ({@code sqlite:PATH} or {@code
 * postgresql://[user[:password]@]host[:port]/db}).
 */
final class DatabaseLocation {
  private final Dialect dialect;
  private final String jdbcUrl;
  private final Properties credentials;

  private DatabaseLocation(Dialect dialect, String jdbcUrl, Properties credentials) {
    this.dialect = dialect;
    this.jdbcUrl = jdbcUrl;
    this.credentials = credentials;
  }

  /** Throws InvalidInputException for a location of another form. */
  static DatabaseLocation parse(String location) {
    return parse(location, System.getenv());
  }

  /**
   * As {@link #parse(String)}, with the environment to read: a PostgreSQL address without a
   * password takes the one in {@code PGPASSWORD}, as psql and pg_dump do, so that it need not sit
   * in a config file or on a command line that {@code ps} shows.
   */
  static DatabaseLocation parse(String location, Map<String, String> environment) {
    if (location.startsWith("sqlite:")) {
      return sqlite(Path.of(location.substring("sqlite:".length())));
    }
    if (location.startsWith("postgresql://") || location.startsWith("postgres://")) {
      return postgresql(location, environment.get("PGPASSWORD"));
    }
    throw new InvalidInputException(
        "unknown database '" + location + "' (use sqlite:PATH or postgresql://HOST/DB)");
  }

  /**
   * A SQLite file. A missing file is created readable by its owner only, in directories created the
   * same way: it holds every team's issues and the token hashes. (SQLite gives its -wal and -shm
   * files the database file's permissions.)
   */
  static DatabaseLocation sqlite(Path file) {
    ownerOnly(file.toAbsolutePath());
    return new DatabaseLocation(
        Dialect.SQLITE, "jdbc:sqlite:" + file.toAbsolutePath(), new Properties());
  }

  private static void ownerOnly(Path file) {
    if (Files.exists(file)
        || !FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      return;
    }
    try {
      Path directory = file.getParent();
      if (directory != null && !Files.exists(directory)) {
        Files.createDirectories(
            directory,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      }
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (FileAlreadyExistsException raced) {
      // Another process created it first: it made it the same way.
    } catch (IOException e) {
      throw new InvalidInputException("cannot create " + file + ": " + e.getMessage());
    }
  }

  /** A PostgreSQL database from a JDBC URL and credentials; {@code password} may be null. */
  static DatabaseLocation postgresql(String jdbcUrl, String user, String password) {
    Properties credentials = new Properties();
    credentials.setProperty("user", user);
    if (password != null) {
      credentials.setProperty("password", password);
    }
    return new DatabaseLocation(Dialect.POSTGRESQL, jdbcUrl, credentials);
  }

  private static DatabaseLocation postgresql(String location, String passwordFromEnvironment) {
    URI uri;
    try {
      uri = new URI(location);
    } catch (URISyntaxException e) {
      throw new InvalidInputException("malformed database address: " + e.getMessage());
    }
    if (uri.getHost() == null) {
      throw new InvalidInputException("database address has no host: " + location);
    }
    Properties credentials = new Properties();
    if (uri.getRawUserInfo() != null) {
      String[] parts = uri.getRawUserInfo().split(":", 2);
      credentials.setProperty("user", URLDecoder.decode(parts[0], StandardCharsets.UTF_8));
      if (parts.length == 2) {
        credentials.setProperty("password", URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
      }
    }
    if (!credentials.containsKey("password") && passwordFromEnvironment != null) {
      credentials.setProperty("password", passwordFromEnvironment);
    }
    String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
    String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
    String url = "jdbc:postgresql://" + uri.getHost() + port + uri.getRawPath() + query;
    return new DatabaseLocation(Dialect.POSTGRESQL, url, credentials);
  }

  Dialect dialect() {
    return dialect;
  }

  String jdbcUrl() {
    return jdbcUrl;
  }

  /** A fresh copy of the connection properties (user and password, when given). */
  Properties credentials() {
    Properties copy = new Properties();
    copy.putAll(credentials);
    return copy;
  }
}
