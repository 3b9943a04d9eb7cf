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
    useQuickLocaleData();
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

  /**
   * sqlite-jdbc builds a date formatter for the default locale each time it opens a connection;
   * with the JDK's default locale data (CLDR) that first use costs tens of milliseconds of a
   * command. The older JRE data (COMPAT) is much quicker to set up, and what tern formats with the
   * default locale (digits and ISO dates) reads the same in both (docs/performance.md, "Start-up").
   * JDK 21 warns that COMPAT will go and JDK 23 removed it, so only older JDKs are asked; a
   * provider list given on the command line stands.
   */
  private static void useQuickLocaleData() {
    if (Runtime.version().feature() < 21 && System.getProperty("java.locale.providers") == null) {
      System.setProperty("java.locale.providers", "COMPAT");
    }
  }
}
