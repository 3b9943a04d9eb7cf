package dev.tern.server;

import dev.tern.op.Change;
import dev.tern.op.Fields;
import dev.tern.op.Hlc;
import dev.tern.op.Kind;
import dev.tern.op.Op;
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
  public Op createIssue(String team, String issueId, String title) {
    Map<String, Change> changes = new TreeMap<>();
    changes.put(Fields.TITLE, new Change(title, null));
    changes.put(Fields.DESCRIPTION, new Change("", null));
    changes.put(Fields.STATE, new Change("backlog", null));
    changes.put(Fields.PRIORITY, new Change("0", null));
    changes.put(Fields.ASSIGNEE, new Change(null, null));
    changes.put(Fields.LABELS, new Change("", null));
    changes.put(Fields.ESTIMATE, new Change(null, null));
    changes.put(Fields.PARENT, new Change(null, null));
    changes.put(Fields.ARCHIVED, new Change("false", null));
    return op(Kind.CREATE_ISSUE, issueId, team, changes);
  }

  /** An issue.update of one field. */
  public Op update(String team, String issueId, String field, String value, String base) {
    return op(Kind.UPDATE_ISSUE, issueId, team, Map.of(field, new Change(value, base)));
  }

  public Op comment(String team, String issueId, String commentId, String body) {
    Map<String, Change> changes = new TreeMap<>();
    changes.put(Fields.ISSUE, new Change(issueId, null));
    changes.put(Fields.BODY, new Change(body, null));
    changes.put(Fields.CREATED_AT, new Change(String.valueOf(millis), null));
    return op(Kind.CREATE_COMMENT, commentId, team, changes);
  }

  public Op op(Kind kind, String entity, String team, Map<String, Change> changes) {
    millis++;
    return new Op(
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
    return new Op(
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

  public static String newId() {
    return UUID.randomUUID().toString();
  }
}
