package dev.tern.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Snapshot pages, the largest messages of the protocol, written and read without a JSON tree: a
 * bootstrap of 100k issues is some 200 pages of 500 issues, and a tree per page (a node per field,
 * a map per issue) was a third of the reading and writing (docs/performance.md, "Bootstrap").
 *
 * <p>The text is the same as {@link MessageCodec}'s for a {@link Message.Snapshot}; reading takes
 * the common case only (a page whose first key is its {@code type}, every field of the expected
 * JSON type) and leaves everything else to {@link MessageCodec}, which names what is wrong.
 */
public final class SnapshotPages {
  /** How every page tern writes begins. */
  private static final String COMMON_START = "{\"type\":\"snapshot\",";

  private SnapshotPages() {}

  /**
   * The text of a snapshot page whose issues and comments are already JSON: each element of {@code
   * issues} and {@code comments} must be one JSON object in its wire form (what {@link
   * MessageCodec#issueNode} writes for an issue), and is copied in as it is.
   */
  public static String write(
      long at, List<TeamInfo> teams, List<String> issues, List<String> comments, String next) {
    long chars = 256;
    for (String issue : issues) {
      chars += issue.length() + 1;
    }
    for (String comment : comments) {
      chars += comment.length() + 1;
    }
    StringBuilder text = new StringBuilder((int) Math.min(chars, Integer.MAX_VALUE - 8));
    // The generator writes what needs escaping (team names, the token); the states, most of the
    // page, are appended as they are (Jackson's raw values would copy them char by char).
    StringWriter head = new StringWriter(128);
    try (JsonGenerator json = JsonTrees.FACTORY.createGenerator(head)) {
      json.writeStartObject();
      json.writeStringField("type", "snapshot");
      json.writeNumberField("at", at);
      json.writeArrayFieldStart("teams");
      for (TeamInfo team : teams) {
        json.writeStartObject();
        json.writeStringField("key", team.key());
        json.writeStringField("name", team.name());
        json.writeEndObject();
      }
      json.writeEndArray();
      // Taken before the object is closed: the rest of it is appended below.
      json.flush();
      text.append(head.getBuffer());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    text.append(",\"issues\":[");
    join(text, issues);
    text.append("],\"comments\":[");
    join(text, comments);
    text.append("],\"next\":").append(next == null ? "null" : quoted(next)).append('}');
    return text.toString();
  }

  /** {@code value} as a JSON string, escaped as the generator escapes it. */
  private static String quoted(String value) {
    StringWriter text = new StringWriter(value.length() + 2);
    try (JsonGenerator json = JsonTrees.FACTORY.createGenerator(text)) {
      json.writeString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  private static void join(StringBuilder text, List<String> objects) {
    for (int index = 0; index < objects.size(); index++) {
      if (index > 0) {
        text.append(',');
      }
      text.append(objects.get(index));
    }
  }

  /**
   * The page in {@code text}, read in one pass; null when {@code text} is not a snapshot page in
   * the common form (see above), for {@link MessageCodec} to read or refuse.
   */
  static Message.Snapshot read(String text) {
    if (!text.startsWith(COMMON_START)) {
      // Every other message, at the cost of a comparison.
      return null;
    }
    try (JsonParser parser = JsonTrees.FACTORY.createParser(text)) {
      if (parser.nextToken() != JsonToken.START_OBJECT
          || parser.nextToken() != JsonToken.FIELD_NAME
          || !"type".equals(parser.currentName())
          || parser.nextToken() != JsonToken.VALUE_STRING
          || !"snapshot".equals(parser.getText())) {
        return null;
      }
      Long at = null;
      List<TeamInfo> teams = null;
      List<IssueState> issues = null;
      List<CommentState> comments = null;
      String next = null;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        switch (name) {
          case "at" -> at = wholeNumber(parser, value);
          case "teams" -> teams = teams(parser, value);
          case "issues" -> issues = issues(parser, value);
          case "comments" -> comments = comments(parser, value);
          case "next" -> next = optionalText(parser, value);
          // A second type: which one counts is the general reader's business.
          case "type" -> throw Unusual.PAGE;
          default -> parser.skipChildren();
        }
      }
      if (at == null || teams == null || issues == null || comments == null) {
        return null;
      }
      return new Message.Snapshot(at, teams, issues, comments, next);
    } catch (Unusual | IOException e) {
      // Malformed JSON included: the general reader reads it again and says what is wrong.
      return null;
    }
  }

  private static List<TeamInfo> teams(JsonParser parser, JsonToken start)
      throws IOException, Unusual {
    expect(start, JsonToken.START_ARRAY);
    List<TeamInfo> teams = new ArrayList<>();
    JsonToken item;
    while ((item = parser.nextToken()) != JsonToken.END_ARRAY) {
      expect(item, JsonToken.START_OBJECT);
      String key = null;
      String name = null;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        switch (field) {
          case "key" -> key = optionalText(parser, value);
          case "name" -> name = optionalText(parser, value);
          default -> parser.skipChildren();
        }
      }
      if (key == null || name == null) {
        throw Unusual.PAGE;
      }
      teams.add(new TeamInfo(key, name));
    }
    return teams;
  }

  private static List<IssueState> issues(JsonParser parser, JsonToken start)
      throws IOException, Unusual {
    expect(start, JsonToken.START_ARRAY);
    List<IssueState> issues = new ArrayList<>(Protocol.MAX_PAGE);
    JsonToken item;
    while ((item = parser.nextToken()) != JsonToken.END_ARRAY) {
      issues.add(issue(parser, item));
    }
    return issues;
  }

  /** One issue object; the fields {@link MessageCodec} requires must be there. */
  private static IssueState issue(JsonParser parser, JsonToken start) throws IOException, Unusual {
    expect(start, JsonToken.START_OBJECT);
    String id = null;
    String team = null;
    Long number = null;
    String title = null;
    String description = null;
    String state = null;
    String priority = null;
    String assignee = null;
    String labels = null;
    String estimate = null;
    String parent = null;
    String creator = null;
    Long createdAt = null;
    Long updatedAt = null;
    String archived = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      switch (field) {
        case "id" -> id = optionalText(parser, value);
        case "team" -> team = optionalText(parser, value);
        case "number" -> number = wholeNumber(parser, value);
        case "title" -> title = optionalText(parser, value);
        case "description" -> description = optionalText(parser, value);
        case "state" -> state = optionalText(parser, value);
        case "priority" -> priority = optionalText(parser, value);
        case "assignee" -> assignee = optionalText(parser, value);
        case "labels" -> labels = optionalText(parser, value);
        case "estimate" -> estimate = optionalText(parser, value);
        case "parent" -> parent = optionalText(parser, value);
        case "creator" -> creator = optionalText(parser, value);
        case "createdAt" -> createdAt = wholeNumber(parser, value);
        case "updatedAt" -> updatedAt = wholeNumber(parser, value);
        case "archived" -> archived = optionalText(parser, value);
        default -> parser.skipChildren();
      }
    }
    if (id == null || team == null || number == null || createdAt == null || updatedAt == null) {
      throw Unusual.PAGE;
    }
    return new IssueState(
        id,
        team,
        number,
        title,
        description,
        state,
        priority,
        assignee,
        labels,
        estimate,
        parent,
        creator,
        createdAt,
        updatedAt,
        archived);
  }

