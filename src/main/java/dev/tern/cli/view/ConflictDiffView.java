package dev.tern.cli.view;

import static dev.tern.cli.view.Text.printable;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.DeltaType;
import dev.tern.cli.view.Terminal.Style;
import dev.tern.model.Conflict;
import dev.tern.model.InvalidInputException;
import dev.tern.model.Priority;
import dev.tern.op.Hlc;
import dev.tern.op.IssueField;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One conflict drawn whole: the issue, the field, who changed it and when on each side, and the
 * base, their value (kept) and mine (lost) as a diff against the base. Short values get a
 * word-level diff; descriptions (or any value with several lines) a line-level one, unified on a
 * narrow terminal and side by side on a wide one. Nothing is cut: long lines wrap, and only runs of
 * lines unchanged on both sides are folded into a count. Without colour the changes are still
 * marked, {@code [-gone-]} and {@code {+new+}} within a line, {@code -}/{@code +} before a line.
 */
public final class ConflictDiffView {
  /** From this width on, descriptions are drawn side by side. */
  static final int SIDE_BY_SIDE_WIDTH = 120;

  private static final int CONTEXT = 2;
  private static final String LABEL_INDENT = "  ";
  private static final int LABEL_WIDTH = 8;

  private final Output output;
  private final Terminal terminal;

  public ConflictDiffView(Output output) {
    this.output = output;
    this.terminal = output.terminal();
  }

  /**
   * Draws {@code conflict} on issue {@code key} titled {@code title} (null when this replica no
   * longer holds the issue).
   */
  public void show(Conflict conflict, String key, String title, String me) {
    PrintStream out = terminal.out();
    String heading = terminal.style(Style.CYAN, printable(key, false));
    if (title != null) {
      heading += " " + terminal.style(Style.BOLD, printable(title, false));
    }
    out.println(heading);
    out.println(
        "field "
            + terminal.style(Style.BOLD, printable(conflict.field(), false))
            + ", conflict "
            + printable(shortId(conflict.id()), false)
            + " ("
            + conflict.status().text()
            + ")");
    out.println(
        LABEL_INDENT
            + label("theirs")
            + printable(String.valueOf(conflict.theirActor()), false)
            + when(conflict.theirStamp())
            + ", kept on the server");
    out.println(
        LABEL_INDENT + label("mine") + printable(me, false) + when(conflict.myStamp()) + ", lost");
    out.println();
    List<String> base = lines(conflict.base());
    List<String> theirs = lines(conflict.theirs());
    List<String> mine = lines(conflict.mine());
    boolean long_ =
        "description".equals(conflict.field())
            || base.size() > 1
            || theirs.size() > 1
            || mine.size() > 1;
    if (!long_) {
      shortField(out, conflict);
    } else if (terminal.interactive() && terminal.width() >= SIDE_BY_SIDE_WIDTH) {
      sideBySide(out, base, theirs, mine);
    } else {
      unified(out, "theirs (kept)", base, theirs);
      unified(out, "mine (lost)", base, mine);
    }
    if (conflict.status() == Conflict.Status.OPEN) {
      out.println();
      String id = shortId(conflict.id());
      out.println("settle it: tern conflicts resolve " + id + " --mine | --theirs | --edit");
      out.println("       or: tern conflicts dismiss " + id);
    }
    out.flush();
  }

  /**
   * A conflict id as views print it: whole (the server's are short, "sync id/field"), or the first
   * eight characters of a long one, which commands accept as well.
   */
  public static String shortId(String id) {
    return id.length() > 16 ? id.substring(0, 8) : id;
  }

  // ---- short fields: word level ------------------------------------------------------------

  private void shortField(PrintStream out, Conflict conflict) {
    String field = conflict.field();
    String base = readable(field, conflict.base());
    printWrapped(out, label("base"), plain(base));
    printWrapped(out, label("theirs"), words(base, readable(field, conflict.theirs())));
    printWrapped(out, label("mine"), words(base, readable(field, conflict.mine())));
  }

