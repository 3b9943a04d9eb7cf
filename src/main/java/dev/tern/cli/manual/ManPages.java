package dev.tern.cli.manual;

import dev.tern.cli.Session;
import dev.tern.cli.Tern;
import dev.tern.cli.view.Terminal;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Writes every man page of the command tree into a folder: {@code tern.1} and one {@code
 * tern-COMMAND.1} per command and subcommand, hidden ones left out. The build runs {@link #main}
 * into {@code target/man/man1}; {@code scripts/install} copies them where {@code man} finds them.
 */
public final class ManPages {
  private ManPages() {}

  /** {@code ManPages DIRECTORY}: writes the pages there. */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: ManPages DIRECTORY");
    }
    write(Path.of(args[0]));
  }

  /** Writes the pages into {@code directory} (made if missing); returns the files written. */
  public static List<Path> write(Path directory) throws IOException {
    PrintStream nowhere =
        new PrintStream(PrintStream.nullOutputStream(), true, StandardCharsets.UTF_8);
    // The tree needs a session to exist, not to run anything: no store is opened.
    try (Session session =
        new Session(
            Map.of(),
            new Terminal(nowhere, nowhere, false, Map.of()),
            java.io.InputStream.nullInputStream(),
            ZoneOffset.UTC)) {
      CommandLine root = Tern.commandLine(session);
      String version = String.join(" ", root.getCommandSpec().version());
      Files.createDirectories(directory);
      List<Path> written = new ArrayList<>();
      write(directory, root.getCommandSpec(), version, written);
      return written;
    }
  }

  private static void write(Path directory, CommandSpec command, String version, List<Path> written)
      throws IOException {
    Path file = directory.resolve(ManPage.name(command) + ".1");
    Files.writeString(file, ManPage.troff(command, version), StandardCharsets.UTF_8);
    written.add(file);
    for (Map.Entry<String, CommandLine> entry : command.subcommands().entrySet()) {
      CommandSpec subcommand = entry.getValue().getCommandSpec();
      if (entry.getKey().equals(subcommand.name())
          && !subcommand.usageMessage().hidden()
          && !subcommand.name().equals("help")) {
        write(directory, subcommand, version, written);
      }
    }
  }
}