  private static List<CommentState> comments(JsonParser parser, JsonToken start)
      throws IOException, Unusual {
    expect(start, JsonToken.START_ARRAY);
    List<CommentState> comments = new ArrayList<>();
    JsonToken item;
    while ((item = parser.nextToken()) != JsonToken.END_ARRAY) {
      expect(item, JsonToken.START_OBJECT);
      String id = null;
      String issue = null;
      String author = null;
      String writtenBy = null;
      String body = null;
      Long createdAt = null;
      String deleted = null;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        switch (field) {
          case "id" -> id = optionalText(parser, value);
          case "issue" -> issue = optionalText(parser, value);
          case "author" -> author = optionalText(parser, value);
          case "writtenBy" -> writtenBy = optionalText(parser, value);
          case "body" -> body = optionalText(parser, value);
          case "createdAt" -> createdAt = wholeNumber(parser, value);
          case "deleted" -> deleted = optionalText(parser, value);
          default -> parser.skipChildren();
        }
      }
      if (id == null || issue == null || createdAt == null) {
        throw Unusual.PAGE;
      }
      comments.add(new CommentState(id, issue, author, writtenBy, body, createdAt, deleted));
    }
    return comments;
  }

  /** A string, or null for JSON null (a required field is then checked as missing). */
  private static String optionalText(JsonParser parser, JsonToken value)
      throws IOException, Unusual {
    if (value == JsonToken.VALUE_STRING) {
      return parser.getText();
    }
    if (value == JsonToken.VALUE_NULL) {
      return null;
    }
    throw Unusual.PAGE;
  }

  /** A whole number that fits a long, or null for JSON null. */
  private static Long wholeNumber(JsonParser parser, JsonToken value) throws IOException, Unusual {
    if (value == JsonToken.VALUE_NULL) {
      return null;
    }
    if (value == JsonToken.VALUE_NUMBER_INT
        && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
      return parser.getLongValue();
    }
    throw Unusual.PAGE;
  }

  private static void expect(JsonToken token, JsonToken wanted) throws Unusual {
    if (token != wanted) {
      throw Unusual.PAGE;
    }
  }

  /** A page outside the common form: thrown to leave it to the general reader. */
  private static final class Unusual extends Exception {
    static final Unusual PAGE = new Unusual();

    private Unusual() {
      super("not a snapshot page in the common form", null, false, false);
    }
  }
}
