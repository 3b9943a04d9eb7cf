package dev.tern.cli;

import dev.tern.cli.view.Terminal;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * Runs tern commands in this JVM the way {@code Main} does, each with a fresh session (as a new
 * process would have), on a profile under {@code home}. Not a fake: the real command tree and
 * store.
 */
final class Cli {
  /** What one command did. */
  record Result(int code, String out, String err) {}

  private final Map<String, String> env;

  Cli(Path home) {
    this(home, Map.of());
  }

  /** With {@code extra} added to the environment ({@code EDITOR}, {@code TERN_PROFILE}, ...). */
  Cli(Path home, Map<String, String> extra) {
    Map<String, String> env = new java.util.HashMap<>(extra);
    env.put("TERN_HOME", home.toString());
    env.put("USER", "alice");
    this.env = Map.copyOf(env);
  }

  Result run(String... args) {
    return runWithInput("", args);
  }

  Result runWithInput(String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
    PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
    int code;
    try (Session session =
        new Session(
            env,
            new Terminal(outStream, errStream, false, env),
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            ZoneOffset.UTC)) {
      code = Tern.commandLine(session).execute(args);
    }
    outStream.flush();
    errStream.flush();
    return new Result(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Runs a command that must succeed; returns its standard output. */
  String ok(String... args) {
    Result result = run(args);
    if (result.code() != 0) {
      throw new AssertionError(
          "tern " + String.join(" ", args) + " exited " + result.code() + ": " + result.err());
    }
    return result.out();
  }
}