  /**
   * A conflict's value as the other views name it: records keep the wire's text, where a priority
   * is its level ("2"), but show, ls and log say "high". A value that does not parse is shown as it
   * came.
   */
  static String readable(String field, String value) {
    if (value == null || !IssueField.PRIORITY.wireName().equals(field)) {
      return value;
    }
    try {
      return Priority.parse(value).label();
    } catch (InvalidInputException e) {
      return value;
    }
  }

  private static List<Segment> plain(String value) {
    if (value == null) {
      return List.of(new Segment(Style.DIM, "(not set)"));
    }
    return List.of(new Segment(Style.PLAIN, printable(value, false)));
  }

  /** {@code value} against {@code base}, word by word: removed words red, new ones green. */
  private static List<Segment> words(String base, String value) {
    if (value == null) {
      return List.of(new Segment(Style.DIM, "(not set)"));
    }
    List<String> from = tokens(base == null ? "" : base);
    List<String> to = tokens(value);
    List<Segment> segments = new ArrayList<>();
    int at = 0;
    for (AbstractDelta<String> delta : DiffUtils.diff(from, to).getDeltas()) {
      int position = delta.getSource().getPosition();
      addText(segments, Style.PLAIN, String.join("", from.subList(at, position)));
      if (delta.getType() != DeltaType.INSERT) {
        String gone = String.join("", delta.getSource().getLines());
        segments.add(new Segment(Style.RED, "[-" + printable(gone, false) + "-]"));
      }
      if (delta.getType() != DeltaType.DELETE) {
        String added = String.join("", delta.getTarget().getLines());
        segments.add(new Segment(Style.GREEN, "{+" + printable(added, false) + "+}"));
      }
      at = position + delta.getSource().size();
    }
    addText(segments, Style.PLAIN, String.join("", from.subList(at, from.size())));
    return segments;
  }

  private static void addText(List<Segment> segments, Style style, String text) {
    if (!text.isEmpty()) {
      segments.add(new Segment(style, printable(text, false)));
    }
  }

  /** Words and the runs of space between them, so joining the tokens gives the text back. */
  private static List<String> tokens(String text) {
    if (text.isEmpty()) {
      return List.of();
    }
    return Arrays.asList(text.split("(?<=\\s)(?=\\S)|(?<=\\S)(?=\\s)"));
  }

  // ---- long fields: line level -------------------------------------------------------------

  /** A line of a value as the diff shows it: {@code ' '} kept, {@code '-'} removed, {@code '+'}. */
  private record Cell(char mark, String text) {}

  /** One row of the aligned view; a side without a line there is null. */
  private record Row(Cell theirs, Cell mine, boolean changed) {}

  private void unified(PrintStream out, String title, List<String> base, List<String> value) {
    out.println(terminal.style(Style.BOLD, title) + " against base:");
    Alignment side = align(base, value);
    List<Row> rows = new ArrayList<>();
    for (int gap = 0; gap <= base.size(); gap++) {
      for (String added : side.insertedBefore.getOrDefault(gap, List.of())) {
        rows.add(new Row(new Cell('+', added), null, true));
      }
      if (gap < base.size()) {
        boolean removed = side.deleted.contains(gap);
        rows.add(new Row(new Cell(removed ? '-' : ' ', base.get(gap)), null, removed));
      }
    }
    int width = Math.max(20, terminal.width() - LABEL_INDENT.length() - 2);
    drawFolded(
        out,
        rows,
        row -> {
          for (String piece : wrap(printable(row.theirs().text(), false), width)) {
            out.println(LABEL_INDENT + cell(row.theirs().mark(), piece.stripTrailing()));
          }
        });
  }

