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

  @Option(
      names = "--no-pager",
      description =
          "Print straight to the terminal; show, log, history and lists otherwise page through"
              + " $TERN_PAGER, $PAGER or 'less -FRX' on a terminal.")
  boolean noPager;
}
