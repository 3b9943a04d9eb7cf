package dev.tern.cli;

import picocli.CommandLine.Option;

/** Options every command takes. */
public final class GlobalOptions {
  @Option(
      names = "--profile",
      paramLabel = "NAME",
      description = "Profile to use (default: $TERN_PROFILE, else 'default').")
  String profile;

  @Option(names = "--json", description = "Print the result as JSON (one line) for scripts.")
  boolean json;
}