  private void sideBySide(
      PrintStream out, List<String> base, List<String> theirs, List<String> mine) {
    Alignment left = align(base, theirs);
    Alignment right = align(base, mine);
    List<Row> rows = new ArrayList<>();
    for (int gap = 0; gap <= base.size(); gap++) {
      List<String> leftAdded = left.insertedBefore.getOrDefault(gap, List.of());
      List<String> rightAdded = right.insertedBefore.getOrDefault(gap, List.of());
      for (int index = 0; index < Math.max(leftAdded.size(), rightAdded.size()); index++) {
        rows.add(
            new Row(
                index < leftAdded.size() ? new Cell('+', leftAdded.get(index)) : null,
                index < rightAdded.size() ? new Cell('+', rightAdded.get(index)) : null,
                true));
      }
      if (gap < base.size()) {
        boolean leftRemoved = left.deleted.contains(gap);
        boolean rightRemoved = right.deleted.contains(gap);
        rows.add(
            new Row(
                new Cell(leftRemoved ? '-' : ' ', base.get(gap)),
                new Cell(rightRemoved ? '-' : ' ', base.get(gap)),
                leftRemoved || rightRemoved));
      }
    }
    int column = (terminal.width() - 3) / 2;
    int text = column - 2;
    out.println(
        terminal.style(Style.BOLD, Text.pad("theirs (kept)", column))
            + " | "
            + terminal.style(Style.BOLD, "mine (lost)"));
    drawFolded(
        out,
        rows,
        row -> {
          List<String> leftPieces = pieces(row.theirs(), text);
          List<String> rightPieces = pieces(row.mine(), text);
          for (int index = 0; index < Math.max(leftPieces.size(), rightPieces.size()); index++) {
            String leftPiece = index < leftPieces.size() ? leftPieces.get(index) : "";
            String rightPiece = index < rightPieces.size() ? rightPieces.get(index) : "";
            // Continuation lines of a wrapped line carry their line's mark, so colour follows.
            char leftMark = row.theirs() == null ? ' ' : row.theirs().mark();
            char rightMark = row.mine() == null ? ' ' : row.mine().mark();
            String leftCell =
                row.theirs() == null || index >= leftPieces.size()
                    ? Text.pad("", column)
                    : cell(leftMark, Text.pad(leftPiece, text));
            String rightCell =
                row.mine() == null || index >= rightPieces.size()
                    ? ""
                    : cell(rightMark, rightPiece);
            out.println((leftCell + " | " + rightCell).stripTrailing());
          }
        });
  }

  private static List<String> pieces(Cell cell, int width) {
    return cell == null ? List.of() : wrap(printable(cell.text(), false), width);
  }

  private String cell(char mark, String text) {
    String line = mark + " " + text;
    return switch (mark) {
      case '-' -> terminal.style(Style.RED, line);
      case '+' -> terminal.style(Style.GREEN, line);
      default -> line;
    };
  }

  /** Draws the rows, folding runs of unchanged ones more than {@link #CONTEXT} from a change. */
  private void drawFolded(PrintStream out, List<Row> rows, java.util.function.Consumer<Row> draw) {
    boolean[] shown = new boolean[rows.size()];
    for (int index = 0; index < rows.size(); index++) {
      if (rows.get(index).changed()) {
        for (int near = Math.max(0, index - CONTEXT);
            near <= Math.min(rows.size() - 1, index + CONTEXT);
            near++) {
          shown[near] = true;
        }
      }
    }
    int folded = 0;
    for (int index = 0; index < rows.size(); index++) {
      if (shown[index]) {
        if (folded > 0) {
          out.println(fold(folded));
          folded = 0;
        }
        draw.accept(rows.get(index));
      } else {
        folded++;
      }
    }
    if (folded > 0) {
      out.println(fold(folded));
    }
  }

  private String fold(int count) {
    return LABEL_INDENT
        + terminal.style(
            Style.DIM, "... " + count + " unchanged line" + (count == 1 ? "" : "s") + " ...");
  }

  /** Where a value's lines differ from the base: base lines removed, and new lines by position. */
  private static final class Alignment {
    final Set<Integer> deleted = new HashSet<>();

