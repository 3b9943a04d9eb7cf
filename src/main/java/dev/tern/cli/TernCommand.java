package dev.tern.cli;

import dev.tern.cli.view.Output;
import dev.tern.cli.view.Terminal;
import dev.tern.model.InvalidInputException;
import dev.tern.model.NotFoundException;
import dev.tern.replica.Replica;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The base of every command: the shared session, the global options, and {@link #run()}. */
abstract class TernCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin GlobalOptions options;

  @Override
  public final Integer call() throws Exception {
    Terminal terminal = ((Tern) spec.root().userObject()).session().terminal();
    terminal.commandStarted();
    try {
      return run();
    } finally {
      terminal.commandEnded();
    }
  }

  /**
   * Sends what this command prints next through the pager when it is the process's own command on a
   * terminal (see {@link Terminal#page}); never under {@code --json} or {@code --no-pager}. Called
   * once the command has what it will show, so an error is not paged.
   */
  void page() {
    Tern root = (Tern) spec.root().userObject();
    if (!json() && !options.noPager && !root.options.noPager) {
      terminal().page();
    }
  }

  /** Does the command's work; returns its exit code. */
  abstract int run() throws Exception;

  Session session() {
    Tern root = (Tern) spec.root().userObject();
    root.session().selectProfile(options.profile != null ? options.profile : root.options.profile);
    return root.session();
  }

  boolean json() {
    Tern root = (Tern) spec.root().userObject();
    return options.json || root.options.json;
  }

  /**
   * Marks a command that only reads. Run on a profile named by {@code --profile} or {@code
   * TERN_PROFILE} that has no store yet, it is refused instead of creating an empty one: a typo
   * ({@code --profile wrok}) must not look like a profile with no issues. Commands that write
   * create a new profile as before.
   */
  interface Reading {}

  Replica replica() {
    Session session = session();
    if (this instanceof Reading && session.profileNamed() && !session.profileExists()) {
      String name = session.profile().name();
      List<String> known;
      try {
        known = ProfileCommand.Ls.names(session.profile().home());
      } catch (java.io.IOException e) {
        known = List.of();
      }
      throw new NotFoundException(
          "no profile '"
              + name
              + "' ("
              + (known.isEmpty() ? "none exist yet" : "profiles: " + String.join(", ", known))
              + "); a command that writes, such as 'tern --profile "
              + name
              + " new', creates it");
    }
    return session.replica();
  }

  Terminal terminal() {
    return session().terminal();
  }

  /**
   * A reference as the user typed it, with one addition: a bare number means that number in the
   * profile's team ({@code 42} is {@code WEB-42}) when such an issue exists; otherwise the number
   * stays what it was, the start of an id.
   */
  String reference(String typed) {
    if (typed != null && typed.matches("[0-9]{1,9}")) {
      String key = replica().defaultTeam() + "-" + Long.parseLong(typed);
      try {
        return replica().show(key).id();
      } catch (NotFoundException e) {
        return typed;
      }
    }
    return typed;
  }

  /**
   * The issues several references name, each as its UUID, in the order given and each once. A
   * reference {@code -} stands for the references on standard input, one per line (blank lines and
   * lines starting with {@code #} skipped). Every reference is resolved before the command changes
   * anything, so one that names no issue leaves all of them untouched.
   */
  List<String> issues(List<String> typed) {
    List<String> words = new ArrayList<>();
    boolean stdinRead = false;
    for (String word : typed) {
      if (!word.equals("-")) {
        words.add(word);
      } else if (!stdinRead) {
        stdinRead = true;
        for (String line : TextInput.read("-", session().stdin()).split("\\R")) {
          String reference = line.strip();
          if (!reference.isEmpty() && !reference.startsWith("#")) {
            words.add(reference);
          }
        }
      }
    }
    if (words.isEmpty()) {
      throw new InvalidInputException("no issue reference given (standard input was empty)");
    }
    Set<String> ids = new LinkedHashSet<>();
    for (String word : words) {
      ids.add(replica().resolve(reference(word)));
    }
    return new ArrayList<>(ids);
  }

  /**
   * A person as the user typed them: {@code me} and {@code @me} are the profile's user, a leading
   * {@code @} is dropped; null stays null.
   */
  String person(String typed) {
    if (typed == null) {
      return null;
    }
    String name = typed.strip();
    if (name.equals("me") || name.equals("@me")) {
      return replica().actor();
    }
    return name.startsWith("@") && name.length() > 1 ? name.substring(1) : name;
  }

  /** Whether {@code typed} asks for no one: {@code none} (or nothing at all). */
  static boolean nobody(String typed) {
    return typed != null && (typed.isBlank() || typed.strip().equals("none"));
  }

  /** Where and how this command shows its result, for its view. */
  Output output() {
    return new Output(terminal(), session().zone(), json());
  }
}
