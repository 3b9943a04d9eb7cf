package dev.tern.replica;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A three-way line merge that never gives up: changes of one side only are taken, and where both
 * sides changed the same or touching lines, both versions (and the base) are written between
 * conflict markers for the user to settle in an editor. Overlap is judged as by the server's line
 * merge (docs/sync.md, "Reconciliation"), so the lines it would merge are merged here too.
 */
final class MarkedMerge {
  static final String THEIRS_MARK = "<<<<<<<";
  static final String BASE_MARK = "|||||||";
  static final String SEPARATOR = "=======";
  static final String MINE_MARK = ">>>>>>>";

  private static final Pattern MARKER =
      Pattern.compile("(?m)^(<<<<<<<|\\|\\|\\|\\|\\|\\|\\||=======|>>>>>>>)( |$)");

  private MarkedMerge() {}

  /** A change replacing base lines {@code [from, to)} with {@code lines}, by one side. */
  private record Edit(int from, int to, List<String> lines, boolean mine) {}

  /** {@code theirs} and {@code mine} merged over {@code base}; null texts count as empty. */
  static String merge(String base, String theirs, String mine, String theirLabel, String myLabel) {
    List<String> baseLines = lines(base);
    List<Edit> edits = new ArrayList<>(edits(baseLines, lines(theirs), false));
    for (Edit edit : edits(baseLines, lines(mine), true)) {
      boolean same =
          edits.stream()
              .anyMatch(
                  other ->
                      !other.mine()
                          && other.from() == edit.from()
                          && other.to() == edit.to()
                          && other.lines().equals(edit.lines()));
      if (!same) {
        edits.add(edit);
      }
    }
    edits.sort(Comparator.comparingInt(Edit::from).thenComparingInt(Edit::to));
    List<String> merged = new ArrayList<>();
    int position = 0;
    int index = 0;
    while (index < edits.size()) {
      // A cluster: edits whose base ranges overlap or touch, as one region [from, to).
      int from = edits.get(index).from();
      int to = edits.get(index).to();
      int end = index + 1;
      while (end < edits.size() && edits.get(end).from() <= to) {
        to = Math.max(to, edits.get(end).to());
        end++;
      }
      List<Edit> cluster = edits.subList(index, end);
      merged.addAll(baseLines.subList(position, from));
      boolean both =
          cluster.stream().anyMatch(Edit::mine) && cluster.stream().anyMatch(edit -> !edit.mine());
      if (both) {
        merged.add(THEIRS_MARK + " " + theirLabel);
        merged.addAll(side(baseLines, cluster, from, to, false));
        merged.add(BASE_MARK + " base");
        merged.addAll(baseLines.subList(from, to));
        merged.add(SEPARATOR);
        merged.addAll(side(baseLines, cluster, from, to, true));
        merged.add(MINE_MARK + " " + myLabel);
      } else {
        merged.addAll(side(baseLines, cluster, from, to, cluster.get(0).mine()));
      }
      position = to;
      index = end;
    }
    merged.addAll(baseLines.subList(position, baseLines.size()));
    return String.join("\n", merged);
  }

  /** The line number (from 1) of the first conflict marker left in {@code text}, or 0. */
  static int firstMarker(String text) {
    var matcher = MARKER.matcher(text);
    if (!matcher.find()) {
      return 0;
    }
    return (int) text.substring(0, matcher.start()).chars().filter(c -> c == '\n').count() + 1;
  }

  /** Base lines {@code [from, to)} with one side's edits of the cluster applied. */
  private static List<String> side(
      List<String> base, List<Edit> cluster, int from, int to, boolean mine) {
    List<String> lines = new ArrayList<>();
    int position = from;
    for (Edit edit : cluster) {
      if (edit.mine() != mine) {
        continue;
      }
      lines.addAll(base.subList(position, edit.from()));
      lines.addAll(edit.lines());
      position = edit.to();
    }
    lines.addAll(base.subList(position, to));
    return lines;
  }

  private static List<Edit> edits(List<String> base, List<String> revised, boolean mine) {
    List<Edit> edits = new ArrayList<>();
    for (AbstractDelta<String> delta : DiffUtils.diff(base, revised).getDeltas()) {
      int from = delta.getSource().getPosition();
      edits.add(
          new Edit(from, from + delta.getSource().size(), delta.getTarget().getLines(), mine));
    }
    return edits;
  }

  private static List<String> lines(String text) {
    // split with -1 keeps a trailing empty line, so joining with "\n" gives the text back exactly.
    return Arrays.asList((text == null ? "" : text).split("\n", -1));
  }
}
