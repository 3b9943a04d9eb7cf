package dev.tern.cli.completion;

import java.util.List;

/**
 * The values completion reads from the profile's store rather than from the command model: issue
 * references, labels, people, teams, conflicts and profiles. {@link #NONE} knows none of them (no
 * store yet, or a store that could not be read).
 */
public interface LiveValues {
  /** Issue references (keys) with their titles, most recently updated first. */
  List<Candidate> issues();

  /** Labels in use, with how many issues carry each. */
  List<Candidate> labels();

  /** People: {@code me}, {@code none}, and the users named on issues. */
  List<Candidate> people();

  /** Team keys this profile knows. */
  List<Candidate> teams();

  /** Open conflict records: their short ids, with the issue and field. */
  List<Candidate> conflicts();

  /** The profiles that have a store. */
  List<Candidate> profiles();

  LiveValues NONE =
      new LiveValues() {
        @Override
        public List<Candidate> issues() {
          return List.of();
        }

        @Override
        public List<Candidate> labels() {
          return List.of();
        }

        @Override
        public List<Candidate> people() {
          return List.of(new Candidate("me", "you"), new Candidate("none", "no one"));
        }

        @Override
        public List<Candidate> teams() {
          return List.of();
        }

        @Override
        public List<Candidate> conflicts() {
          return List.of();
        }

        @Override
        public List<Candidate> profiles() {
          return List.of();
        }
      };
}
