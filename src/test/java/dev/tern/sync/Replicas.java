package dev.tern.sync;

import dev.tern.model.Comment;
import dev.tern.model.Issue;
import dev.tern.model.Labels;
import dev.tern.model.State;
import dev.tern.protocol.CommentState;
import dev.tern.protocol.IssueState;
import dev.tern.replica.IssueQuery;
import dev.tern.replica.Replica;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/** Field-by-field pictures of a replica's view and of the server, for comparing them. */
final class Replicas {
  private Replicas() {}

  static final IssueQuery EVERYTHING =
      new IssueQuery(
          Arrays.asList(State.values()),
          null,
          null,
          null,
          null,
          null,
          IssueQuery.Sort.KEY,
          0,
          true);

  /** Every issue of the view as "field=value" lines, comments included, by id. */
  static Map<String, String> view(Replica replica) {
    Map<String, String> picture = new TreeMap<>();
    for (Issue listed : replica.list(EVERYTHING)) {
      Issue issue = replica.show(listed.id());
      StringBuilder text = new StringBuilder();
      text.append("team=").append(issue.team()).append('\n');
      text.append("number=").append(issue.number()).append('\n');
      text.append("title=").append(issue.title()).append('\n');
      text.append("description=").append(issue.description()).append('\n');
      text.append("state=").append(issue.state().wireName()).append('\n');
      text.append("priority=").append(issue.priority().level()).append('\n');
      text.append("assignee=").append(issue.assignee()).append('\n');
      text.append("labels=").append(Labels.format(issue.labels())).append('\n');
      text.append("estimate=").append(issue.estimate()).append('\n');
      text.append("parent=").append(issue.parent()).append('\n');
      text.append("archived=").append(issue.archived()).append('\n');
      for (Comment comment : issue.comments()) {
        text.append("comment ")
            .append(comment.id())
            .append(' ')
            .append(comment.author())
            .append(": ")
            .append(comment.body())
            .append('\n');
      }
      picture.put(issue.id(), text.toString());
    }
    return picture;
  }

  /** The same picture of the server's state. */
  static Map<String, String> server(
      Map<String, IssueState> issues, Map<String, CommentState> comments) {
    Map<String, String> picture = new TreeMap<>();
    for (IssueState issue : issues.values()) {
      StringBuilder text = new StringBuilder();
      text.append("team=").append(issue.team()).append('\n');
      text.append("number=").append(issue.number()).append('\n');
      text.append("title=").append(issue.title()).append('\n');
      text.append("description=")
          .append(issue.description() == null ? "" : issue.description())
          .append('\n');
      text.append("state=").append(issue.state()).append('\n');
      text.append("priority=")
          .append(issue.priority() == null ? "0" : issue.priority())
          .append('\n');
      text.append("assignee=").append(issue.assignee()).append('\n');
      text.append("labels=").append(issue.labels() == null ? "" : issue.labels()).append('\n');
      text.append("estimate=").append(issue.estimate()).append('\n');
      text.append("parent=").append(issue.parent()).append('\n');
      text.append("archived=").append("true".equals(issue.archived())).append('\n');
      comments.values().stream()
          .filter(
              comment -> comment.issue().equals(issue.id()) && !"true".equals(comment.deleted()))
          .sorted(
              (a, b) ->
                  a.createdAt() != b.createdAt()
                      ? Long.compare(a.createdAt(), b.createdAt())
                      : a.id().compareTo(b.id()))
          .forEach(
              comment ->
                  text.append("comment ")
                      .append(comment.id())
                      .append(' ')
                      .append(comment.author())
                      .append(": ")
                      .append(comment.body())
                      .append('\n'));
      picture.put(issue.id(), text.toString());
    }
    return picture;
  }
}
