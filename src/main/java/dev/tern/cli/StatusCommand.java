package dev.tern.cli;

import dev.tern.cli.view.StatusView;
import picocli.CommandLine.Command;

@Command(
    name = "status",
    description = "Profile, server, pending operations, conflicts, issue counts.")
final class StatusCommand extends TernCommand implements TernCommand.Reading {
  @Override
  int run() throws Exception {
    new StatusView(output()).status(session().profile().name(), replica().status());
    return ExitCode.OK;
  }
}
