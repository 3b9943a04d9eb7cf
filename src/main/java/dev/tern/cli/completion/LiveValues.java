package dev.tern.cli.completion;

import java.util.List;

/**
 * The values completion reads from the profile's store rather than from the command model: issue
 * references, labels, people, teams, conflicts and profiles. {@link #NONE} knows none of them (no
 * store yet, or a store that could not be read).
 */
public interface LiveValues {
  /** Issue references (keys) with their titles, most recently updated first. */
  default List<Candidate> issues() {
    return List.of();
  }

  /** Labels in use, with how many issues carry each. */
  default List<Candidate> labels() {
    return List.of();
  }

  /** People: {@code me}, {@code none}, and the users named on issues. */
  default List<Candidate> people() {
    return List.of(new Candidate("me", "you"), new Candidate("none", "no one"));
  }

  /** Team keys this profile knows. */
  default List<Candidate> teams() {
    return List.of();
  }

  /** Open conflict records: their short ids, with the issue and field. */
  default List<Candidate> conflicts() {
    return List.of();
  }

  /** The profiles that have a store. */
  default List<Candidate> profiles() {
    return List.of();
  }

  /** Only what needs no store: {@code me} and {@code none}. */
  LiveValues NONE = new LiveValues() {};
}
