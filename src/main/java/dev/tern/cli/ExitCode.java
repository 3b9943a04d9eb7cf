package dev.tern.cli;

/** The exit codes scripts rely on (README.md lists them). */
public final class ExitCode {
  private ExitCode() {}

  public static final int OK = 0;

  /** Something went wrong that is not the user's input: a store or I/O failure. */
  public static final int FAILURE = 1;

  /** The command line or an input value was wrong. */
  public static final int USAGE = 2;

  /** A reference named no issue. */
  public static final int NOT_FOUND = 3;

  /** The server could not be reached; nothing was lost, operations wait. */
  public static final int UNREACHABLE = 4;

  /** The command succeeded but conflicts wait for the user ({@code tern conflicts}). */
  public static final int CONFLICTS = 5;
}
