package dev.tern.op;

import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * How an update's label change is settled against concurrent ones (docs/sync.md, "Labels"). Each
 * label the change adds or removes is settled on its own: the write with the later clock stamp
 * decides whether the label is there, whatever order the writes arrive in. A write that is older
 * than the label's last writer and disagrees with it loses; a newer write that flips a label its
 * author did not see in that state overrides the last writer, who then is the loser.
 *
 * @param labels the labels after this change
 * @param won labels this change decided (its stamp is now the label's last write)
 * @param lost labels this change wanted otherwise but lost to a later write
 * @param overridden labels this change flipped over a concurrent write its author had not seen
 */
public record LabelMerge(
    SortedSet<String> labels,
    SortedSet<String> won,
    SortedSet<String> lost,
    SortedSet<String> overridden) {

  public LabelMerge {
    labels = Collections.unmodifiableSortedSet(new TreeSet<>(labels));
    won = Collections.unmodifiableSortedSet(new TreeSet<>(won));
    lost = Collections.unmodifiableSortedSet(new TreeSet<>(lost));
    overridden = Collections.unmodifiableSortedSet(new TreeSet<>(overridden));
  }

  /**
   * Settles {@code change} (a labels change stamped {@code stamp}) against {@code current}.
   *
   * @param lastWrite the stamp of the last accepted write of a label, or null when no update has
   *     touched it since the issue was created (every updater has seen the create)
   */
  public static LabelMerge settle(
      SortedSet<String> current, Change<?> change, Hlc stamp, Function<String, Hlc> lastWrite) {
    SortedSet<String> before = IssueField.labelSet(change.base());
    SortedSet<String> after = IssueField.labelSet(change.value());
    SortedSet<String> touched = new TreeSet<>();
    for (String label : before) {
      if (!after.contains(label)) {
        touched.add(label);
      }
    }
    for (String label : after) {
      if (!before.contains(label)) {
        touched.add(label);
      }
    }
    SortedSet<String> result = new TreeSet<>(current);
    SortedSet<String> won = new TreeSet<>();
    SortedSet<String> lost = new TreeSet<>();
    SortedSet<String> overridden = new TreeSet<>();
    for (String label : touched) {
      boolean wanted = after.contains(label);
      boolean present = current.contains(label);
      Hlc last = lastWrite.apply(label);
      if (last == null || stamp.compareTo(last) > 0) {
        won.add(label);
        if (wanted) {
          result.add(label);
        } else {
          result.remove(label);
        }
        if (last != null && present != wanted && before.contains(label) != present) {
          overridden.add(label);
        }
      } else if (present != wanted) {
        lost.add(label);
      }
    }
    return new LabelMerge(IssueField.labels(result), won, lost, overridden);
  }
}
