package dev.tern.server.store;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tern.model.InvalidInputException;
import dev.tern.op.Change;
import dev.tern.op.Hlc;
import dev.tern.op.Kind;
import dev.tern.op.Op;
import dev.tern.op.OpHeader;
import dev.tern.protocol.CommentState;
import dev.tern.protocol.ConflictRecord;
import dev.tern.protocol.IssueState;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The server store's own format for what it keeps as JSON text: operations (read only: rows of
 * {@code ops.op_text} copied from before schema version 2; newer ones are {@link StoredOp}), issue
 * and comment states ({@code entity_json}, {@code state_json}), conflict records ({@code
 * record_json}) and field writers ({@code writers_json}).
 *
 * <p>The bytes equal the wire's JSON of docs/sync.md today, but this is the store's code, not the
 * protocol's: the wire may change without touching stored rows. Changing what is written here
 * changes stored data, so it needs a migration in {@link Schema}. Reading throws
 * ServerStoreException for text this did not write.
 */
final class StoredJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private StoredJson() {}

  // ---- writing

  static String issue(IssueState issue) {
    // Streamed rather than built as a tree: this runs for every issue a push writes.
    return generate(
        256,
        json -> {
          json.writeStringField("id", issue.id());
          json.writeStringField("team", issue.team());
          json.writeNumberField("number", issue.number());
          json.writeStringField("title", issue.title());
          json.writeStringField("description", issue.description());
          json.writeStringField("state", issue.state());
          json.writeStringField("priority", issue.priority());
          json.writeStringField("assignee", issue.assignee());
          json.writeStringField("labels", issue.labels());
          json.writeStringField("estimate", issue.estimate());
          json.writeStringField("parent", issue.parent());
          json.writeStringField("creator", issue.creator());
          json.writeNumberField("createdAt", issue.createdAt());
          json.writeNumberField("updatedAt", issue.updatedAt());
          json.writeStringField("archived", issue.archived());
        });
  }

  static String comment(CommentState comment) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("id", comment.id());
    node.put("issue", comment.issue());
    node.put("author", comment.author());
    if (comment.writtenBy() != null) {
      node.put("writtenBy", comment.writtenBy());
    }
    node.put("body", comment.body());
    node.put("createdAt", comment.createdAt());
    node.put("deleted", comment.deleted());
    return node.toString();
  }

  static String conflict(ConflictRecord conflict) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("id", conflict.id());
    node.put("syncId", conflict.syncId());
    node.put("user", conflict.user());
    node.put("clientId", conflict.clientId());
    node.put("issue", conflict.issue());
    node.put("field", conflict.field());
    node.put("base", conflict.base());
    node.put("mine", conflict.mine());
    node.put("theirs", conflict.theirs());
    node.put("myOpId", conflict.myOpId());
    node.put("theirActor", conflict.theirActor());
    node.put("theirStamp", conflict.theirStamp());
    node.put("myStamp", conflict.myStamp());
    return node.toString();
  }

  /**
   * Writers: the distinct writers once ({@code w}), and per field the index of its writer ({@code
   * f}). After a create, nine fields share one writer, so this stays small.
   */
  static String writers(Map<String, FieldWriter> writers) {
    // Fields in name order; a writer gets its index the first time a field names it. The distinct
    // writers are few (one after a create), so a list scan beats hashing four strings per field.
    List<Map.Entry<String, FieldWriter>> fields = new ArrayList<>(writers.entrySet());
    fields.sort(Map.Entry.comparingByKey());
    List<FieldWriter> distinct = new ArrayList<>(4);
    int[] indexes = new int[fields.size()];
    for (int field = 0; field < fields.size(); field++) {
      FieldWriter writer = fields.get(field).getValue();
      int index = 0;
      while (index < distinct.size()
          && distinct.get(index) != writer
          && !distinct.get(index).equals(writer)) {
        index++;
      }
      if (index == distinct.size()) {
        distinct.add(writer);
      }
      indexes[field] = index;
    }
    return generate(
        64 + 16 * fields.size() + 96 * distinct.size(),
        json -> {
          json.writeArrayFieldStart("w");
          for (FieldWriter writer : distinct) {
            json.writeStartObject();
            json.writeStringField("stamp", writer.stamp());
            json.writeStringField("actor", writer.actor());
            json.writeStringField("opId", writer.opId());
            json.writeStringField("base", writer.base());
            json.writeEndObject();
          }
          json.writeEndArray();
          json.writeObjectFieldStart("f");
          for (int field = 0; field < fields.size(); field++) {
            json.writeNumberField(fields.get(field).getKey(), indexes[field]);
          }
          json.writeEndObject();
        });
  }

  @FunctionalInterface
  private interface ObjectBody {
    void write(JsonGenerator json) throws IOException;
  }

  /** One JSON object written by {@code body} straight to text, with no tree in between. */
  private static String generate(int sizeHint, ObjectBody body) {
    StringWriter text = new StringWriter(sizeHint);
    try (JsonGenerator json = MAPPER.getFactory().createGenerator(text)) {
      json.writeStartObject();
      body.write(json);
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return text.toString();
  }

  // ---- reading

  static Op readOp(String text) {
    JsonNode node = parse(text);
    Hlc stamp;
    try {
      stamp = Hlc.decode(requiredText(node, "stamp"));
    } catch (IllegalArgumentException e) {
      throw corrupt(e.getMessage());
    }
    Kind kind;
    try {
      kind = Kind.ofWireName(requiredText(node, "kind"));
    } catch (IllegalArgumentException e) {
      throw corrupt(e.getMessage());
    }
    JsonNode changesNode = object(node, "changes");
    Map<String, Change<String>> changes = new TreeMap<>();
    for (Map.Entry<String, JsonNode> field : changesNode.properties()) {
      JsonNode change = field.getValue();
      if (!change.isObject()) {
        throw corrupt("change of '" + field.getKey() + "' is not an object");
      }
      changes.put(
          field.getKey(),
          new Change<>(optionalText(change, "value"), optionalText(change, "base")));
    }
    OpHeader header =
        new OpHeader(
            requiredText(node, "id"),
            requiredText(node, "clientId"),
            requiredLong(node, "seq"),
            stamp,
            requiredText(node, "actor"),
            requiredText(node, "entity"),
            requiredText(node, "team"));
    try {
      return Op.fromStored(header, kind, changes);
    } catch (InvalidInputException e) {
      throw corrupt(e.getMessage());
    }
  }

  static IssueState readIssue(String text) {
    JsonNode node = parse(text);
    return new IssueState(
        requiredText(node, "id"),
        requiredText(node, "team"),
        requiredLong(node, "number"),
        optionalText(node, "title"),
        optionalText(node, "description"),
        optionalText(node, "state"),
        optionalText(node, "priority"),
        optionalText(node, "assignee"),
        optionalText(node, "labels"),
        optionalText(node, "estimate"),
        optionalText(node, "parent"),
        optionalText(node, "creator"),
        requiredLong(node, "createdAt"),
        requiredLong(node, "updatedAt"),
        optionalText(node, "archived"));
  }

  static CommentState readComment(String text) {
    JsonNode node = parse(text);
    return new CommentState(
        requiredText(node, "id"),
        requiredText(node, "issue"),
        optionalText(node, "author"),
        optionalText(node, "writtenBy"),
        optionalText(node, "body"),
        requiredLong(node, "createdAt"),
        optionalText(node, "deleted"));
  }

  static ConflictRecord readConflict(String text) {
    JsonNode node = parse(text);
    return new ConflictRecord(
        requiredText(node, "id"),
        requiredLong(node, "syncId"),
        requiredText(node, "user"),
        optionalText(node, "clientId"),
        requiredText(node, "issue"),
        requiredText(node, "field"),
        optionalText(node, "base"),
        optionalText(node, "mine"),
        optionalText(node, "theirs"),
        optionalText(node, "myOpId"),
        optionalText(node, "theirActor"),
        optionalText(node, "theirStamp"),
        optionalText(node, "myStamp"));
  }

  static Map<String, FieldWriter> readWriters(String text) {
    JsonNode node = parse(text);
    List<FieldWriter> distinct = new ArrayList<>();
    for (JsonNode value : node.path("w")) {
      distinct.add(
          new FieldWriter(
              optionalText(value, "stamp"),
              optionalText(value, "actor"),
              optionalText(value, "opId"),
              optionalText(value, "base")));
    }
    Map<String, FieldWriter> writers = new HashMap<>();
    for (Map.Entry<String, JsonNode> entry : node.path("f").properties()) {
      int index = entry.getValue().asInt(-1);
      if (index < 0 || index >= distinct.size()) {
        throw corrupt("field '" + entry.getKey() + "' names no writer");
      }
      writers.put(entry.getKey(), distinct.get(index));
    }
    return writers;
  }

  private static JsonNode parse(String text) {
    JsonNode node;
    try {
      node = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw corrupt("not valid JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw corrupt("not a JSON object");
    }
    return node;
  }

  private static JsonNode object(JsonNode node, String name) {
    JsonNode value = node.get(name);
    if (value == null || !value.isObject()) {
      throw corrupt("'" + name + "' must be an object");
    }
    return value;
  }

  private static String requiredText(JsonNode node, String name) {
    JsonNode value = node.get(name);
    if (value == null || !value.isTextual()) {
      throw corrupt("'" + name + "' must be a string");
    }
    return value.textValue();
  }

  private static String optionalText(JsonNode node, String name) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw corrupt("'" + name + "' must be a string or null");
    }
    return value.textValue();
  }

  private static long requiredLong(JsonNode node, String name) {
    JsonNode value = node.get(name);
    if (value == null || !value.canConvertToLong() || !value.isIntegralNumber()) {
      throw corrupt("'" + name + "' must be a whole number");
    }
    return value.longValue();
  }

  private static ServerStoreException corrupt(String reason) {
    return new ServerStoreException("corrupt JSON in the server store: " + reason);
  }
}
