package dev.tern.cli;

import dev.tern.cli.view.OpView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code undo} and {@code redo}: each writes a new operation, which syncs like any edit. */
final class UndoCommands {
  private UndoCommands() {}

  @Command(name = "undo", description = "Reverse your last action with a new operation.")
  static final class Undo extends TernCommand {
    @Option(
        names = "--force",
        description = "Write your old value even over a value someone else set since.")
    boolean force;

    @Override
    int run() throws Exception {
      new OpView(output()).reversal(replica().undo(force), false);
      return ExitCode.OK;
    }
  }

  @Command(name = "redo", description = "Reverse your last undo with a new operation.")
  static final class Redo extends TernCommand {
    @Option(
        names = "--force",
        description = "Write the value again even over a value someone else set since.")
    boolean force;

    @Override
    int run() throws Exception {
      new OpView(output()).reversal(replica().redo(force), true);
      return ExitCode.OK;
    }
  }
}
