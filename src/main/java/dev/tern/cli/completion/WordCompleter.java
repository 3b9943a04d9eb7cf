package dev.tern.cli.completion;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * What TAB offers after some words of a command line, for every shell and the REPL alike: the
 * subcommands, the options, an option's or a parameter's values. Fixed sets (states, priorities,
 * sort keys) come from the command model's completion candidates; values that live in the store
 * come from {@link LiveValues}, chosen by what a parameter holds (its label: {@code REF}, {@code
 * USER}, {@code KEY}, a label {@code L}, a conflict {@code ID}).
 */
public final class WordCompleter {
  private WordCompleter() {}

  /**
   * What may complete a command line.
   *
   * @param candidates the words that fit, each starting with what was typed
   * @param files whether the word is a file name (the shell completes those itself)
   */
  public record Completion(List<Candidate> candidates, boolean files) {
    public Completion {
      candidates = List.copyOf(candidates);
    }
  }

  /**
   * The completions of the last of {@code words} (the word being typed, possibly empty), after the
   * words before it, on the command tree under {@code root}. The program's own name is not among
   * the words.
   */
  public static Completion complete(CommandSpec root, List<String> words, LiveValues values) {
    String current = words.isEmpty() ? "" : words.get(words.size() - 1);
    CommandSpec command = root;
    OptionSpec pending = null;
    boolean endOfOptions = false;
    int positional = 0;
    for (String word : words.subList(0, Math.max(0, words.size() - 1))) {
      if (pending != null) {
        pending = null;
      } else if (!endOfOptions && word.equals("--")) {
        endOfOptions = true;
      } else if (!endOfOptions && word.startsWith("-") && word.length() > 1) {
        OptionSpec option = option(command, word);
        if (option != null && option.arity().min() > 0 && !word.contains("=")) {
          pending = option;
        }
      } else if (positional == 0 && command.subcommands().containsKey(word)) {
        command = command.subcommands().get(word).getCommandSpec();
      } else {
        positional++;
      }
    }
    if (pending != null) {
      return values(pending, "", current, values);
    }
    if (!endOfOptions && current.startsWith("--") && current.contains("=")) {
      int equals = current.indexOf('=');
      OptionSpec option = option(command, current.substring(0, equals));
      if (option == null || option.arity().max() == 0) {
        return new Completion(List.of(), false);
      }
      return values(
          option, current.substring(0, equals + 1), current.substring(equals + 1), values);
    }
    if (!endOfOptions && current.startsWith("-")) {
      return new Completion(options(command, current), false);
    }
    List<CommandSpec> subcommands = CommandTree.subcommands(command);
    if (!subcommands.isEmpty() && positional == 0) {
      List<Candidate> names = new ArrayList<>();
      for (CommandSpec subcommand : subcommands) {
        for (String name : CommandTree.names(subcommand)) {
          if (name.startsWith(current)) {
            names.add(new Candidate(name, CommandTree.summary(subcommand)));
          }
        }
      }
      return new Completion(names, false);
    }
    for (PositionalParamSpec parameter : CommandTree.positionals(command)) {
      if (parameter.index().contains(positional)) {
        return values(parameter, "", current, values);
      }
    }
    return new Completion(List.of(), false);
  }

  /** The option {@code word} names ({@code --name} or {@code --name=value}), or null. */
  private static OptionSpec option(CommandSpec command, String word) {
    int equals = word.indexOf('=');
    return command.findOption(equals > 0 ? word.substring(0, equals) : word);
  }

  private static List<Candidate> options(CommandSpec command, String typed) {
    Map<String, Candidate> found = new LinkedHashMap<>();
    for (OptionSpec option : CommandTree.options(command)) {
      for (String name : option.names()) {
        if (name.startsWith(typed)) {
          found.putIfAbsent(name, new Candidate(name, CommandTree.summary(option.description())));
        }
      }
    }
    return new ArrayList<>(found.values());
  }

  /** The values {@code arg} takes that start with {@code typed}, each after {@code lead}. */
  private static Completion values(ArgSpec arg, String lead, String typed, LiveValues values) {
    List<String> fixed = CommandTree.candidates(arg);
    List<Candidate> offered = new ArrayList<>();
    String sign = "";
    Kind kind = Kind.of(arg);
    if (!fixed.isEmpty()) {
      fixed.forEach(value -> offered.add(new Candidate(value, "")));
    } else {
      if (kind == Kind.LABEL && (typed.startsWith("+") || typed.startsWith("-"))) {
        // --label +bug adds, --label -bug removes or excludes: complete the label after the sign.
        sign = typed.substring(0, 1);
      }
      offered.addAll(kind.values(values));
    }
    if (kind == Kind.FILE) {
      return new Completion(List.of(), true);
    }
    String rest = typed.substring(sign.length());
    boolean ignoreCase = kind == Kind.ISSUE || kind == Kind.TEAM || kind == Kind.CONFLICT;
    List<Candidate> matching = new ArrayList<>();
    for (Candidate candidate : offered) {
      if (startsWith(candidate.value(), rest, ignoreCase)) {
        matching.add(new Candidate(lead + sign + candidate.value(), candidate.description()));
      }
    }
    return new Completion(matching, false);
  }

  private static boolean startsWith(String value, String prefix, boolean ignoreCase) {
    return ignoreCase
        ? value.toLowerCase(Locale.ROOT).startsWith(prefix.toLowerCase(Locale.ROOT))
        : value.startsWith(prefix);
  }

  /** What a parameter holds, as far as completion is concerned. */
  private enum Kind {
    ISSUE,
    LABEL,
    PERSON,
    TEAM,
    CONFLICT,
    PROFILE,
    FILE,
    OTHER;

    static Kind of(ArgSpec arg) {
      if (arg instanceof OptionSpec option && option.longestName().equals("--profile")) {
        return PROFILE;
      }
      if (CommandTree.isFile(arg)) {
        return FILE;
      }
      String label = arg.paramLabel().replaceAll("[<>.]", "");
      return switch (label) {
        case "REF" -> ISSUE;
        case "L", "+L|-L", "L|-L", "LABEL" -> LABEL;
        case "USER", "U" -> PERSON;
        case "KEY" -> TEAM;
        case "ID" -> CONFLICT;
        default -> OTHER;
      };
    }

    List<Candidate> values(LiveValues values) {
      return switch (this) {
        case ISSUE -> values.issues();
        case LABEL -> values.labels();
        case PERSON -> values.people();
        case TEAM -> values.teams();
        case CONFLICT -> values.conflicts();
        case PROFILE -> values.profiles();
        case FILE, OTHER -> List.of();
      };
    }
  }
}
