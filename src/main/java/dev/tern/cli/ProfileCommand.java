package dev.tern.cli;

import dev.tern.cli.view.StatusView;
import dev.tern.cli.view.StatusView.ProfileLine;
import dev.tern.model.InvalidInputException;
import dev.tern.replica.Profile;
import dev.tern.replica.Replica;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import picocli.CommandLine.Command;

@Command(
    name = "profile",
    description = "Profiles: separate stores, each with its own user, team and server.",
    subcommands = {ProfileCommand.Ls.class})
final class ProfileCommand {
  private ProfileCommand() {}

  @Command(
      name = "ls",
      aliases = "list",
      description =
          "Every profile under $TERN_HOME (the current one marked *), with its user,"
              + " team, server and counts.")
  static final class Ls extends TernCommand {
    @Override
    int run() throws Exception {
      Session session = session();
      Profile current = session.profile();
      List<ProfileLine> lines = new ArrayList<>();
      for (String name : names(current.home())) {
        Profile profile = new Profile(name, current.home());
        boolean isCurrent = name.equals(current.name());
        try (Replica replica = Replica.open(profile, session.env())) {
          lines.add(new ProfileLine(name, isCurrent, replica.status(), null));
        } catch (RuntimeException e) {
          lines.add(new ProfileLine(name, isCurrent, null, Tern.message(e)));
        }
      }
      new StatusView(output()).profiles(lines);
      return ExitCode.OK;
    }

    /** The names of the profiles whose stores are in {@code home}, in order. */
    static List<String> names(Path home) throws IOException {
      List<String> names = new ArrayList<>();
      if (!Files.isDirectory(home)) {
        return names;
      }
      try (Stream<Path> files = Files.list(home)) {
        for (Path file : files.sorted().toList()) {
          String fileName = file.getFileName().toString();
          if (!fileName.endsWith(".db") || !Files.isRegularFile(file)) {
            continue;
          }
          String name = fileName.substring(0, fileName.length() - 3);
          try {
            new Profile(name, home);
            names.add(name);
          } catch (InvalidInputException e) {
            // not a name tern gives a profile: someone else's file
          }
        }
      }
      return names;
    }
  }
}
