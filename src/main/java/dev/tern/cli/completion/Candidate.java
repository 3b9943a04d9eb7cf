package dev.tern.cli.completion;

/**
 * One word completion may offer, and what it is (an issue's title, a command's summary; empty when
 * the word says it all). Both are safe to print: values from data went through {@code
 * Text.printable}.
 */
public record Candidate(String value, String description) {
  public Candidate {
    description = description == null ? "" : description;
  }
}
