package dev.tern.cli.view;

import static dev.tern.cli.view.Text.cut;
import static dev.tern.cli.view.Text.pad;
import static dev.tern.cli.view.Text.printable;

import dev.tern.cli.view.Terminal.Style;
import dev.tern.model.Comment;
import dev.tern.model.Issue;
import dev.tern.model.Priority;
import dev.tern.model.State;
import dev.tern.replica.Exchange.Imported;
import dev.tern.replica.IssueJson;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * Issues: the table of {@code ls}, the page of {@code show}, the reference an edit prints, a new
 * comment, an import's counts.
 */
public final class IssueView {
  private final Output output;
  private final Terminal terminal;

  public IssueView(Output output) {
    this.output = output;
    this.terminal = output.terminal();
  }

  /**
   * Flags the issues in {@code refused} (issue id to the server's reason) as refused in lists and
   * pages: what the user typed stays in view, marked, until they move or discard it.
   */
  public IssueView refusals(java.util.Map<String, String> refused) {
    this.refused = java.util.Map.copyOf(refused);
    return this;
  }

  private java.util.Map<String, String> refused = java.util.Map.of();

  /**
   * How far a cut table's total is counted: past it the line says "more than" this. Counting every
   * match would make {@code ls} on a large store as slow as listing all of it (docs/json.md,
   * docs/performance.md "Scale"); scripts wanting every issue use {@code --json}, which is never
   * cut.
   */
  public static final int COUNTED = 1000;

  /**
   * A list of issues. A table cut at {@code limit} says on stderr how many matched in all ({@code
   * total}, asked only then, which need not count past {@link #COUNTED} + 1).
   */
  public void list(List<Issue> issues, int limit, IntSupplier total) throws IOException {
    if (output.json()) {
      Json.print(
          terminal,
          json -> {
            json.writeStartArray();
            for (Issue issue : issues) {
              IssueJson.write(json, issue, false);
            }
            json.writeEndArray();
          });
      return;
    }
    if (issues.isEmpty()) {
      terminal.err().println("no issues match");
      return;
    }
    table(issues);
    // Said on a terminal and down a pipe alike: a script reading the table must not take a cut
    // list for the whole one.
    if (limit > 0 && issues.size() == limit) {
      int all = total.getAsInt();
      if (all > COUNTED) {
        terminal
            .err()
            .println(limit + " of more than " + COUNTED + " issues shown; --limit 0 shows all");
      } else if (all > limit) {
        terminal.err().println(limit + " of " + all + " issues shown; --limit 0 shows all");
      }
    }
  }

  /** One issue in full. */
  public void page(Issue issue, IssueKeys keys) throws IOException {
    if (output.json()) {
      Json.print(terminal, json -> IssueJson.write(json, issue, true));
    } else {
      String parent = issue.parent();
      page(issue, parent == null ? null : keys.of(List.of(parent)).getOrDefault(parent, parent));
    }
  }

  /** The result of creating or editing an issue: its reference, or the whole issue in JSON. */
  public void reference(Issue issue) throws IOException {
    if (output.json()) {
      Json.print(terminal, json -> IssueJson.write(json, issue, true));
    } else {
      terminal.out().println(printable(issue.key(), false));
      terminal.out().flush();
    }
  }

  /** The result of a label change: the reference and the labels now. */
  public void labels(Issue issue) throws IOException {
    if (output.json()) {
      Json.print(terminal, json -> IssueJson.write(json, issue, true));
    } else {
      terminal
          .out()
          .println(printable(issue.key() + "  " + String.join(",", issue.labels()), false));
      terminal.out().flush();
    }
  }

  /** The labels in use and how many issues carry each, most used first. */
  public void labelCounts(java.util.Map<String, Integer> counts) throws IOException {
    List<java.util.Map.Entry<String, Integer>> sorted = new ArrayList<>(counts.entrySet());
    sorted.sort(
        java.util.Map.Entry.<String, Integer>comparingByValue()
            .reversed()
            .thenComparing(java.util.Map.Entry.comparingByKey()));
    if (output.json()) {
      Json.print(
          terminal,
          json -> {
            json.writeStartArray();
            for (java.util.Map.Entry<String, Integer> entry : sorted) {
              json.writeStartObject();
              json.writeStringField("label", entry.getKey());
              json.writeNumberField("issues", entry.getValue());
              json.writeEndObject();
            }
            json.writeEndArray();
          });
      return;
    }
    if (sorted.isEmpty()) {
      terminal.err().println("no labels in use");
      return;
    }
    int width = "LABEL".length();
    for (java.util.Map.Entry<String, Integer> entry : sorted) {
      width = Math.max(width, Text.width(printable(entry.getKey(), false)));
    }
    PrintStream out = terminal.out();
    out.println(terminal.style(Style.BOLD, pad("LABEL", width) + "  ISSUES"));
    for (java.util.Map.Entry<String, Integer> entry : sorted) {
      out.println(pad(printable(entry.getKey(), false), width) + "  " + entry.getValue());
    }
    out.flush();
  }

