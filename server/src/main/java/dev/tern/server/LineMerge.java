package dev.tern.server;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Three-way merge of texts by lines, as for descriptions: the changes from base to current and from
 * base to incoming are combined when they touch different lines.
 *
 * <p>Two changes conflict when their base line ranges overlap or touch (no unchanged line between
 * them), as in diff3: an edit right next to another's is too likely to be about the same thing to
 * be merged silently. The same change made on both sides is taken once.
 */
public final class LineMerge {
  private LineMerge() {}

  /** A change replacing base lines {@code [from, to)} with {@code lines}. */
  private record Edit(int from, int to, List<String> lines) {}

  /** The merged text, or empty when the two sides' changes overlap. Null texts count as empty. */
  public static Optional<String> merge(String base, String current, String incoming) {
    List<String> baseLines = lines(base);
    List<Edit> ours = edits(baseLines, lines(current));
    List<Edit> theirs = edits(baseLines, lines(incoming));
    theirs.removeIf(ours::contains);
    for (Edit mine : ours) {
      for (Edit other : theirs) {
        if (mine.from() <= other.to() && other.from() <= mine.to()) {
          return Optional.empty();
        }
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

  private static List<Edit> edits(List<String> base, List<String> revised) {
    List<Edit> edits = new ArrayList<>();
    for (AbstractDelta<String> delta : DiffUtils.diff(base, revised).getDeltas()) {
      int from = delta.getSource().getPosition();
      edits.add(new Edit(from, from + delta.getSource().size(), delta.getTarget().getLines()));
    }
    return edits;
  }

  private static List<String> lines(String text) {
    // split with -1 keeps a trailing empty line, so joining with "\n" gives the text back exactly.
    return Arrays.asList((text == null ? "" : text).split("\n", -1));
  }
}
