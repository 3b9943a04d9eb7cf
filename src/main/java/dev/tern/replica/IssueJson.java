package dev.tern.replica;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.tern.model.Comment;
import dev.tern.model.InvalidInputException;
import dev.tern.model.Issue;
import dev.tern.model.Labels;
import dev.tern.model.Priority;
import dev.tern.model.State;
import dev.tern.op.TextRules;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.Year;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    long canonical = canonicalTime(text);
    if (canonical != NOT_CANONICAL) {
      return canonical;
    }
    try {
      return Instant.parse(text).toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new InvalidInputException(what + " is not an ISO-8601 time: '" + text + "'");
    }
  }

  private static final long NOT_CANONICAL = Long.MIN_VALUE;

  /**
   * The epoch millis of a time in the shape tern writes ({@code 2023-11-14T22:13:20.123Z}, the
   * millis optional), read by hand: {@link Instant#parse} was half the cost of reading an import
   * line (docs/performance.md, "Import"). Any other shape, or a field out of range, gives {@link
   * #NOT_CANONICAL} and is left to {@link Instant#parse}, which accepts or names it.
   */
  static long canonicalTime(String text) {
    int length = text.length();
    if ((length != 20 && length != 24)
        || text.charAt(4) != '-'
        || text.charAt(7) != '-'
        || text.charAt(10) != 'T'
        || text.charAt(13) != ':'
        || text.charAt(16) != ':'
        || (length == 24 && text.charAt(19) != '.')
        || text.charAt(length - 1) != 'Z') {
      return NOT_CANONICAL;
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 2);
    int day = digits(text, 8, 2);
    int hour = digits(text, 11, 2);
    int minute = digits(text, 14, 2);
    int second = digits(text, 17, 2);
    int millis = length == 24 ? digits(text, 20, 3) : 0;
    if (year < 0
        || month < 1
        || month > 12
        || day < 1
        || day > Month.of(month).length(Year.isLeap(year))
        || hour < 0
        || hour > 23
        || minute < 0
        || minute > 59
        || second < 0
        || second > 59
        || millis < 0) {
      return NOT_CANONICAL;
    }
    long days = LocalDate.of(year, month, day).toEpochDay();
    return ((days * 24 + hour) * 60 + minute) * 60_000L + second * 1_000L + millis;
  }

  /** The decimal value of {@code count} ASCII digits at {@code from}, or -1 for a non-digit. */
  private static int digits(String text, int from, int count) {
    int value = 0;
    for (int index = from; index < from + count; index++) {
      char c = text.charAt(index);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
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

  /**
   * Reads the issue object at the current token of {@code json}, written by {@link #write}; {@code
   * where} names the input in errors. It streams the fields instead of building a tree (an import
   * reads one object per line: docs/performance.md, "Import") but reads a field as a tree would:
   * the last of duplicate keys wins, unknown fields are skipped, and the checks run in a fixed
   * order after the whole object is read, so a bad line is named by its first problem.
   */
  static Issue read(JsonParser json, String where) throws IOException {
    if (json.currentToken() != JsonToken.START_OBJECT) {
      json.skipChildren();
      throw new InvalidInputException(where + ": expected a JSON object");
    }
    Map<String, String> texts = new HashMap<>();
    List<String> labelTexts = List.of();
    List<Map<String, String>> commentTexts = List.of();
    String description = "";
    int priority = 0;
    Long number = null;
    Long estimate = null;
    boolean archived = false;
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      String field = json.currentName();
      JsonToken token = json.nextToken();
      switch (field) {
        case "labels" -> labelTexts = labelTexts(json, token);
        case "comments" -> commentTexts = commentTexts(json, token);
        case "description" -> description = anyText(json, token, "");
        case "priority" -> priority = json.getValueAsInt(0);
        case "archived" -> archived = json.getValueAsBoolean(false);
        case "number" -> number = token == JsonToken.VALUE_NUMBER_INT ? json.getLongValue() : null;
        case "estimate" ->
            estimate = token == JsonToken.VALUE_NUMBER_INT ? json.getLongValue() : null;
        default -> putText(texts, field, json, token);
      }
      json.skipChildren();
    }
    if (json.currentToken() != JsonToken.END_OBJECT) {
      throw new InvalidInputException(where + ": expected a JSON object");
    }
    String id = uuid(text(texts, "id", where, true), where);
    String title = text(texts, "title", where, true);
    SortedSet<String> labels = new TreeSet<>();
    labelTexts.forEach(label -> labels.add(Labels.validate(label)));
    List<Comment> comments = new ArrayList<>(commentTexts.size());
    for (Map<String, String> comment : commentTexts) {
      comments.add(
          new Comment(
              uuid(text(comment, "id", where, true), where + ": comment"),
              id,
              text(comment, "author", where, true),
              null,
              text(comment, "body", where, true),
              parseTime(text(comment, "createdAt", where, true), where + ": comment createdAt")));
    }
    String state = text(texts, "state", where, false);
    return new Issue(
        id,
        text(texts, "team", where, true),
        number,
        title,
        description,
        state == null ? State.TODO : State.parse(state),
        Priority.ofLevel(priority),
        text(texts, "assignee", where, false),
        labels,
        estimate,
        parent(text(texts, "parent", where, false), where),
        text(texts, "creator", where, true),
        parseTime(text(texts, "createdAt", where, true), where + ": createdAt"),
        parseTime(text(texts, "updatedAt", where, true), where + ": updatedAt"),
        archived,
        comments);
  }

  /** Marks a field whose value is there but not a string (compared by identity). */
  private static final String NOT_TEXT = new String("not a string");

  /**
   * Keeps a string value under its field; null removes it; any other value is {@link #NOT_TEXT}.
   */
  private static void putText(
      Map<String, String> texts, String field, JsonParser json, JsonToken token)
      throws IOException {
    if (token == JsonToken.VALUE_STRING) {
      texts.put(field, json.getText());
    } else if (token == JsonToken.VALUE_NULL) {
      texts.remove(field);
    } else {
      texts.put(field, NOT_TEXT);
    }
  }

  /** A value as text the way a lenient reader takes it: scalars as written, null as given. */
  private static String anyText(JsonParser json, JsonToken token, String ifNull)
      throws IOException {
    if (token == JsonToken.VALUE_NULL) {
      return ifNull;
    }
    return token.isScalarValue() ? json.getText() : "";
  }

  /** The labels' texts when the value is an array; any other value means no labels. */
  private static List<String> labelTexts(JsonParser json, JsonToken token) throws IOException {
    if (token != JsonToken.START_ARRAY) {
      return List.of();
    }
    List<String> labels = new ArrayList<>();
    for (JsonToken item = json.nextToken();
        item != null && item != JsonToken.END_ARRAY;
        item = json.nextToken()) {
      labels.add(anyText(json, item, "null"));
      json.skipChildren();
    }
    return labels;
  }

  /**
   * The comments' string fields, one map per element of an array (or value of an object); an
   * element that is not an object has no fields, so it fails as a comment without an id.
   */
  private static List<Map<String, String>> commentTexts(JsonParser json, JsonToken token)
      throws IOException {
    if (token != JsonToken.START_ARRAY && token != JsonToken.START_OBJECT) {
      return List.of();
    }
    JsonToken end = token == JsonToken.START_ARRAY ? JsonToken.END_ARRAY : JsonToken.END_OBJECT;
    List<Map<String, String>> comments = new ArrayList<>();
    for (JsonToken item = json.nextToken(); item != null && item != end; item = json.nextToken()) {
      if (item == JsonToken.FIELD_NAME) {
        item = json.nextToken();
      }
      Map<String, String> fields = new HashMap<>();
      if (item == JsonToken.START_OBJECT) {
        while (json.nextToken() == JsonToken.FIELD_NAME) {
          String field = json.currentName();
          putText(fields, field, json, json.nextToken());
          json.skipChildren();
        }
      } else {
        json.skipChildren();
      }
      comments.add(fields);
    }
    return comments;
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

  private static String text(
      Map<String, String> fields, String field, String where, boolean required) {
    String value = fields.get(field);
    if (value == null) {
      if (required) {
        throw new InvalidInputException(where + ": missing \"" + field + "\"");
      }
      return null;
    }
    if (value == NOT_TEXT) {
      throw new InvalidInputException(where + ": \"" + field + "\" must be a string");
    }
    return value;
  }
}
