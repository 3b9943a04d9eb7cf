package dev.tern.cli;

import dev.tern.cli.Terminal.Style;
import dev.tern.model.Comment;
import dev.tern.model.Issue;
import dev.tern.model.Priority;
import dev.tern.model.State;
import dev.tern.op.Change;
import dev.tern.op.Fields;
import dev.tern.op.Op;
import dev.tern.replica.LogEntry;
import dev.tern.replica.OpStatus;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Human-readable output: the issue table, one issue in full, and log lines. */
final class Render {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
  private static final int SHORT_VALUE = 40;

  private final Terminal terminal;
  private final ZoneId zone;

  Render(Terminal terminal, ZoneId zone) {
    this.terminal = terminal;
    this.zone = zone;
  }

  String time(long epochMillis) {
    return TIME.format(Instant.ofEpochMilli(epochMillis).atZone(zone));
  }

  static String priority(Priority priority) {
    return priority == Priority.NONE ? "-" : priority.label();
  }

  Style stateStyle(State state) {
    return switch (state) {
      case BACKLOG -> Style.DIM;
      case TODO -> Style.BLUE;
      case IN_PROGRESS -> Style.YELLOW;
      case DONE -> Style.GREEN;
      case CANCELED -> Style.DIM;
    };
  }

  static Style priorityStyle(Priority priority) {
    return switch (priority) {
      case URGENT -> Style.RED;
      case HIGH -> Style.YELLOW;
      default -> Style.PLAIN;
    };
  }

