package dev.tern.cli;

import dev.tern.model.InvalidInputException;
import picocli.CommandLine.Option;

/** {@code -d TEXT} or {@code -F FILE|-}: where a new or edited description comes from. */
final class DescriptionOptions {
  @Option(
      names = {"-d", "--description"},
      paramLabel = "TEXT",
      description = "The description.")
  String text;

  @Option(
      names = {"-F", "--description-file"},
      paramLabel = "FILE",
      description = "Read the description from FILE ('-': standard input).")
  String file;

  boolean given() {
    return text != null || file != null;
  }

  /** The description given, or null when neither option was. */
  String read(Session session) {
    if (text != null && file != null) {
      throw new InvalidInputException("give either -d or -F, not both");
    }
    return file != null ? TextInput.read(file, session.stdin()) : text;
  }
}
