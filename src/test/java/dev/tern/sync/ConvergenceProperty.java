package dev.tern.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.model.Comment;
import dev.tern.model.InvalidInputException;
import dev.tern.model.Issue;
import dev.tern.model.Priority;
import dev.tern.model.State;
import dev.tern.replica.IssueEdit;
import dev.tern.replica.NewIssue;
import dev.tern.sync.SyncFixture.Client;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * docs/sync.md, rule 4 (convergence): three clients make random edits (collisions included), each
 * syncing at random moments and otherwise offline; once everyone syncs until quiet, every replica
 * equals the server field by field. In about half the tries one profile is copied midway and both
 * copies go on editing. jqwik prints the seed of a failing try; replay it with
 * {@code @Property(seed = ...)}.
 */
class ConvergenceProperty {
  private static final List<String> LABELS = List.of("bug", "ui", "sync", "perf");

  @Property(tries = 12)
  void replicasConvergeOnTheServerState(
      @ForAll long seed, @ForAll @IntRange(min = 20, max = 120) int steps) throws IOException {
    Path dir = Files.createTempDirectory("tern-convergence");
    try (SyncFixture fixture = new SyncFixture(dir)) {
      fixture.store.addTeam("ENG", "Engineering");
      Random random = new Random(seed);
      List<Client> clients =
          new ArrayList<>(
              Stream.of("alice", "bob", "carol")
                  .map(name -> fixture.client(name, fixture.user(name, "ENG")))
                  .toList());
      try {
        clients.forEach(client -> client.login("ENG"));
        int copyAt = random.nextBoolean() ? random.nextInt(steps) : -1;
        for (int step = 0; step < steps; step++) {
          if (step == copyAt) {
            copyProfile(fixture, dir, clients, random.nextInt(clients.size()));
          }
          act(random, clients.get(random.nextInt(clients.size())));
        }
        // Until quiet: two full rounds bring every edit to every replica.
        for (int round = 0; round < 2; round++) {
          clients.forEach(Client::sync);
        }
        var server =
            Replicas.server(
                fixture.serverIssues(Set.of("ENG")), fixture.serverComments(Set.of("ENG")));
        for (Client client : clients) {
          assertThat(Replicas.view(client.replica)).as(client.name).isEqualTo(server);
          assertThat(client.replica.sync().pendingCount()).isZero();
        }
      } finally {
        clients.forEach(Client::close);
      }
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }

  /**
   * A restored or copied profile: the file of one client, copied while closed, becomes a fourth
   * client beside the original, with the same client id and sequence numbers (docs/sync.md, "Copied
   * and restored profiles").
   */
  private static void copyProfile(SyncFixture fixture, Path dir, List<Client> clients, int index)
      throws IOException {
    Client original = clients.get(index);
    original.close();
    Files.copy(dir.resolve(original.name + ".db"), dir.resolve(original.name + "-copy.db"));
    clients.set(index, fixture.client(original.name, original.token));
    clients.add(fixture.client(original.name + "-copy", original.token));
  }

  private static void act(Random random, Client client) {
    List<Issue> issues = client.replica.list(Replicas.EVERYTHING);
    int choice = random.nextInt(100);
    if (issues.isEmpty() || choice < 12) {
      client.replica.create(NewIssue.titled("issue " + random.nextInt(1000)));
      return;
    }
    Issue issue = issues.get(random.nextInt(issues.size()));
    if (choice < 30) {
      client.sync();
    } else if (choice < 42) {
      client.replica.update(issue.id(), IssueEdit.none().withTitle("title " + random.nextInt(5)));
    } else if (choice < 52) {
      client.replica.update(
          issue.id(),
          IssueEdit.none().withState(State.values()[random.nextInt(State.values().length)]));
    } else if (choice < 60) {
      client.replica.update(
          issue.id(), IssueEdit.none().withPriority(Priority.ofLevel(random.nextInt(5))));
    } else if (choice < 70) {
      String label = LABELS.get(random.nextInt(LABELS.size()));
      boolean add = random.nextBoolean();
      client.replica.update(
          issue.id(),
          add
              ? IssueEdit.none().withLabels(List.of(label), List.of())
              : IssueEdit.none().withLabels(List.of(), List.of(label)));
    } else if (choice < 80) {
      String[] lines =
          (issue.description().isEmpty() ? "a\nb\nc\nd" : issue.description()).split("\n");
      lines[random.nextInt(lines.length)] = client.name + random.nextInt(10);
      client.replica.update(issue.id(), IssueEdit.none().withDescription(String.join("\n", lines)));
    } else if (choice < 86) {
      List<Comment> own =
          // A listing carries no comments: show does.
          client.replica.show(issue.id()).comments().stream()
              .filter(comment -> comment.author().equals(client.replica.actor()))
              .toList();
      if (own.isEmpty() || random.nextInt(4) == 0) {
        client.replica.comment(issue.id(), "comment by " + client.name);
      } else {
        Comment target = own.get(random.nextInt(own.size()));
        String[] lines = (target.body() + "\nx\ny").split("\n");
        lines[random.nextInt(lines.length)] = client.name + random.nextInt(10);
        try {
          client.replica.editComment(
              target.id(), String.join("\n", java.util.Arrays.copyOf(lines, 3)));
        } catch (InvalidInputException unchanged) {
          // The comment already says that.
        }
      }
    } else if (choice < 90) {
      client.replica.update(issue.id(), IssueEdit.none().withArchived(random.nextBoolean()));
    } else if (choice < 95) {
      try {
        client.replica.undo();
      } catch (InvalidInputException refused) {
        // Someone else changed the field since: undo refuses unless forced.
        client.replica.undo(true);
      }
    } else {
      try {
        client.replica.redo();
      } catch (InvalidInputException refused) {
        client.replica.redo(true);
      }
    }
  }
}
