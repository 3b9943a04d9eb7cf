package dev.tern.cli;

import dev.tern.replica.Replica.Reversal;
import java.util.Optional;
import picocli.CommandLine.Command;

/** {@code undo} and {@code redo}: each writes a new operation, which syncs like any edit. */
final class UndoCommands {
  private UndoCommands() {}

  @Command(name = "undo", description = "Reverse your last action with a new operation.")
  static final class Undo extends TernCommand {
    @Override
    int run() throws Exception {
      return report(this, false, "undid", "nothing to undo", replica().undo());
    }
  }

  @Command(name = "redo", description = "Reverse your last undo with a new operation.")
  static final class Redo extends TernCommand {
    @Override
    int run() throws Exception {
      return report(this, true, "redid", "nothing to redo", replica().redo());
    }
  }

  static int report(
      TernCommand command, boolean redo, String verb, String none, Optional<Reversal> reversal)
      throws Exception {
    Terminal terminal = command.terminal();
    if (reversal.isEmpty()) {
      if (command.json()) {
        Json.print(
            terminal,
            json -> {
              json.writeStartObject();
              json.writeNullField("reversed");
              json.writeEndObject();
            });
      } else {
        terminal.err().println(none);
      }
      return ExitCode.OK;
    }
    Reversal done = reversal.get();
    if (command.json()) {
      Json.print(
          terminal,
          json -> {
            json.writeStartObject();
            json.writeFieldName("reversed");
            LogCommands.write(json, done.reversed());
            json.writeStringField("issue", done.issueKey());
            json.writeStringField("operation", done.written() == null ? null : done.written().id());
            json.writeEndObject();
          });
    } else {
      // An undo names the action it reversed; a redo reverses an undo, so naming that undo would
      // claim the opposite of what happened: describe the operation the redo wrote instead.
      dev.tern.op.Op shown = redo && done.written() != null ? done.written() : done.reversed().op();
      String what = Render.action(shown) + " " + done.issueKey();
      String detail = Render.changes(shown);
      terminal
          .out()
          .println(
              verb
                  + " "
                  + what
                  + (detail.isEmpty() ? "" : " (" + detail + ")")
                  + (done.written() == null ? "; it was already reversed" : ""));
      terminal.out().flush();
    }
    return ExitCode.OK;
  }
}
