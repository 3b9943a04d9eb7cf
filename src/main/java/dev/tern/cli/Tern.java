package dev.tern.cli;

import dev.tern.cli.view.Json;
import dev.tern.cli.view.Text;
import dev.tern.model.InvalidInputException;
import dev.tern.model.NotFoundException;
import dev.tern.model.StoreException;
import java.io.PrintStream;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/** The root command. {@link #commandLine} builds the tree with tern's error handling. */
@Command(
    name = "tern",
    mixinStandardHelpOptions = true,
    version = "tern 0.1.0",
    description = "An offline-first issue tracker for the terminal.")
public final class Tern implements Runnable {
  /** Every subcommand, in the order help lists them. */
  static final List<Class<?>> SUBCOMMANDS =
      List.of(
          NewCommand.class,
          ListCommand.class,
          ShowCommand.class,
          EditCommand.class,
          CommentCommand.class,
          StateCommands.Close.class,
          StateCommands.Reopen.class,
          StateCommands.Archive.class,
          UnarchiveCommand.class,
          LabelCommand.class,
          ProfileCommand.class,
          LogCommands.Log.class,
          LogCommands.History.class,
          UndoCommands.Undo.class,
          UndoCommands.Redo.class,
          StatusCommand.class,
          ExchangeCommands.Import.class,
          ExchangeCommands.Export.class,
          BatchCommand.class,
          SyncCommands.Login.class,
          SyncCommands.Logout.class,
          SyncCommands.Sync.class,
          WatchCommand.class,
          ConflictsCommand.class,
          ReplCommand.class,
          CompletionCommand.class,
          CompleteCommand.class,
          ServerCommand.class,
          CommandLine.HelpCommand.class);

  @Mixin GlobalOptions options;

  private final Session session;

  /** The line of {@code tern batch} being run, for its errors; null outside a batch. */
  Integer batchLine;

  public Tern(Session session) {
    this.session = session;
  }

  Session session() {
    return session;
  }

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  /** Bare {@code tern}: the list of commands, as {@code git} and {@code gh} print theirs. */
  @Override
  public void run() {
    spec.commandLine().usage(session.terminal().out());
    session.terminal().out().flush();
  }

  /** The whole command tree on {@code session}, with tern's exit codes and one-line errors. */
  public static CommandLine commandLine(Session session) {
    return commandLine(session, SUBCOMMANDS);
  }

  /**
   * The command tree for running {@code args} once: only the named subcommand when it is one of the
   * everyday ones (help, completion, errors and suggestions get the whole tree).
   */
  public static CommandLine commandLine(Session session, String[] args) {
    Class<?> hot = hotCommand(args);
    return commandLine(session, hot == null ? SUBCOMMANDS : List.of(hot));
  }

  /**
   * The everyday subcommand {@code args} run (see {@link #hot}), or null when they need the whole
   * tree: another command, help, or a {@code --profile} before the command's name. A batch picks
   * each line's tree with it too (docs/performance.md, "Batch").
   */
  static Class<?> hotCommand(String[] args) {
    for (String arg : args) {
      if (arg.equals("--help") || arg.equals("-h")) {
        return null;
      }
      if (!arg.startsWith("-")) {
        return hot(arg);
      }
      if (arg.equals("--profile")) {
        // Its value follows; the subcommand comes after that.
        return null;
      }
    }
    return null;
  }

  /**
   * The everyday one-shot command named {@code word} (a name or an alias), or null. Building
   * picocli's model of every subcommand costs a JVM start tens of milliseconds, so when one of
   * these is run alone only it is registered. A switch rather than a map of annotations: only the
   * class asked for is loaded (TernTest checks that it agrees with the commands' names and
   * aliases).
   */
  static Class<?> hot(String word) {
    return switch (word) {
      case "new" -> NewCommand.class;
      case "ls", "list" -> ListCommand.class;
      case "show" -> ShowCommand.class;
      case "edit" -> EditCommand.class;
      case "comment" -> CommentCommand.class;
      case "close" -> StateCommands.Close.class;
      case "reopen" -> StateCommands.Reopen.class;
      case "archive" -> StateCommands.Archive.class;
      case "log" -> LogCommands.Log.class;
      case "history" -> LogCommands.History.class;
      case "undo" -> UndoCommands.Undo.class;
      case "redo" -> UndoCommands.Redo.class;
      case "status" -> StatusCommand.class;
      case "sync" -> SyncCommands.Sync.class;
      case "batch" -> BatchCommand.class;
      default -> null;
    };
  }

  /** {@code --help} (and {@code --version}) on every command, however deep. */
  private static void withHelp(CommandLine commandLine) {
    commandLine.getCommandSpec().mixinStandardHelpOptions(true);
    Examples.add(commandLine.getCommandSpec());
    commandLine.getSubcommands().values().forEach(Tern::withHelp);
  }