  /** A new comment: its short id, or the comment in JSON with its issue's key. */
  public void comment(Comment comment, IssueKeys keys) throws IOException {
    comment(comment, keys, false);
  }

  /**
   * A comment just written or deleted: its short id (and, when deleted, how to bring it back), or
   * the comment in JSON with its issue's key and whether it is now deleted.
   */
  public void comment(Comment comment, IssueKeys keys, boolean deleted) throws IOException {
    if (output.json()) {
      String key = keys.of(List.of(comment.issueId())).get(comment.issueId());
      Json.print(
          terminal,
          json -> {
            json.writeStartObject();
            json.writeStringField("id", comment.id());
            json.writeStringField("issue", comment.issueId());
            json.writeStringField("key", key);
            json.writeStringField(
                "author", comment.writtenBy() != null ? comment.writtenBy() : comment.author());
            json.writeStringField("body", comment.body());
            json.writeStringField("createdAt", IssueJson.time(comment.createdAt()));
            if (comment.edited()) {
              json.writeBooleanField("edited", true);
            }
            if (deleted) {
              json.writeBooleanField("deleted", true);
            }
            json.writeEndObject();
          });
    } else if (deleted) {
      terminal.out().println(comment.id().substring(0, 8) + " deleted (tern undo brings it back)");
      terminal.out().flush();
    } else {
      terminal.out().println(comment.id().substring(0, 8));
      terminal.out().flush();
    }
  }

  /** What an import brought in. */
  public void imported(Imported imported) throws IOException {
    if (output.json()) {
      Json.print(
          terminal,
          json -> {
            json.writeStartObject();
            json.writeNumberField("issues", imported.issues());
            json.writeNumberField("comments", imported.comments());
            json.writeNumberField("skipped", imported.skipped());
            json.writeEndObject();
          });
    } else {
      terminal
          .err()
          .println(
              "imported "
                  + imported.issues()
                  + " issues, "
                  + imported.comments()
                  + " comments"
                  + (imported.skipped() > 0
                      ? "; skipped " + imported.skipped() + " already present"
                      : ""));
    }
  }

  static String priority(Priority priority) {
    return priority == Priority.NONE ? "-" : priority.label();
  }

  private static Style stateStyle(State state) {
    return switch (state) {
      case BACKLOG -> Style.DIM;
      case TODO -> Style.BLUE;
      case IN_PROGRESS -> Style.YELLOW;
      case DONE -> Style.GREEN;
      case CANCELED -> Style.DIM;
    };
  }

  private static Style priorityStyle(Priority priority) {
    return switch (priority) {
      case URGENT -> Style.RED;
      case HIGH -> Style.YELLOW;
      default -> Style.PLAIN;
    };
  }

  /** The narrowest a title gets before other columns give way. */
  private static final int TITLE_MIN = 16;

  /** Columns in the order they give way on a narrow terminal: labels, assignee, priority. */
  private static final int[] DROP_ORDER = {4, 3, 2};

