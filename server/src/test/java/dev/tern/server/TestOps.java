package dev.tern.server;

import dev.tern.op.Change;
import dev.tern.op.CreateComment;
import dev.tern.op.CreateIssue;
import dev.tern.op.Hlc;
import dev.tern.op.Kind;
import dev.tern.op.Op;
import dev.tern.op.OpHeader;
import dev.tern.op.UpdateIssue;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Builds operations the way a client does, for tests: one instance per client, with its own
 * sequence numbers and clock.
 */
public final class TestOps {
  private final String clientId;
  private final String actor;
  private long seq;
  private long millis;

  public TestOps(String clientId, String actor, long startMillis) {
    this.clientId = clientId;
    this.actor = actor;
    this.millis = startMillis;
  }

  public String clientId() {
    return clientId;
  }

  /** An issue.create with every field, as the client sends it. */
  public CreateIssue createIssue(String team, String issueId, String title) {
    Map<String, Change<String>> changes = new TreeMap<>();
    changes.put("title", new Change<>(title, null));
    changes.put("description", new Change<>("", null));
    changes.put("state", new Change<>("backlog", null));
    changes.put("priority", new Change<>("0", null));
    changes.put("assignee", new Change<>(null, null));
    changes.put("labels", new Change<>("", null));
    changes.put("estimate", new Change<>(null, null));
    changes.put("parent", new Change<>(null, null));
    changes.put("archived", new Change<>("false", null));
    return (CreateIssue) op(Kind.CREATE_ISSUE, issueId, team, changes);
  }

  /** An issue.update of one field. */
  public UpdateIssue update(String team, String issueId, String field, String value, String base) {
    return (UpdateIssue)
        op(Kind.UPDATE_ISSUE, issueId, team, Map.of(field, new Change<>(value, base)));
  }

  public CreateComment comment(String team, String issueId, String commentId, String body) {
    Map<String, Change<String>> changes = new TreeMap<>();
    changes.put("issue", new Change<>(issueId, null));
    changes.put("body", new Change<>(body, null));
    changes.put("created_at", new Change<>(String.valueOf(millis), null));
    return (CreateComment) op(Kind.CREATE_COMMENT, commentId, team, changes);
  }

  /**
   * An operation from its text form, as a client would send it: fields by wire name, values as
   * text. Throws when a field does not parse for its kind.
   */
  public static Op textOp(
      String id,
      String clientId,
      long seq,
      Hlc stamp,
      String actor,
      Kind kind,
      String entity,
      String team,
      Map<String, Change<String>> changes) {
    return Op.fromText(new OpHeader(id, clientId, seq, stamp, actor, entity, team), kind, changes);
  }

  public Op op(Kind kind, String entity, String team, Map<String, Change<String>> changes) {
    millis++;
    return TestOps.textOp(
        UUID.randomUUID().toString(),
        clientId,
        ++seq,
        new Hlc(millis, 0, clientId),
        actor,
        kind,
        entity,
        team,
        new TreeMap<>(changes));
  }

  /** An op exactly like {@code op} but by another actor (a forgery). */
  public static Op withActor(Op op, String actor) {
    return TestOps.textOp(
        op.id(),
        op.clientId(),
        op.seq(),
        op.stamp(),
        actor,
        op.kind(),
        op.entity(),
        op.team(),
        op.changes());
  }

  /**
   * A fixed UUID named by a short word ({@code id("i1")}), for tests that name their issues: the
   * server takes only UUIDs as ids of new issues and comments. Ids of same-length names sort as the
   * names do.
   */
  public static String id(String name) {
    StringBuilder hex = new StringBuilder();
    for (byte b : name.getBytes(java.nio.charset.StandardCharsets.US_ASCII)) {
      hex.append(String.format("%02x", b));
    }
    if (hex.length() > 12) {
      throw new IllegalArgumentException("name too long for a test id: " + name);
    }
    return "00000000-0000-4000-8000-" + "0".repeat(12 - hex.length()) + hex;
  }

  public static String newId() {
    return UUID.randomUUID().toString();
  }
}
