package dev.tern.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tern.model.InvalidInputException;
import dev.tern.op.Change;
import dev.tern.op.Hlc;
import dev.tern.op.Kind;
import dev.tern.op.Op;
import dev.tern.op.OpHeader;
import dev.tern.op.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads and writes protocol messages as JSON text. The mapping is written out by hand, field by
 * field, so the wire format is visible here and cannot drift with a record's shape. Thread-safe.
 *
 * <p>{@code snapshot} is both a request (client to server) and a page (server to client), so
 * reading needs to know the direction: {@link #readFromClient} and {@link #readFromServer}.
 */
public final class MessageCodec {

  private MessageCodec() {}

  // ---- writing

  public static String write(Message message) {
    ObjectNode node = JsonTrees.object();
    node.put("type", message.type());
    if (message instanceof Message.Hello hello) {
      node.put("protocol", hello.protocol());
      node.put("token", hello.token());
      node.put("clientId", hello.clientId());
      node.put("cursor", hello.cursor());
    } else if (message instanceof Message.Welcome welcome) {
      node.put("protocol", welcome.protocol());
      node.put("user", welcome.user());
      writeTeams(node.putArray("teams"), welcome.teams());
      node.put("head", welcome.head());
      node.put("horizon", welcome.horizon());
    } else if (message instanceof Message.ErrorMessage error) {
      node.put("code", error.code().wireName());
      node.put("message", error.message());
    } else if (message instanceof Message.Push push) {
      ArrayNode ops = node.putArray("ops");
      push.ops().forEach(op -> ops.add(opNode(op)));
    } else if (message instanceof Message.Ack ack) {
      ArrayNode results = node.putArray("results");
      for (AckResult result : ack.results()) {
        ObjectNode item = results.addObject();
        item.put("opId", result.opId());
        item.put("seq", result.seq());
        item.put("syncId", result.syncId());
        item.put("outcome", result.outcome().wireName());
        if (result.code() != null) {
          item.put("code", result.code().wireName());
        }
        if (result.message() != null) {
          item.put("message", result.message());
        }
        if (result.number() != null) {
          item.put("number", result.number());
        }
        if (result.prior() != null) {
          item.put("prior", result.prior());
        }
      }
    } else if (message instanceof Message.Pull pull) {
      node.put("cursor", pull.cursor());
      node.put("limit", pull.limit());
    } else if (message instanceof Message.Delta delta) {
      ArrayNode entries = node.putArray("entries");
      for (DeltaEntry entry : delta.entries()) {
        ObjectNode item = entries.addObject();
        item.put("syncId", entry.syncId());
        item.set("op", opNode(entry.op()));
        if (entry.issue() != null) {
          item.set("issue", issueNode(entry.issue()));
        }
        if (entry.comment() != null) {
          item.set("comment", commentNode(entry.comment()));
        }
      }
      ArrayNode conflicts = node.putArray("conflicts");
      delta.conflicts().forEach(conflict -> conflicts.add(conflictNode(conflict)));
      node.put("from", delta.from());
      node.put("cursor", delta.cursor());
      node.put("head", delta.head());
      node.put("more", delta.more());
      if (delta.snapshotRequired()) {
        node.put("snapshotRequired", true);
      }
    } else if (message instanceof Message.SnapshotRequest request) {
      node.put("after", request.after());
      node.put("limit", request.limit());
    } else if (message instanceof Message.Snapshot snapshot) {
      node.put("at", snapshot.at());
      writeTeams(node.putArray("teams"), snapshot.teams());
      ArrayNode issues = node.putArray("issues");
      snapshot.issues().forEach(issue -> issues.add(issueNode(issue)));
      ArrayNode comments = node.putArray("comments");
      snapshot.comments().forEach(comment -> comments.add(commentNode(comment)));
      node.put("next", snapshot.next());
    }
    return JsonTrees.write(node);
  }

  /** The JSON object of one operation, as it travels in push and delta. */
  public static ObjectNode opNode(Op op) {
    ObjectNode node = JsonTrees.object();
    node.put("id", op.id());
    node.put("clientId", op.clientId());
    node.put("seq", op.seq());
    node.put("stamp", op.stamp().encode());
    node.put("actor", op.actor());
    node.put("kind", op.kind().wireName());
    node.put("entity", op.entity());
    node.put("team", op.team());
    ObjectNode changes = node.putObject("changes");
    op.changes()
        .forEach(
            (field, change) -> {
              ObjectNode item = changes.putObject(field);
              item.put("value", change.value());
              item.put("base", change.base());
            });
    return node;
  }

  public static ObjectNode issueNode(IssueState issue) {
    ObjectNode node = JsonTrees.object();
    node.put("id", issue.id());
    node.put("team", issue.team());
    node.put("number", issue.number());
    node.put("title", issue.title());
    node.put("description", issue.description());
    node.put("state", issue.state());
    node.put("priority", issue.priority());
    node.put("assignee", issue.assignee());
    node.put("labels", issue.labels());
    node.put("estimate", issue.estimate());
    node.put("parent", issue.parent());
    node.put("creator", issue.creator());
    node.put("createdAt", issue.createdAt());
    node.put("updatedAt", issue.updatedAt());
    node.put("archived", issue.archived());
    return node;
  }

  static ObjectNode commentNode(CommentState comment) {
    ObjectNode node = JsonTrees.object();
    node.put("id", comment.id());
    node.put("issue", comment.issue());
    node.put("author", comment.author());
    if (comment.writtenBy() != null) {
      node.put("writtenBy", comment.writtenBy());
    }
    node.put("body", comment.body());
    node.put("createdAt", comment.createdAt());
    node.put("deleted", comment.deleted());
    return node;
  }

  private static ObjectNode conflictNode(ConflictRecord conflict) {
    ObjectNode node = JsonTrees.object();
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
    return node;
  }

  private static void writeTeams(ArrayNode array, List<TeamInfo> teams) {
    for (TeamInfo team : teams) {
      array.addObject().put("key", team.key()).put("name", team.name());
    }
  }

  // ---- reading

  /** Reads a message a client sent: hello, push, pull or snapshot (a request). */
  public static Message readFromClient(String text) throws MalformedMessageException {
    JsonNode node = parse(text);
    String type = requiredText(node, "type");
    return switch (type) {
      case "hello" ->
          new Message.Hello(
              requiredInt(node, "protocol"),
              optionalText(node, "token"),
              requiredText(node, "clientId"),
              requiredLong(node, "cursor"));
      case "push" -> readPush(node);
      case "pull" -> new Message.Pull(requiredLong(node, "cursor"), optionalInt(node, "limit", 0));
      case "snapshot" ->
          new Message.SnapshotRequest(optionalText(node, "after"), optionalInt(node, "limit", 0));
      default -> throw new MalformedMessageException("unknown message type '" + type + "'");
    };
  }

  /** Reads a message the server sent: welcome, error, ack, delta or snapshot (a page). */
  public static Message readFromServer(String text) throws MalformedMessageException {
    // The pages of a bootstrap, in the form tern writes them, in one pass and without a tree.
    Message.Snapshot page = SnapshotPages.read(text);
    if (page != null) {
      return page;
    }
    JsonNode node = parse(text);
    String type = requiredText(node, "type");
    return switch (type) {
      case "welcome" ->
          new Message.Welcome(
              requiredInt(node, "protocol"),
              requiredText(node, "user"),
              readTeams(node),
              requiredLong(node, "head"),
              requiredLong(node, "horizon"));
      case "error" -> {
        String code = requiredText(node, "code");
        ErrorCode known = ErrorCode.ofWireName(code);
        yield new Message.ErrorMessage(
            known == null ? ErrorCode.INTERNAL : known,
            known == null
                ? code + ": " + optionalText(node, "message")
                : optionalText(node, "message"));
      }
      case "ack" -> {
        List<AckResult> results = new ArrayList<>();
        for (JsonNode item : array(node, "results")) {
          String code = optionalText(item, "code");
          results.add(
              new AckResult(
                  requiredText(item, "opId"),
                  requiredLong(item, "seq"),
                  item.hasNonNull("syncId") ? item.get("syncId").asLong() : null,
                  outcome(requiredText(item, "outcome")),
                  code == null ? null : ErrorCode.ofWireName(code),
                  optionalText(item, "message"),
                  item.hasNonNull("number") ? item.get("number").asLong() : null,
                  item.hasNonNull("prior") ? item.get("prior").asLong() : null));
        }
        yield new Message.Ack(results);
      }
      case "delta" -> {
        List<DeltaEntry> entries = new ArrayList<>();
        for (JsonNode item : array(node, "entries")) {
          entries.add(
              new DeltaEntry(
                  requiredLong(item, "syncId"),
                  readOp(object(item, "op"), true),
                  item.hasNonNull("issue") ? readIssue(item.get("issue")) : null,
                  item.hasNonNull("comment") ? readComment(item.get("comment")) : null));
        }
        List<ConflictRecord> conflicts = new ArrayList<>();
        for (JsonNode item : array(node, "conflicts")) {
          conflicts.add(readConflict(item));
        }
        yield new Message.Delta(
            entries,
            conflicts,
            optionalLong(node, "from", 0),
            requiredLong(node, "cursor"),
            requiredLong(node, "head"),
            node.path("more").asBoolean(false),
            node.path("snapshotRequired").asBoolean(false));
      }
      case "snapshot" -> {
        List<IssueState> issues = new ArrayList<>();
        for (JsonNode item : array(node, "issues")) {
          issues.add(readIssue(item));
        }
        List<CommentState> comments = new ArrayList<>();
        for (JsonNode item : array(node, "comments")) {
          comments.add(readComment(item));
        }
        yield new Message.Snapshot(
            requiredLong(node, "at"),
            readTeams(node),
            issues,
            comments,
            optionalText(node, "next"));
      }
      default -> throw new MalformedMessageException("unknown message type '" + type + "'");
    };
  }

  /** Reads one operation object; throws with the reason when a field is missing or wrong. */
  static Op readOp(JsonNode node) throws MalformedMessageException {
    return readOp(node, false);
  }

  /**
   * Reads one operation; {@code accepted} for one the server already took (inside a delta), which
   * is read as {@link Op#fromStored} reads it, so an old operation never makes a page unreadable.
   */
  private static Op readOp(JsonNode node, boolean accepted) throws MalformedMessageException {
    if (!node.isObject()) {
      throw new MalformedMessageException("an operation must be a JSON object");
    }
    Hlc stamp;
    try {
      stamp = Hlc.decode(requiredText(node, "stamp"));
    } catch (IllegalArgumentException e) {
      throw new MalformedMessageException(e.getMessage());
    }
    Kind kind;
    try {
      kind = Kind.ofWireName(requiredText(node, "kind"));
    } catch (IllegalArgumentException e) {
      throw new MalformedMessageException(e.getMessage());
    }
    JsonNode changesNode = object(node, "changes");
    Map<String, Change<String>> changes = new TreeMap<>();
    for (Map.Entry<String, JsonNode> field : changesNode.properties()) {
      JsonNode change = field.getValue();
      if (!change.isObject()) {
        throw new MalformedMessageException("change of '" + field.getKey() + "' is not an object");
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
      return accepted ? Op.fromStored(header, kind, changes) : Op.fromText(header, kind, changes);
    } catch (InvalidInputException e) {
      throw new MalformedMessageException(e.getMessage());
    }
  }

  private static IssueState readIssue(JsonNode node) throws MalformedMessageException {
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

  private static CommentState readComment(JsonNode node) throws MalformedMessageException {
    return new CommentState(
        requiredText(node, "id"),
        requiredText(node, "issue"),
        optionalText(node, "author"),
        optionalText(node, "writtenBy"),
        optionalText(node, "body"),
        requiredLong(node, "createdAt"),
        optionalText(node, "deleted"));
  }

  /** Parses JSON text into a tree; throws unless it is a JSON object. */
  static JsonNode parse(String text) throws MalformedMessageException {
    JsonNode node;
    try {
      node = JsonTrees.read(text);
    } catch (JsonProcessingException e) {
      throw new MalformedMessageException("not valid JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw new MalformedMessageException("a message must be a JSON object");
    }
    return node;
  }

  private static Message.Push readPush(JsonNode node) throws MalformedMessageException {
    List<Op> ops = new ArrayList<>();
    List<UnreadableOp> unreadable = new ArrayList<>();
    for (JsonNode item : array(node, "ops")) {
      try {
        ops.add(readOp(item));
      } catch (MalformedMessageException e) {
        // One unreadable operation (say, a kind from a newer client) is rejected on its own and
        // does not block the rest of the batch.
        unreadable.add(
            new UnreadableOp(
                item.path("id").textValue(), item.path("seq").asLong(0), e.getMessage()));
      }
    }
    return new Message.Push(ops, unreadable);
  }

  private static ConflictRecord readConflict(JsonNode node) throws MalformedMessageException {
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

  private static List<TeamInfo> readTeams(JsonNode node) throws MalformedMessageException {
    List<TeamInfo> teams = new ArrayList<>();
    for (JsonNode item : array(node, "teams")) {
      teams.add(new TeamInfo(requiredText(item, "key"), requiredText(item, "name")));
    }
    return teams;
  }

  private static Outcome outcome(String text) throws MalformedMessageException {
    try {
      return Outcome.ofWireName(text);
    } catch (IllegalArgumentException e) {
      throw new MalformedMessageException(e.getMessage());
    }
  }

  private static JsonNode array(JsonNode node, String name) throws MalformedMessageException {
    JsonNode value = node.get(name);
    if (value == null || !value.isArray()) {
      throw new MalformedMessageException("'" + name + "' must be an array");
    }
    return value;
  }

  private static JsonNode object(JsonNode node, String name) throws MalformedMessageException {
    JsonNode value = node.get(name);
    if (value == null || !value.isObject()) {
      throw new MalformedMessageException("'" + name + "' must be an object");
    }
    return value;
  }

  private static String requiredText(JsonNode node, String name) throws MalformedMessageException {
    JsonNode value = node.get(name);
    if (value == null || !value.isTextual()) {
      throw new MalformedMessageException("'" + name + "' must be a string");
    }
    return value.textValue();
  }

  private static String optionalText(JsonNode node, String name) throws MalformedMessageException {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new MalformedMessageException("'" + name + "' must be a string or null");
    }
    return value.textValue();
  }

  private static long requiredLong(JsonNode node, String name) throws MalformedMessageException {
    JsonNode value = node.get(name);
    if (value == null || !value.canConvertToLong() || !value.isIntegralNumber()) {
      throw new MalformedMessageException("'" + name + "' must be a whole number");
    }
    return value.longValue();
  }

  /** A whole number that fits an int: 4294967297 is refused, not wrapped to 1. */
  private static int requiredInt(JsonNode node, String name) throws MalformedMessageException {
    long value = requiredLong(node, name);
    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
      throw new MalformedMessageException("'" + name + "' is out of range");
    }
    return (int) value;
  }

  private static int optionalInt(JsonNode node, String name, int fallback)
      throws MalformedMessageException {
    JsonNode value = node.get(name);
    return value == null || value.isNull() ? fallback : requiredInt(node, name);
  }

  private static long optionalLong(JsonNode node, String name, long fallback)
      throws MalformedMessageException {
    JsonNode value = node.get(name);
    return value == null || value.isNull() ? fallback : requiredLong(node, name);
  }
}
