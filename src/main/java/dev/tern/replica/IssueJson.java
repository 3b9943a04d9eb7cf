package dev.tern.replica;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tern.model.Comment;
import dev.tern.model.InvalidInputException;
import dev.tern.model.Issue;
import dev.tern.model.Labels;
import dev.tern.model.Priority;
import dev.tern.model.State;
import dev.tern.op.TextRules;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The JSON form of an issue, shared by {@code --json} output and {@code import}/{@code export}.
 * Fields come in a fixed order and times as UTC ISO-8601 with milliseconds, so the same issue
 * always prints the same bytes: exports diff cleanly and import followed by export is exact.
 */
public final class IssueJson {
  public static final JsonFactory FACTORY = new JsonFactory();
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private IssueJson() {}

  public static String time(long epochMillis) {
    return TIME.format(Instant.ofEpochMilli(epochMillis));
  }

  static long parseTime(String text, String what) {
    try {
      return Instant.parse(text).toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new InvalidInputException(what + " is not an ISO-8601 time: '" + text + "'");
    }
  }

  /** Writes {@code issue}; comments are included when {@code withComments}. */
  public static void write(JsonGenerator json, Issue issue, boolean withComments)
      throws IOException {
    json.writeStartObject();
    json.writeStringField("id", issue.id());
    json.writeStringField("key", issue.key());
    json.writeStringField("team", issue.team());
    if (issue.number() == null) {
      json.writeNullField("number");
    } else {
      json.writeNumberField("number", issue.number());
    }
    json.writeStringField("title", issue.title());
    json.writeStringField("description", issue.description());
    json.writeStringField("state", issue.state().wireName());
    json.writeNumberField("priority", issue.priority().level());
    json.writeStringField("assignee", issue.assignee());
    json.writeArrayFieldStart("labels");
    for (String label : issue.labels()) {
      json.writeString(label);
    }
    json.writeEndArray();
    if (issue.estimate() == null) {
      json.writeNullField("estimate");
    } else {
      json.writeNumberField("estimate", issue.estimate());
    }
    json.writeStringField("parent", issue.parent());
    json.writeStringField("creator", issue.creator());
    json.writeStringField("createdAt", time(issue.createdAt()));
    json.writeStringField("updatedAt", time(issue.updatedAt()));
    json.writeBooleanField("archived", issue.archived());
    if (withComments) {
      json.writeArrayFieldStart("comments");
      for (Comment comment : issue.comments()) {
        writeComment(json, comment);
      }
      json.writeEndArray();
    }
    json.writeEndObject();
  }

  public static void writeComment(JsonGenerator json, Comment comment) throws IOException {
    json.writeStartObject();
    json.writeStringField("id", comment.id());
    json.writeStringField("issue", comment.issueId());
    // Who wrote it: an imported comment keeps its original author here, so export and import
    // round-trip; who posted it is the operation's actor (tern history).
    json.writeStringField(
        "author", comment.writtenBy() != null ? comment.writtenBy() : comment.author());
    json.writeStringField("body", comment.body());
    json.writeStringField("createdAt", time(comment.createdAt()));
    if (comment.edited()) {
      // Only where it is known (show): export reads the store, which does not keep it.
      json.writeBooleanField("edited", true);
    }
    json.writeEndObject();
  }

  /** Reads an issue written by {@link #write}; {@code where} names the input in errors. */
  static Issue read(JsonNode node, String where) {
    if (!node.isObject()) {
      throw new InvalidInputException(where + ": expected a JSON object");
    }
    String id = uuid(text(node, "id", where, true), where);
    String title = text(node, "title", where, true);
    SortedSet<String> labels = new TreeSet<>();
    JsonNode labelNodes = node.path("labels");
    if (labelNodes.isArray()) {
      labelNodes.forEach(label -> labels.add(Labels.validate(label.asText())));
    }
    List<Comment> comments = new ArrayList<>();
    for (JsonNode comment : node.path("comments")) {
      comments.add(
          new Comment(
              uuid(text(comment, "id", where, true), where + ": comment"),
              id,
              text(comment, "author", where, true),
              null,
              text(comment, "body", where, true),
              parseTime(text(comment, "createdAt", where, true), where + ": comment createdAt")));
    }
    String state = text(node, "state", where, false);
    JsonNode number = node.path("number");
    JsonNode estimate = node.path("estimate");
    return new Issue(
        id,
        text(node, "team", where, true),
        number.isIntegralNumber() ? number.asLong() : null,
        title,
        node.path("description").asText(""),
        state == null ? State.TODO : State.parse(state),
        Priority.ofLevel(node.path("priority").asInt(0)),
        text(node, "assignee", where, false),
        labels,
        estimate.isIntegralNumber() ? estimate.asLong() : null,
        parent(text(node, "parent", where, false), where),
        text(node, "creator", where, true),
        parseTime(text(node, "createdAt", where, true), where + ": createdAt"),
        parseTime(text(node, "updatedAt", where, true), where + ": updatedAt"),
        node.path("archived").asBoolean(false),
        comments);
  }

  /**
   * An id from the file, which must be a UUID as tern writes them: an id shaped like a key or a
   * prefix would later be taken for another issue's reference (dev.tern.op.TextRules#shared).
   */
  private static String uuid(String id, String where) {
    try {
      TextRules.uuid("id", id);
    } catch (InvalidInputException e) {
      throw new InvalidInputException(where + ": " + e.getMessage());
    }
    return id;
  }

  private static String parent(String parent, String where) {
    return parent == null ? null : uuid(parent, where + ": parent");
  }

  private static String text(JsonNode node, String field, String where, boolean required) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      if (required) {
        throw new InvalidInputException(where + ": missing \"" + field + "\"");
      }
      return null;
    }
    if (!value.isTextual()) {
      throw new InvalidInputException(where + ": \"" + field + "\" must be a string");
    }
    return value.asText();
  }
}
