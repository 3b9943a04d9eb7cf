package dev.tern.cli;

import dev.tern.cli.view.Text;
import dev.tern.model.InvalidInputException;
import dev.tern.model.NotFoundException;
import dev.tern.model.StoreException;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
          LogCommands.Log.class,
          LogCommands.History.class,
          UndoCommands.Undo.class,
          UndoCommands.Redo.class,
          StatusCommand.class,
          ExchangeCommands.Import.class,
          ExchangeCommands.Export.class,
          BatchCommand.class,
          SyncCommands.Login.class,
          SyncCommands.Sync.class,
          WatchCommand.class,
          ConflictsCommand.class,
          ReplCommand.class,
          CompletionCommand.class,
          ServerCommand.class,
          CommandLine.HelpCommand.class);

  /**
   * The everyday one-shot commands. Building picocli's model of every subcommand costs a JVM start
   * tens of milliseconds, so when one of these is run alone only it is registered.
   */
  private static final Map<String, Class<?>> HOT = hot();

  @Mixin GlobalOptions options;

  private final Session session;

  public Tern(Session session) {
    this.session = session;
  }

  Session session() {
    return session;
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        new CommandLine(this), "missing command (try 'tern --help')");
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
    for (String arg : args) {
      if (arg.equals("--help") || arg.equals("-h")) {
        break;
      }
      if (!arg.startsWith("-")) {
        Class<?> hot = HOT.get(arg);
        return commandLine(session, hot == null ? SUBCOMMANDS : List.of(hot));
      }
      if (arg.equals("--profile")) {
        // Its value follows; the subcommand comes after that.
        return commandLine(session, SUBCOMMANDS);
      }
    }
    return commandLine(session, SUBCOMMANDS);
  }

  private static Map<String, Class<?>> hot() {
    Map<String, Class<?>> hot = new HashMap<>();
    for (Class<?> type :
        List.<Class<?>>of(
            NewCommand.class,
            ListCommand.class,
            ShowCommand.class,
            EditCommand.class,
            CommentCommand.class,
            StateCommands.Close.class,
            StateCommands.Reopen.class,
            StateCommands.Archive.class,
            LogCommands.Log.class,
            LogCommands.History.class,
            UndoCommands.Undo.class,
            UndoCommands.Redo.class,
            StatusCommand.class)) {
      Command command = type.getAnnotation(Command.class);
      hot.put(command.name(), type);
      for (String alias : command.aliases()) {
        hot.put(alias, type);
      }
    }
    return hot;
  }

  /** {@code --help} (and {@code --version}) on every command, however deep. */
  private static void withHelp(CommandLine commandLine) {
    commandLine.getCommandSpec().mixinStandardHelpOptions(true);
    commandLine.getSubcommands().values().forEach(Tern::withHelp);
  }

  private static CommandLine commandLine(Session session, List<Class<?>> subcommands) {
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
          // The message quotes what was typed, which may hold control characters.
          err.println("tern: " + Text.printable(e.getMessage() + hint, false));
          return ExitCode.USAGE;
        });
    commandLine.setExecutionExceptionHandler(
        (Exception e, CommandLine failed, CommandLine.ParseResult parsed) -> {
          int code = exitCode(e);
          // A message can carry text from data (a reference, a server's refusal): escape it too.
          err.println("tern: " + Text.printable(message(e), false));
          if (code == ExitCode.FAILURE && session.env().containsKey("TERN_DEBUG")) {
            e.printStackTrace(err);
          }
          return code;
        });
    return commandLine;
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