  /** The command tree with only {@code subcommands} (the REPL leaves some out). */
  static CommandLine commandLine(Session session, List<Class<?>> subcommands) {
    CommandLine commandLine = new CommandLine(new Tern(session));
    for (Class<?> type : subcommands) {
      commandLine.addSubcommand(type);
    }
    withHelp(commandLine);
    PrintStream err = session.terminal().err();
    commandLine.setOut(new java.io.PrintWriter(session.terminal().out(), true));
    commandLine.setErr(new java.io.PrintWriter(err, true));
    commandLine.setParameterExceptionHandler(
        (ParameterException e, String[] args) -> {
          String hint =
              e instanceof UnmatchedArgumentException unmatched
                      && !unmatched.getSuggestions().isEmpty()
                  ? " (did you mean " + String.join(" or ", unmatched.getSuggestions()) + "?)"
                  : "";
          String message = plain(e) + hint;
          if (json(e.getCommandLine(), args)) {
            Json.error(session.terminal(), ExitCode.USAGE, message, batchLine(e.getCommandLine()));
            return ExitCode.USAGE;
          }
          // The message quotes what was typed, which may hold control characters.
          err.println("tern: " + Text.printable(message, false));
          return ExitCode.USAGE;
        });
    commandLine.setExecutionExceptionHandler(
        (Exception e, CommandLine failed, CommandLine.ParseResult parsed) -> {
          int code = exitCode(e);
          if (json(failed, new String[0])) {
            Json.error(session.terminal(), code, message(e), batchLine(failed));
            return code;
          }
          // A message can carry text from data (a reference, a server's refusal): escape it too.
          err.println("tern: " + Text.printable(message(e), false));
          if (code == ExitCode.FAILURE && session.env().containsKey("TERN_DEBUG")) {
            e.printStackTrace(err);
          }
          return code;
        });
    return commandLine;
  }

  /**
   * Whether the failed command was asked for JSON: by its own {@code --json}, the root's, a
   * batch's, or (when parsing failed before options were set) a {@code --json} among the words.
   */
  private static boolean json(CommandLine failed, String[] args) {
    if (failed != null) {
      Object command = failed.getCommand();
      if (command instanceof TernCommand ternCommand
          && ternCommand.options != null
          && ternCommand.options.json) {
        return true;
      }
      if (failed.getCommandSpec().root().userObject() instanceof Tern root
          && root.options != null
          && root.options.json) {
        return true;
      }
    }
    return args != null && List.of(args).contains("--json");
  }

  private static Integer batchLine(CommandLine failed) {
    return failed != null && failed.getCommandSpec().root().userObject() instanceof Tern root
        ? root.batchLine
        : null;
  }

  /** The exit code for an exception a command threw. */
  static int exitCode(Exception e) {
    if (e instanceof InvalidInputException) {
      return ExitCode.USAGE;
    }
    if (e instanceof NotFoundException) {
      return ExitCode.NOT_FOUND;
    }
    if (e instanceof ExitStatus status) {
      return status.code();
    }
    return ExitCode.FAILURE;
  }

  private static final java.util.regex.Pattern NOT_A =
      java.util.regex.Pattern.compile(
          "Invalid value for (?:option|positional parameter at index \\d+) '?([^':]*)'?(?: \\([^)]*\\))?:"
              + " '(.*)' is not an? (\\w+)",
          java.util.regex.Pattern.DOTALL);

  private static final java.util.regex.Pattern UNMATCHED =
      java.util.regex.Pattern.compile(
          "Unmatched arguments? from index \\d+: (.*)|Unmatched argument at index \\d+: (.*)",
          java.util.regex.Pattern.DOTALL);

  /**
   * A usage error in plain words rather than picocli's ("'abc' is not a long" becomes "--estimate
   * wants a whole number, not 'abc'"), with where to look for help.
   */
  static String plain(ParameterException e) {
    String message = String.valueOf(e.getMessage());
    String command =
        e.getCommandLine() == null ? "tern" : e.getCommandLine().getCommandSpec().qualifiedName();
    java.util.regex.Matcher notA = NOT_A.matcher(message);
    String plain;
    if (notA.find()) {
      String type =
          switch (notA.group(3)) {
            case "long", "int", "integer", "short" -> "a whole number";
            case "double", "float" -> "a number";
            case "boolean" -> "true or false";
            default -> "a " + notA.group(3);
          };
      plain = notA.group(1) + " wants " + type + ", not '" + notA.group(2) + "'";
    } else if (message.startsWith("Unknown option: ")) {
      plain = "unknown option " + message.substring("Unknown option: ".length());
    } else if (message.startsWith("Unknown options: ")) {
      plain = "unknown options " + message.substring("Unknown options: ".length());
    } else if (message.startsWith("Missing required parameter for option ")) {
      plain =
          message
                  .substring("Missing required parameter for option ".length())
                  .replaceFirst(" \\((.*)\\)$", "")
              + " needs a value";
    } else if (message.startsWith("Missing required parameters: ")) {
      plain = "missing " + message.substring("Missing required parameters: ".length());
    } else if (message.startsWith("Missing required parameter: ")) {
      plain = "missing " + message.substring("Missing required parameter: ".length());
    } else if (message.startsWith("Expected parameter for option ")) {
      plain =
          message
              .substring("Expected parameter for option ".length())
              .replace(" but found ", " needs a value, not ");
    } else if (UNMATCHED.matcher(message).matches()) {
      java.util.regex.Matcher unmatched = UNMATCHED.matcher(message);
      unmatched.matches();
      String extra = unmatched.group(1) != null ? unmatched.group(1) : unmatched.group(2);
      if (command.equals("tern") && extra.startsWith("'")) {
        // The first stray word at the top is a command name that does not exist.
        int end = extra.indexOf('\'', 1);
        plain = "unknown command " + (end > 0 ? extra.substring(0, end + 1) : extra);
      } else {
        plain = "unexpected " + extra;
      }
    } else {
      return message;
    }
    return plain + " (see '" + command + " --help')";
  }

  static String message(Exception e) {
    if (e instanceof InvalidInputException
        || e instanceof NotFoundException
        || e instanceof StoreException
        || e instanceof ExitStatus) {
      return e.getMessage();
    }
    if (e instanceof java.io.IOException) {
      return "I/O error: " + e.getMessage();
    }
    return "internal error: " + e + " (set TERN_DEBUG=1 for details)";
  }
}
