package dev.tern.replica;

import dev.tern.model.Issue;
import dev.tern.model.Priority;
import dev.tern.model.State;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A child process for {@link KillNineAtomicityTest}: opens the replica at {@code args[0]} and edits
 * it in a loop until killed. After each action it prints the store's latest sequence number, so the
 * parent knows which edits were reported done. With {@code args[1]} it stops after that many
 * actions.
 */
public final class EditLoop {
  private EditLoop() {}

  public static void main(String[] args) {
    Path file = Path.of(args[0]);
    long limit = args.length > 1 ? Long.parseLong(args[1]) : Long.MAX_VALUE;
    Random random = new Random();
    try (Replica replica = Replica.open(file, System::currentTimeMillis, "loop")) {
      List<String> issues = new ArrayList<>();
      replica.list(everything()).forEach(issue -> issues.add(issue.id()));
      System.out.println("ready");
      System.out.flush();
      for (long done = 0; done < limit; done++) {
        int choice = issues.isEmpty() ? 0 : random.nextInt(10);
        String target = issues.isEmpty() ? null : issues.get(random.nextInt(issues.size()));
        try {
          act(replica, random, issues, choice, target);
        } catch (dev.tern.model.InvalidInputException e) {
          // "cannot be its own parent" and the like: a refused action, fine for this loop.
        }
        List<LogEntry> last = replica.log(false, 1);
        System.out.println(last.isEmpty() ? 0 : last.get(0).op().seq());
        System.out.flush();
      }
    }
  }

  private static void act(
      Replica replica, Random random, List<String> issues, int choice, String target) {
    switch (choice) {
      case 0, 1 -> {
        Issue created =
            replica.create(
                new NewIssue(
                    "issue " + random.nextInt(),
                    random.nextBoolean() ? "text " + random.nextLong() : null,
                    State.values()[random.nextInt(State.values().length)],
                    Priority.values()[random.nextInt(5)],
                    random.nextBoolean() ? "bob" : null,
                    List.of("l" + random.nextInt(4)),
                    random.nextBoolean() ? (long) random.nextInt(9) : null,
                    null,
                    null));
        issues.add(created.id());
      }
      case 2, 3, 4 ->
          replica.update(
              target,
              new IssueEdit(
                  "renamed " + random.nextInt(),
                  random.nextBoolean() ? "described " + random.nextInt() : null,
                  State.values()[random.nextInt(State.values().length)],
                  Priority.values()[random.nextInt(5)],
                  random.nextBoolean() ? "carol" + random.nextInt(3) : null,
                  random.nextInt(4) == 0,
                  List.of("l" + random.nextInt(4)),
                  List.of("l" + random.nextInt(4)),
                  random.nextBoolean() ? (long) random.nextInt(9) : null,
                  false,
                  random.nextInt(5) == 0 ? issues.get(random.nextInt(issues.size())) : null,
                  random.nextInt(6) == 0 ? random.nextBoolean() : null));
      case 5, 6, 7 -> replica.comment(target, "comment " + random.nextLong());
      case 8 -> replica.undo();
      default -> replica.redo();
    }
  }

  public static IssueQuery everything() {
    return new IssueQuery(
        List.of(State.values()), null, null, null, null, null, IssueQuery.Sort.CREATED, 0, true);
  }
}
