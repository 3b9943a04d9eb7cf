package dev.tern;

import dev.tern.cli.Session;
import dev.tern.cli.Tern;
import dev.tern.cli.view.Terminal;
import java.time.ZoneId;

/** {@code tern}: runs one command and exits with its code. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
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
        code = dev.tern.cli.ExitCode.FAILURE;
      }
    }
    System.exit(code);
  }
}
