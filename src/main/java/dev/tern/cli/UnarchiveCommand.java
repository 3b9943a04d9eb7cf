package dev.tern.cli;

import dev.tern.replica.IssueEdit;
import picocli.CommandLine.Command;

/**
 * {@code unarchive} (also {@code restore}, the word {@code tern log} uses): brings an archived
 * issue back, whoever archived it and whenever, as an ordinary edit.
 */
@Command(
    name = "unarchive",
    aliases = "restore",
    description = "Bring an archived issue back into ls (whoever archived it).")
final class UnarchiveCommand extends StateCommands.QuickEdit {
  @Override
  IssueEdit edit() {
    return IssueEdit.none().withArchived(false);
  }
}
