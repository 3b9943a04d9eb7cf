package dev.tern.cli;

import dev.tern.model.Priority;
import dev.tern.model.State;
import dev.tern.replica.IssueQuery;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * The values shell completion offers for options that take one of a fixed set, named in their
 * {@code completionCandidates}: picocli puts them in the bash script, and the zsh and fish scripts
 * read them from the same model.
 */
final class CompletionCandidates {
  private CompletionCandidates() {}

  /** backlog, todo, in_progress, done, canceled. */
  static final class States implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return Arrays.stream(State.values()).map(State::wireName).iterator();
    }
  }

  /** none, urgent, high, medium, low (the levels 0-4 are accepted too). */
  static final class Priorities implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return Arrays.stream(Priority.values()).map(Priority::label).iterator();
    }
  }

  /** What {@code ls --sort} sorts by. */
  static final class Sorts implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return Arrays.stream(IssueQuery.Sort.values())
          .map(sort -> sort.name().toLowerCase(Locale.ROOT))
          .iterator();
    }
  }

  /** The shells {@code tern completion} writes for. */
  static final class Shells implements Iterable<String> {
    static final List<String> NAMES = List.of("bash", "zsh", "fish");

    @Override
    public Iterator<String> iterator() {
      return NAMES.iterator();
    }
  }
}
