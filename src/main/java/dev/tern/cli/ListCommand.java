package dev.tern.cli;

import dev.tern.cli.view.IssueView;
import dev.tern.model.InvalidInputException;
import dev.tern.model.Priority;
import dev.tern.model.State;
import dev.tern.replica.IssueQuery;
import dev.tern.replica.Replica;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "ls",
    aliases = "list",
    description = "List issues: open ones (backlog, todo, in_progress) unless --state or --all.")
final class ListCommand extends TernCommand implements TernCommand.Reading {
  static final int DEFAULT_LIMIT = 50;
  private static final String PRIORITIES = "none, urgent, high, medium, low, or 0-4";

  @Option(
      names = "--state",
      paramLabel = "S",
      split = ",",
      completionCandidates = CompletionCandidates.States.class,
      description =
          "Only these states (repeatable or comma-separated): "
              + "backlog, todo, in_progress, done, canceled.")
  List<String> states = new ArrayList<>();

  @Option(
      names = "--assignee",
      paramLabel = "USER",
      description = "Only issues assigned to USER ('me' or '@me': you; 'none': unassigned).")
  String assignee;

  @Option(
      names = "--label",
      paramLabel = "L|-L",
      parameterConsumer = LabelValues.class,
      description =
          "Only issues with label L, or without it when written -L (repeatable or"
              + " comma-separated: every one must hold).")
  List<String> labels = new ArrayList<>();

  @Option(
      names = "--priority",
      paramLabel = "P",
      split = ",",
      completionCandidates = CompletionCandidates.Priorities.class,
      description = "Only these priorities (repeatable or comma-separated): " + PRIORITIES + ".")
  List<String> priorities = new ArrayList<>();

  @Option(names = "--team", paramLabel = "KEY", description = "Only this team's issues (ENG).")
  String team;

  @Option(
      names = {"--search", "-s"},
      paramLabel = "TEXT",
      description = "Words to find in titles, descriptions and comments.")
  String search;

  @Option(
      names = "--sort",
      paramLabel = "F",
      completionCandidates = CompletionCandidates.Sorts.class,
      description =
          "updated (default), created, priority, state, title, key; a leading '-' reverses"
              + " (--sort -priority: low first).")
  String sort = "updated";

  @Option(
      names = {"--limit", "-n"},
      paramLabel = "N",
      description =
          "At most N issues (default 50 in a table, all with --json; 0: all). A table cut short"
              + " says so on stderr.")
  Integer limit;

  @Option(
      names = {"--all", "-a"},
      description = "Every state, archived issues included.")
  boolean all;

  @Override
  int run() throws Exception {
    if (limit != null && limit < 0) {
      throw new InvalidInputException("--limit must be 0 (all) or more");
    }
    // --json is for scripts: never cut short unless asked (docs/json.md).
    int rows = limit != null ? limit : json() ? 0 : DEFAULT_LIMIT;
    Replica replica = replica();
    IssueQuery query = query(rows);
    List<dev.tern.model.Issue> issues = replica.list(query);
    page();
    new IssueView(output())
        .refusals(replica.refusals())
        .list(issues, rows, () -> replica.count(query, IssueView.COUNTED + 1));
    return ExitCode.OK;
  }

  private IssueQuery query(int limit) {
    List<State> wanted = new ArrayList<>();
    states.forEach(state -> wanted.add(State.parse(state)));
    if (all && wanted.isEmpty()) {
      wanted.addAll(List.of(State.values()));
    }
    List<String> with = new ArrayList<>();
    List<String> without = new ArrayList<>();
    for (String label : labels) {
      String name = label.strip();
      if (name.isEmpty()) {
        continue;
      }
      if (name.startsWith("-") && name.length() > 1) {
        without.add(name.substring(1));
      } else {
        with.add(name.startsWith("+") ? name.substring(1) : name);
      }
    }
    List<Priority> wantedPriorities = new ArrayList<>();
    priorities.forEach(priority -> wantedPriorities.add(Priority.parse(priority)));
    boolean reversed = sort.strip().startsWith("-");
    return new IssueQuery(
        wanted,
        nobody(assignee) ? null : person(assignee),
        nobody(assignee),
        with,
        without,
        wantedPriorities,
        team == null ? null : team.toUpperCase(Locale.ROOT),
        search == null || search.isBlank() ? null : search,
        sort(reversed ? sort.strip().substring(1) : sort),
        reversed,
        limit,
        all);
  }

  static IssueQuery.Sort sort(String name) {
    try {
      return IssueQuery.Sort.valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException(
          "unknown sort '" + name + "' (allowed: updated, created, priority, state, title, key)");
    }
  }
}