    /** New lines, placed before the base line of the key (the base's size: at the end). */
    final Map<Integer, List<String>> insertedBefore = new HashMap<>();
  }

  private static Alignment align(List<String> base, List<String> value) {
    Alignment alignment = new Alignment();
    for (AbstractDelta<String> delta : DiffUtils.diff(base, value).getDeltas()) {
      int position = delta.getSource().getPosition();
      int size = delta.getSource().size();
      for (int line = position; line < position + size; line++) {
        alignment.deleted.add(line);
      }
      if (!delta.getTarget().getLines().isEmpty()) {
        alignment
            .insertedBefore
            .computeIfAbsent(position + size, gap -> new ArrayList<>())
            .addAll(delta.getTarget().getLines());
      }
    }
    return alignment;
  }

  /** A value's lines; a missing value has none, and a final newline makes no empty last line. */
  static List<String> lines(String value) {
    if (value == null || value.isEmpty()) {
      return List.of();
    }
    List<String> lines = new ArrayList<>(Arrays.asList(value.split("\r?\n", -1)));
    if (lines.get(lines.size() - 1).isEmpty()) {
      lines.remove(lines.size() - 1);
    }
    return lines;
  }

  // ---- layout ------------------------------------------------------------------------------

  /** A run of text in one style; its text is already printable. */
  private record Segment(Style style, String text) {}

  private String label(String name) {
    return terminal.style(Style.BOLD, Text.pad(name, LABEL_WIDTH));
  }

  /** Prints segments after a label, wrapped to the terminal with the label's indent. */
  private void printWrapped(PrintStream out, String label, List<Segment> segments) {
    int indent = LABEL_INDENT.length() + LABEL_WIDTH;
    int width = terminal.width() == Integer.MAX_VALUE ? Integer.MAX_VALUE : terminal.width();
    int room = Math.max(20, width - indent);
    StringBuilder line = new StringBuilder(LABEL_INDENT + label);
    int used = 0;
    for (Segment segment : segments) {
      String rest = segment.text();
      while (!rest.isEmpty()) {
        String piece = rest.substring(0, breakAt(rest, room - used, used == 0));
        if (!piece.isEmpty()) {
          line.append(terminal.style(segment.style(), piece));
          used += piece.codePointCount(0, piece.length());
        }
        rest = rest.substring(piece.length());
        if (!rest.isEmpty()) {
          out.println(line);
          line = new StringBuilder(" ".repeat(indent));
          used = 0;
        }
      }
    }
    out.println(line);
  }

  /** {@code text} in pieces of at most {@code width} code points; an empty text is one piece. */
  static List<String> wrap(String text, int width) {
    List<String> pieces = new ArrayList<>();
    String rest = text;
    while (rest.codePointCount(0, rest.length()) > width) {
      int end = breakAt(rest, width, true);
      pieces.add(rest.substring(0, end));
      rest = rest.substring(end);
    }
    pieces.add(rest);
    return pieces;
  }

  /**
   * Where to end a line's piece of {@code text} with {@code room} code points left: after the last
   * space that fits, or, with no space, mid-word when {@code mustFill} (a line of its own), else
   * nowhere (the word moves to the next line).
   */
  private static int breakAt(String text, int room, boolean mustFill) {
    if (text.codePointCount(0, text.length()) <= room) {
      return text.length();
    }
    int end = text.offsetByCodePoints(0, Math.max(0, room));
    int space = end == 0 ? -1 : text.lastIndexOf(' ', end - 1);
    if (space >= 0) {
      return space + 1;
    }
    return mustFill ? Math.max(end, text.offsetByCodePoints(0, 1)) : 0;
  }

  private String when(String stamp) {
    if (stamp == null) {
      return "";
    }
    try {
      return " at " + output.time(Hlc.decode(stamp).millis());
    } catch (IllegalArgumentException e) {
      return "";
    }
  }
}
