package dev.tern.server;

import com.github.difflib.algorithm.DiffAlgorithmListener;
import com.github.difflib.algorithm.myers.MyersDiff;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.Patch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * Three-way merge of texts by lines, as for descriptions: the changes from base to current and from
 * base to incoming are combined when they touch different lines.
 *
 * <p>Two changes conflict when their base line ranges overlap or touch (no unchanged line between
 * them), as in diff3: an edit right next to another's is too likely to be about the same thing to
 * be merged silently. The same change made on both sides is taken once.
 *
 * <p>The merge runs on the server's single writer thread, so its cost is bounded (docs/sync.md,
 * "Line merge and its budget"). The lines both texts share at the start and at the end are set
 * aside in linear time; Myers' diff on what remains costs about (lines left) × (lines changed), and
 * it is given up once the lines changed pass {@link #differencesAllowed}. A merge given up is
 * reported like overlapping changes, so the edit settles as last writer wins with a conflict record
 * for the loser. The budget counts steps, not time, so that the same pushes give the same result on
 * any machine.
 */
public final class LineMerge {
  /** Most lines changed (inserted plus deleted) one side may have, whatever the text's size. */
  static final int MAX_DIFFERENCES = 2_000;

  /** Bound on (lines left after trimming) × (lines changed), the work of one diff. */
  static final long MAX_WORK = 20_000_000L;

  private LineMerge() {}

  /** A change replacing base lines {@code [from, to)} with {@code lines}. */
  private record Edit(int from, int to, List<String> lines) {}

  /** Thrown out of the diff when it passes its budget. */
  private static final class OverBudget extends RuntimeException {
    OverBudget() {
      super(null, null, false, false);
    }
  }

  /**
   * The merged text, or empty when the two sides' changes overlap or are too large to merge within
   * the budget. Null texts count as empty.
   */
  public static Optional<String> merge(String base, String current, String incoming) {
    List<String> baseLines = lines(base);
    List<Edit> ours;
    List<Edit> theirs;
    try {
      ours = edits(baseLines, lines(current));
      theirs = edits(baseLines, lines(incoming));
    } catch (OverBudget e) {
      return Optional.empty();
    }
    theirs.removeAll(new HashSet<>(ours));
    // Both lists are in base order: one pass finds any overlap.
    int index = 0;
    for (Edit mine : ours) {
      while (index < theirs.size() && theirs.get(index).to() < mine.from()) {
        index++;
      }
      if (index < theirs.size() && theirs.get(index).from() <= mine.to()) {
        return Optional.empty();
      }
    }
    List<Edit> all = new ArrayList<>(ours);
    all.addAll(theirs);
    all.sort(Comparator.comparingInt(Edit::from));
    List<String> merged = new ArrayList<>();
    int position = 0;
    for (Edit edit : all) {
      merged.addAll(baseLines.subList(position, edit.from()));
      merged.addAll(edit.lines());
      position = edit.to();
    }
    merged.addAll(baseLines.subList(position, baseLines.size()));
    return Optional.of(String.join("\n", merged));
  }

  /** How many changed lines a diff of two texts with this many differing lines may reach. */
  static int differencesAllowed(int linesLeft) {
    return (int) Math.min(MAX_DIFFERENCES, MAX_WORK / Math.max(1, linesLeft));
  }

  /** The base-ordered edits from base to revised. Throws OverBudget past the budget. */
  private static List<Edit> edits(List<String> base, List<String> revised) {
    int prefix = 0;
    int shortest = Math.min(base.size(), revised.size());
    while (prefix < shortest && base.get(prefix).equals(revised.get(prefix))) {
      prefix++;
    }
    int suffix = 0;
    while (suffix < shortest - prefix
        && base.get(base.size() - 1 - suffix).equals(revised.get(revised.size() - 1 - suffix))) {
      suffix++;
    }
    List<String> baseMiddle = base.subList(prefix, base.size() - suffix);
    List<String> revisedMiddle = revised.subList(prefix, revised.size() - suffix);
    List<Edit> edits = new ArrayList<>();
    if (baseMiddle.isEmpty() && revisedMiddle.isEmpty()) {
      return edits;
    }
    if (baseMiddle.isEmpty() || revisedMiddle.isEmpty()) {
      edits.add(new Edit(prefix, prefix + baseMiddle.size(), List.copyOf(revisedMiddle)));
      return edits;
    }
    int allowed = differencesAllowed(baseMiddle.size() + revisedMiddle.size());
    if (Math.abs(baseMiddle.size() - revisedMiddle.size()) > allowed) {
      // At least that many lines differ: not worth starting.
      throw new OverBudget();
    }
    Patch<String> patch =
        Patch.generate(
            baseMiddle,
            revisedMiddle,
            new MyersDiff<String>().computeDiff(baseMiddle, revisedMiddle, budget(allowed)));
    for (AbstractDelta<String> delta : patch.getDeltas()) {
      int from = prefix + delta.getSource().getPosition();
      edits.add(new Edit(from, from + delta.getSource().size(), delta.getTarget().getLines()));
    }
    return edits;
  }

  /** Stops Myers' diff when its edit distance passes {@code allowed}. */
  private static DiffAlgorithmListener budget(int allowed) {
    return new DiffAlgorithmListener() {
      @Override
      public void diffStart() {}

      @Override
      public void diffStep(int distance, int max) {
        if (distance > allowed) {
          throw new OverBudget();
        }
      }

      @Override
      public void diffEnd() {}
    };
  }

  private static List<String> lines(String text) {
    // split with -1 keeps a trailing empty line, so joining with "\n" gives the text back exactly.
    return Arrays.asList((text == null ? "" : text).split("\n", -1));
  }
}
