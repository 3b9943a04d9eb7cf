package dev.tern.cli;

import dev.tern.cli.view.OpView;
import picocli.CommandLine.Command;

/** {@code undo} and {@code redo}: each writes a new operation, which syncs like any edit. */
final class UndoCommands {
  private UndoCommands() {}

  @Command(name = "undo", description = "Reverse your last action with a new operation.")
  static final class Undo extends TernCommand {
    @Override
    int run() throws Exception {
      new OpView(output()).reversal(replica().undo(), false);
      return ExitCode.OK;
    }
  }

  @Command(name = "redo", description = "Reverse your last undo with a new operation.")
  static final class Redo extends TernCommand {
    @Override
    int run() throws Exception {
      new OpView(output()).reversal(replica().redo(), true);
      return ExitCode.OK;
    }
  }
}
