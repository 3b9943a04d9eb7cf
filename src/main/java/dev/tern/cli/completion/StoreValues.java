package dev.tern.cli.completion;

import static dev.tern.cli.view.Text.printable;

import dev.tern.model.Conflict;
import dev.tern.model.Issue;
import dev.tern.model.State;
import dev.tern.replica.IssueQuery;
import dev.tern.replica.Replica;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * {@link LiveValues} read from a profile's replica, each list on first use. Issues are the {@value
 * #ISSUES} most recently updated ones that are not archived, so completing stays quick on a large
 * store; everything printed goes through {@code Text.printable}, since it is other people's text.
 */
public final class StoreValues implements LiveValues {
  static final int ISSUES = 1000;

  private final Replica replica;
  private final Path profiles;
  private List<Issue> recent;

  /**
   * Values from {@code replica}; profiles are the stores in {@code profiles} (the profile home).
   */
  public StoreValues(Replica replica, Path profiles) {
    this.replica = replica;
    this.profiles = profiles;
  }

  private List<Issue> recent() {
    if (recent == null) {
      recent =
          replica.list(
              new IssueQuery(
                  Arrays.asList(State.values()),
                  null,
                  false,
                  List.of(),
                  List.of(),
                  List.of(),
                  null,
                  null,
                  IssueQuery.Sort.UPDATED,
                  false,
                  ISSUES,
                  false));
    }
    return recent;
  }

  @Override
  public List<Candidate> issues() {
    List<Candidate> issues = new ArrayList<>();
    for (Issue issue : recent()) {
      issues.add(new Candidate(printable(issue.key(), false), printable(issue.title(), false)));
    }
    return issues;
  }

  @Override
  public List<Candidate> labels() {
    List<Candidate> labels = new ArrayList<>();
    for (Map.Entry<String, Integer> label : new TreeMap<>(replica.labelCounts()).entrySet()) {
      labels.add(
          new Candidate(
              printable(label.getKey(), false),
              label.getValue() + (label.getValue() == 1 ? " issue" : " issues")));
    }
    return labels;
  }

  @Override
  public List<Candidate> people() {
    Map<String, Candidate> people = new LinkedHashMap<>();
    for (Candidate fixed : LiveValues.NONE.people()) {
      people.put(fixed.value(), fixed);
    }
    people.putIfAbsent(replica.actor(), new Candidate(printable(replica.actor(), false), "you"));
    for (Issue issue : recent()) {
      for (String person : new String[] {issue.assignee(), issue.creator()}) {
        if (person != null && !person.isBlank()) {
          people.putIfAbsent(person, new Candidate(printable(person, false), ""));
        }
      }
    }
    return new ArrayList<>(people.values());
  }

  @Override
  public List<Candidate> teams() {
    Map<String, Candidate> teams = new LinkedHashMap<>();
    teams.put(replica.defaultTeam(), new Candidate(replica.defaultTeam(), "your team"));
    for (Issue issue : recent()) {
      teams.putIfAbsent(issue.team(), new Candidate(printable(issue.team(), false), ""));
    }
    return new ArrayList<>(teams.values());
  }

  @Override
  public List<Candidate> conflicts() {
    List<Candidate> conflicts = new ArrayList<>();
    for (Conflict conflict : replica.conflicts(true)) {
      String id = conflict.id().length() > 8 ? conflict.id().substring(0, 8) : conflict.id();
      conflicts.add(new Candidate(printable(id, false), printable(conflict.field(), false)));
    }
    return conflicts;
  }

  @Override
  public List<Candidate> profiles() {
    return profiles(profiles);
  }

  /** The profiles with a store in {@code home}: each {@code NAME.db}. */
  public static List<Candidate> profiles(Path home) {
    List<Candidate> names = new ArrayList<>();
    try (Stream<Path> files = Files.list(home)) {
      files
          .map(file -> file.getFileName().toString())
          .filter(name -> name.endsWith(".db"))
          .sorted()
          .forEach(
              name ->
                  names.add(
                      new Candidate(printable(name.substring(0, name.length() - 3), false), "")));
    } catch (IOException e) {
      // No profile home yet: no profiles to offer.
    }
    return names;
  }
}