  /** The issue table: fixed columns padded to their widest cell, the title last and cut to fit. */
  void issueTable(List<Issue> issues) {
    PrintStream out = terminal.out();
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"KEY", "STATE", "PRI", "ASSIGNEE", "LABELS", "TITLE"});
    for (Issue issue : issues) {
      rows.add(
          new String[] {
            issue.key(),
            issue.state().wireName(),
            priority(issue.priority()),
            issue.assignee() == null ? "-" : printable(issue.assignee(), false),
            issue.labels().isEmpty() ? "-" : printable(String.join(",", issue.labels()), false),
            printable(issue.archived() ? issue.title() + " (archived)" : issue.title(), false)
          });
    }
    int[] widths = new int[5];
    for (String[] row : rows) {
      for (int column = 0; column < widths.length; column++) {
        widths[column] =
            Math.max(widths[column], row[column].codePointCount(0, row[column].length()));
      }
    }
    int used = 0;
    for (int width : widths) {
      used += width + 2;
    }
    int titleRoom = Math.max(20, terminal.width() - used);
    for (int index = 0; index < rows.size(); index++) {
      String[] row = rows.get(index);
      StringBuilder line = new StringBuilder();
      for (int column = 0; column < widths.length; column++) {
        String cell = pad(row[column], widths[column]);
        Style style = Style.PLAIN;
        if (index == 0) {
          style = Style.BOLD;
        } else if (column == 0) {
          style = Style.CYAN;
        } else if (column == 1) {
          style = stateStyle(issues.get(index - 1).state());
        } else if (column == 2) {
          style = priorityStyle(issues.get(index - 1).priority());
        }
        line.append(terminal.style(style, cell)).append("  ");
      }
      String title = cut(row[5], titleRoom);
      line.append(index == 0 ? terminal.style(Style.BOLD, title) : title);
      out.println(line.toString().stripTrailing());
    }
    out.flush();
  }

  /** One issue in full: header, fields, description, comments. */
  void issue(Issue issue, Map<String, String> parentKeys) {
    PrintStream out = terminal.out();
    out.println(
        terminal.style(Style.CYAN, issue.key())
            + "  "
            + terminal.style(Style.BOLD, printable(issue.title(), false))
            + (issue.archived() ? terminal.style(Style.DIM, "  (archived)") : ""));
    out.println(
        "state: "
            + terminal.style(stateStyle(issue.state()), issue.state().wireName())
            + "   priority: "
            + terminal.style(priorityStyle(issue.priority()), priority(issue.priority()))
            + "   assignee: "
            + (issue.assignee() == null ? "-" : printable(issue.assignee(), false))
            + "   team: "
            + issue.team());
    StringBuilder extra = new StringBuilder();
    extra
        .append("labels: ")
        .append(
            issue.labels().isEmpty() ? "-" : printable(String.join(", ", issue.labels()), false));
    if (issue.estimate() != null) {
      extra.append("   estimate: ").append(issue.estimate());
    }
    if (issue.parent() != null) {
      extra.append("   parent: ").append(parentKeys.getOrDefault(issue.parent(), issue.parent()));
    }
    out.println(extra);
    out.println(
        terminal.style(
            Style.DIM,
            "created "
                + time(issue.createdAt())
                + " by "
                + printable(issue.creator(), false)
                + "   updated "
                + time(issue.updatedAt())
                + "   id "
                + issue.id()));
    if (!issue.description().isEmpty()) {
      out.println();
      out.println(printable(issue.description().stripTrailing(), true));
    }
    if (!issue.comments().isEmpty()) {
      out.println();
      out.println(terminal.style(Style.BOLD, "comments (" + issue.comments().size() + ")"));
      for (Comment comment : issue.comments()) {
        out.println();
        out.println(
            terminal.style(Style.MAGENTA, printable(comment.author(), false))
                + terminal.style(Style.DIM, "  " + time(comment.createdAt())));
        for (String line : printable(comment.body().stripTrailing(), true).split("\n", -1)) {
          out.println("  " + line);
        }
      }
    }
    out.flush();
  }

  /** One log line: sequence, time, actor, what, issue key, changes, status. */
  void opLine(LogEntry logged, String key) {
    Op op = logged.op();
    String status = logged.status().text();
    if (logged.status() == OpStatus.REJECTED && logged.note() != null) {
      status += " (" + logged.note() + ")";
    }
    terminal
        .out()
        .println(
            String.format("%6d", op.seq())
                + "  "
                + terminal.style(Style.DIM, time(op.stamp().millis()))
                + "  "
                + pad(op.actor(), 10)
                + "  "
                + pad(action(op), 8)
                + "  "
                + terminal.style(Style.CYAN, pad(key, 9))
                + "  "
                + changes(op)
                + "  "
                + terminal.style(statusStyle(logged.status()), "[" + status + "]"));
  }

  private static Style statusStyle(OpStatus status) {
    return switch (status) {
      case PENDING, ACKED -> Style.YELLOW;
      case REJECTED -> Style.RED;
      case SYNCED, REMOTE -> Style.DIM;
    };
  }

  static String action(Op op) {
    return switch (op.kind()) {
      case CREATE_ISSUE -> "create";
      case UPDATE_ISSUE ->
          op.changes().size() == 1 && op.change(Fields.ARCHIVED) != null
              ? ("true".equals(op.change(Fields.ARCHIVED).value()) ? "archive" : "restore")
              : "edit";
      case CREATE_COMMENT -> "comment";
      case UPDATE_COMMENT ->
          "true".equals(op.change(Fields.DELETED).value()) ? "uncomment" : "recomment";
    };
  }

  /** The changes of an operation, short: {@code state: todo → done, title: "A" → "B"}. */
  static String changes(Op op) {
    List<String> parts = new ArrayList<>();
    for (Map.Entry<String, Change> entry : op.changes().entrySet()) {
      String field = entry.getKey();
      Change change = entry.getValue();
      if (Fields.CREATED_AT.equals(field)
          || Fields.ISSUE.equals(field)
          || Fields.AUTHOR.equals(field)) {
        continue;
      }
      if (op.kind().isCreate()) {
        parts.add(field + ": " + value(field, change.value()));
      } else if (Fields.DESCRIPTION.equals(field)) {
        parts.add("description changed");
      } else {
        parts.add(
            field + ": " + value(field, change.base()) + " → " + value(field, change.value()));
      }
    }
    return String.join(", ", parts);
  }

  private static String value(String field, String value) {
    if (value == null || value.isEmpty()) {
      return "-";
    }
    if (Fields.PRIORITY.equals(field)) {
      return priority(Priority.parse(value));
    }
    String oneLine = printable(value, false);
    boolean quoted =
        Fields.TITLE.equals(field) || Fields.BODY.equals(field) || Fields.DESCRIPTION.equals(field);
    String shown = cut(oneLine, SHORT_VALUE);
    return quoted ? "\"" + shown + "\"" : shown;
  }

  /**
   * {@code text} with its control characters made visible and harmless: issue text comes from other
   * people, and an ESC sequence printed raw could restyle, clear or retitle the terminal. A newline
   * stays a newline when {@code keepNewlines}, else shows as ⏎; a tab becomes a space; other C0
   * characters show in caret notation ({@code ^[}); C1 characters as U+FFFD.
   */
  static String printable(String text, boolean keepNewlines) {
    StringBuilder shown = null;
    for (int index = 0; index < text.length(); index++) {
      char c = text.charAt(index);
      String replacement;
      if (c == '\n') {
        replacement = keepNewlines ? null : "⏎";
      } else if (c == '\t') {
        replacement = " ";
      } else if (c < 0x20 || c == 0x7f) {
        replacement = "^" + (char) (c ^ 0x40);
      } else if (c >= 0x80 && c <= 0x9f) {
        replacement = "\ufffd";
      } else {
        replacement = null;
      }
      if (replacement != null && shown == null) {
        shown = new StringBuilder(text.length() + 8).append(text, 0, index);
      }
      if (shown != null) {
        if (replacement != null) {
          shown.append(replacement);
        } else {
          shown.append(c);
        }
      }
    }
    return shown == null ? text : shown.toString();
  }

  static String pad(String text, int width) {
    int length = text.codePointCount(0, text.length());
    return length >= width ? text : text + " ".repeat(width - length);
  }

  static String cut(String text, int width) {
    int length = text.codePointCount(0, text.length());
    if (length <= width) {
      return text;
    }
    int end = text.offsetByCodePoints(0, Math.max(0, width - 1));
    return text.substring(0, end) + "…";
  }
}
