package dev.tern;

import dev.tern.cli.ExitCode;
import dev.tern.cli.Session;
import dev.tern.cli.Tern;
import dev.tern.cli.view.Terminal;
import java.time.ZoneId;

/** {@code tern}: runs one command and exits with its code. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
      // Answered before the command tree, the terminal or a store exist: picocli would build the
      // model of every subcommand first (docs/performance.md, "Start-up").
      System.out.println(Tern.class.getAnnotation(picocli.CommandLine.Command.class).version()[0]);
      System.exit(ExitCode.OK);
    }
    int code;
    try (Session session =
        new Session(
            System.getenv(), Terminal.system(System.getenv()), System.in, ZoneId.systemDefault())) {
      code = Tern.commandLine(session, args).execute(args);
      // Output that could not be written (a full disk, an I/O error) is a failure, in one line; a
      // reader that went away (a closed pipe) is not.
      java.util.Optional<String> lost = session.terminal().writeFailure();
      if (lost.isPresent()) {
        System.err.println("tern: cannot write output: " + lost.get());
        code = ExitCode.FAILURE;
      }
    }
    System.exit(code);
  }
}
