package dev.tern.cli;

import dev.tern.cli.view.IssueView;
import dev.tern.model.State;
import dev.tern.replica.IssueEdit;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** The one-word edits: close, reopen, archive. */
final class StateCommands {
  private StateCommands() {}

  /**
   * One edit on one or more issues: every reference is resolved first, then each issue gets its own
   * operation (so each syncs, shows in history and undoes on its own).
   */
  abstract static class QuickEdit extends TernCommand {
    @Parameters(
        paramLabel = "REF",
        arity = "1..*",
        description = "Issues: ENG-42, 42, a UUID or a unique prefix; '-' reads them from stdin.")
    List<String> references;

    abstract IssueEdit edit();

    @Override
    int run() throws Exception {
      IssueView view = new IssueView(output());
      for (String id : issues(references)) {
        view.reference(replica().update(id, edit()));
      }
      return ExitCode.OK;
    }
  }

  @Command(name = "close", description = "Set an issue's state to done.")
  static final class Close extends QuickEdit {
    @picocli.CommandLine.Option(names = "--canceled", description = "Close as canceled instead.")
    boolean canceled;

    @Override
    IssueEdit edit() {
      return IssueEdit.none().withState(canceled ? State.CANCELED : State.DONE);
    }
  }

  @Command(name = "reopen", description = "Set a closed issue's state back to todo.")
  static final class Reopen extends QuickEdit {
    @Override
    IssueEdit edit() {
      return IssueEdit.none().withState(State.TODO);
    }
  }

  @Command(name = "archive", description = "Archive an issue (hidden from ls; undo restores it).")
  static final class Archive extends QuickEdit {
    @Override
    IssueEdit edit() {
      return IssueEdit.none().withArchived(true);
    }
  }
}
