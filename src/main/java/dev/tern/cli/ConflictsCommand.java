package dev.tern.cli;

import dev.tern.cli.view.ConflictView;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Lists the edits of yours that lost a collision on the server, with both values. (The diff view
 * and {@code resolve} are their own piece of work; this is the plain list.)
 */
@Command(name = "conflicts", description = "List your edits that lost a collision on the server.")
final class ConflictsCommand extends TernCommand {
  @Option(names = "--all", description = "Resolved ones too.")
  boolean all;

  @Override
  int run() throws Exception {
    new ConflictView(output()).list(replica().conflicts(!all), replica()::keys);
    return ExitCode.OK;
  }
}