  /**
   * The issue table: columns padded to their widest cell in terminal columns (a CJK character or an
   * emoji takes two), the title last and cut to fit. On a narrow terminal labels and assignees are
   * cut short first, then labels, assignee and priority drop out in that order, so a row never
   * wraps while the title keeps {@value #TITLE_MIN} columns.
   */
  private void table(List<Issue> issues) {
    PrintStream out = terminal.out();
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"KEY", "STATE", "PRI", "ASSIGNEE", "LABELS", "TITLE"});
    for (Issue issue : issues) {
      rows.add(
          new String[] {
            printable(issue.key(), false),
            issue.state().wireName(),
            priority(issue.priority()),
            issue.assignee() == null ? "-" : printable(issue.assignee(), false),
            issue.labels().isEmpty() ? "-" : printable(String.join(",", issue.labels()), false),
            printable(
                issue.title()
                    + (issue.archived() ? " (archived)" : "")
                    + (refused.containsKey(issue.id()) ? " (refused: tern conflicts)" : ""),
                false)
          });
    }
    int[] widths = new int[5];
    for (String[] row : rows) {
      for (int column = 0; column < widths.length; column++) {
        widths[column] = Math.max(widths[column], Text.width(row[column]));
      }
    }
    boolean[] shown = {true, true, true, true, true};
    int width = terminal.width();
    if (used(widths, shown) + TITLE_MIN > width) {
      widths[4] = Math.min(widths[4], Math.max(6, "LABELS".length()));
      widths[3] = Math.min(widths[3], Math.max(8, "ASSIGNEE".length()));
    }
    for (int column : DROP_ORDER) {
      if (used(widths, shown) + TITLE_MIN <= width) {
        break;
      }
      shown[column] = false;
    }
    int titleRoom = Math.max(TITLE_MIN, width - used(widths, shown));
    for (int index = 0; index < rows.size(); index++) {
      String[] row = rows.get(index);
      StringBuilder line = new StringBuilder();
      for (int column = 0; column < widths.length; column++) {
        if (!shown[column]) {
          continue;
        }
        String cell = pad(cut(row[column], widths[column]), widths[column]);
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

  /** The columns the shown fixed columns take, each with its two-space gap. */
  private static int used(int[] widths, boolean[] shown) {
    int used = 0;
    for (int column = 0; column < widths.length; column++) {
      if (shown[column]) {
        used += widths[column] + 2;
      }
    }
    return used;
  }

  /** One issue in full: header, fields, description, comments. */
  private void page(Issue issue, String parentKey) {
    PrintStream out = terminal.out();
    out.println(
        terminal.style(Style.CYAN, printable(issue.key(), false))
            + "  "
            + terminal.style(Style.BOLD, printable(issue.title(), false))
            + (issue.archived() ? terminal.style(Style.DIM, "  (archived)") : ""));
    String refusal = refused.get(issue.id());
    if (refusal != null) {
      String key = printable(issue.key(), false);
      out.println(terminal.style(Style.RED, "refused by the server: " + printable(refusal, false)));
      out.println(
          terminal.style(
              Style.DIM,
              "way out: tern conflicts move "
                  + key
                  + " --team TEAM (one of yours), then tern sync; or tern conflicts discard "
                  + key));
    }
    out.println(
        "state: "
            + terminal.style(stateStyle(issue.state()), issue.state().wireName())
            + "   priority: "
            + terminal.style(priorityStyle(issue.priority()), priority(issue.priority()))
            + "   assignee: "
            + (issue.assignee() == null ? "-" : printable(issue.assignee(), false))
            + "   team: "
            + printable(issue.team(), false));
    StringBuilder extra = new StringBuilder();
    extra
        .append("labels: ")
        .append(
            issue.labels().isEmpty() ? "-" : printable(String.join(", ", issue.labels()), false));
    if (issue.estimate() != null) {
      extra.append("   estimate: ").append(issue.estimate());
    }
    if (parentKey != null) {
      extra.append("   parent: ").append(printable(parentKey, false));
    }
    out.println(extra);
    String made =
        "created "
            + output.time(issue.createdAt())
            + " by "
            + printable(issue.creator(), false)
            + "   updated "
            + output.time(issue.updatedAt());
    String id = "id " + printable(issue.id(), false);
    if (Text.width(made) + 3 + Text.width(id) <= terminal.width()) {
      out.println(terminal.style(Style.DIM, made + "   " + id));
    } else {
      // On a narrow terminal the id gets its own line rather than being broken by the terminal
      // (a UUID split over two lines does not copy).
      Text.wrap(made, terminal.width())
          .forEach(part -> out.println(terminal.style(Style.DIM, part)));
      out.println(terminal.style(Style.DIM, id));
    }
    if (!issue.description().isEmpty()) {
      out.println();
      for (String line : printable(issue.description().stripTrailing(), true).split("\n", -1)) {
        // Wrapped to the terminal's width (a pipe's width is unbounded: whole lines).
        Text.wrap(line, terminal.width()).forEach(out::println);
      }
    }
    if (!issue.comments().isEmpty()) {
      out.println();
      out.println(terminal.style(Style.BOLD, "comments (" + issue.comments().size() + ")"));
      for (Comment comment : issue.comments()) {
        out.println();
        out.println(
            (comment.writtenBy() == null
                    ? terminal.style(Style.MAGENTA, printable(comment.author(), false))
                    : terminal.style(Style.MAGENTA, printable(comment.writtenBy(), false))
                        + terminal.style(
                            Style.DIM, " (imported by " + printable(comment.author(), false) + ")"))
                + terminal.style(
                    Style.DIM,
                    "  "
                        + output.time(comment.createdAt())
                        + "  "
                        + comment.id().substring(0, 8)
                        + (comment.edited() ? "  (edited)" : "")));
        for (String line : printable(comment.body().stripTrailing(), true).split("\n", -1)) {
          for (String part : Text.wrap(line, terminal.width() - 2)) {
            out.println("  " + part);
          }
        }
      }
    }
    out.flush();
  }
}
