package dev.tern.cli;

import dev.tern.cli.completion.Candidate;
import dev.tern.cli.completion.LiveValues;
import dev.tern.cli.completion.StoreValues;
import dev.tern.cli.completion.WordCompleter;
import dev.tern.replica.Profile;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * The hidden command every shell's completion script calls: {@code tern __complete -- WORDS...},
 * the words after {@code tern} up to the cursor, the last one being the word typed so far (empty
 * after a space). It prints one candidate per line, {@code VALUE<TAB>DESCRIPTION} (no tab when it
 * has no description), and the line {@value #FILES} when the word is a file name, which the shell
 * completes itself. It never fails: with no store, or one it cannot read, it offers what the
 * command model alone knows.
 */
@Command(
    name = "__complete",
    hidden = true,
    description = "Completions for the words of a command line (used by the shell scripts).")
final class CompleteCommand extends TernCommand {
  static final String FILES = ":files";

  @Parameters(
      paramLabel = "WORD",
      arity = "0..*",
      description = "The words typed so far, the last one being completed.")
  List<String> words = new ArrayList<>();

  @Override
  int run() {
    List<String> typed = words.isEmpty() ? List.of("") : words;
    WordCompleter.Completion completion;
    try {
      completion = WordCompleter.complete(spec.root(), typed, values(typed));
    } catch (RuntimeException e) {
      // The store could not be read: complete from the command model alone.
      completion = WordCompleter.complete(spec.root(), typed, LiveValues.NONE);
    }
    PrintStream out = terminal().out();
    for (Candidate candidate : completion.candidates()) {
      out.println(
          candidate.description().isEmpty()
              ? candidate.value()
              : candidate.value() + "\t" + candidate.description());
    }
    if (completion.files()) {
      out.println(FILES);
    }
    out.flush();
    return ExitCode.OK;
  }

  /**
   * The store's values for the profile the words name ({@code --profile NAME}), else the usual one;
   * none when that profile has no store yet (completing must not create one).
   */
  private LiveValues values(List<String> typed) {
    String profile = null;
    for (int index = 0; index < typed.size() - 1; index++) {
      if (typed.get(index).equals("--profile") && index + 1 < typed.size() - 1) {
        profile = typed.get(index + 1);
      } else if (typed.get(index).startsWith("--profile=")) {
        profile = typed.get(index).substring("--profile=".length());
      }
    }
    try {
      Profile chosen = Profile.resolve(profile, session().env());
      if (!Files.isRegularFile(chosen.storeFile())) {
        return new ProfilesOnly(chosen);
      }
      session().selectProfile(chosen.name());
      return new StoreValues(session().replica(), chosen.home());
    } catch (RuntimeException e) {
      // A bad profile name or an unreadable store: complete from the command model alone.
      return LiveValues.NONE;
    }
  }

  /** No store for the profile: only the other profiles are known. */
  private record ProfilesOnly(Profile profile) implements LiveValues {
    @Override
    public List<Candidate> profiles() {
      return StoreValues.profiles(profile.home());
    }
  }
}
