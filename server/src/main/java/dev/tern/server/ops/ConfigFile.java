package dev.tern.server.ops;

import dev.tern.model.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The server config file: one {@code key = value} a line, {@code #} starts a comment line, blank
 * lines are ignored. Keys are the long options of {@code tern server} without their dashes; an
 * option given on the command line wins over the file. An unknown key, a repeated key or a
 * malformed number is refused with its file and line, so that a typo never silently falls back to a
 * default. server/tern-server.conf is an example with every key.
 */
public final class ConfigFile {
  /** Every key the file may set. */
  public static final Set<String> KEYS =
      Set.of(
          "port",
          "host",
          "db",
          "tls-keystore",
          "tls-password",
          "keep-ops",
          "http-port",
          "http-host",
          "max-connections",
          "max-queued-bytes",
          "max-total-queued-bytes",
          "hello-timeout-seconds");

  /** A file that sets nothing. */
  public static final ConfigFile EMPTY = new ConfigFile("(none)", Map.of());

  private record Entry(String value, int line) {}

  private final String source;
  private final Map<String, Entry> entries;

  private ConfigFile(String source, Map<String, Entry> entries) {
    this.source = source;
    this.entries = entries;
  }

  /** Reads and checks the file; throws InvalidInputException, naming the file and line. */
  public static ConfigFile read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InvalidInputException("cannot read config file " + file + ": " + e.getMessage());
    }
    return parse(file.toString(), lines);
  }

  static ConfigFile parse(String source, List<String> lines) {
    Map<String, Entry> entries = new LinkedHashMap<>();
    for (int index = 0; index < lines.size(); index++) {
      String line = lines.get(index).strip();
      int number = index + 1;
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int equals = line.indexOf('=');
      if (equals < 0) {
        throw new InvalidInputException(
            source + ":" + number + ": expected 'key = value', not '" + line + "'");
      }
      String key = line.substring(0, equals).strip();
      String value = line.substring(equals + 1).strip();
      if (!KEYS.contains(key)) {
        throw new InvalidInputException(
            source
                + ":"
                + number
                + ": unknown setting '"
                + key
                + "' (known: "
                + String.join(", ", KEYS.stream().sorted().toList())
                + ")");
      }
      if (entries.containsKey(key)) {
        throw new InvalidInputException(
            source
                + ":"
                + number
                + ": '"
                + key
                + "' was already set on line "
                + entries.get(key).line);
      }
      entries.put(key, new Entry(value, number));
    }
    return new ConfigFile(source, Map.copyOf(entries));
  }

  /** The value of {@code key}, when the file sets it. */
  public Optional<String> text(String key) {
    return Optional.ofNullable(entries.get(checked(key))).map(Entry::value);
  }

  /**
   * The value of {@code key} as a whole number between {@code min} and {@code max}, when the file
   * sets it; throws InvalidInputException, with the file and line, for anything else.
   */
  public Optional<Long> number(String key, long min, long max) {
    Entry entry = entries.get(checked(key));
    if (entry == null) {
      return Optional.empty();
    }
    long value;
    try {
      value = Long.parseLong(entry.value.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new InvalidInputException(
          source
              + ":"
              + entry.line
              + ": "
              + key
              + " must be a whole number, not '"
              + entry.value
              + "'");
    }
    if (value < min || value > max) {
      throw new InvalidInputException(
          source + ":" + entry.line + ": " + key + " must be between " + min + " and " + max);
    }
    return Optional.of(value);
  }

  private static String checked(String key) {
    if (!KEYS.contains(key)) {
      throw new IllegalArgumentException("not a config key: " + key);
    }
    return key;
  }
}
