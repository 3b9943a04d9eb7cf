package dev.tern.server;

import dev.tern.model.InvalidInputException;
import dev.tern.model.Labels;
import dev.tern.model.Priority;
import dev.tern.model.State;
import dev.tern.op.Change;
import dev.tern.op.Fields;
import dev.tern.op.Hlc;
import dev.tern.op.Kind;
import dev.tern.op.Op;
import dev.tern.protocol.CommentState;
import dev.tern.protocol.ConflictRecord;
import dev.tern.protocol.IssueState;
import dev.tern.protocol.Outcome;
import dev.tern.server.store.FieldWriter;
import dev.tern.server.store.StoredComment;
import dev.tern.server.store.StoredIssue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The server's reconciliation rules (PRODUCT.md §4), as pure functions from the current state and
 * one operation to the new state, the outcome and the conflict records. Nothing here reads a clock
 * or a store, so the same pushes in the same order always give the same state.
 */
public final class Reconciler {
  private Reconciler() {}

  /** The state after one operation, its outcome and the conflicts it raised. */
  public record Result<T>(T entity, Outcome outcome, List<ConflictRecord> conflicts) {}

  private static final Set<String> ISSUE_FIELDS = Set.copyOf(Fields.ISSUE_FIELDS);

  /** A create may also say when the issue was made: {@code tern import} keeps original times. */
  private static final Set<String> ISSUE_CREATE_FIELDS = plus(ISSUE_FIELDS, Fields.CREATED_AT);

  /**
   * {@code author} is accepted from imports but ignored: a comment is credited to the operation's
   * actor, which the server has checked against the token.
   */
  private static final Set<String> COMMENT_CREATE_FIELDS =
      Set.of(Fields.ISSUE, Fields.BODY, Fields.CREATED_AT, Fields.DELETED, Fields.AUTHOR);

  private static Set<String> plus(Set<String> fields, String field) {
    Set<String> all = new java.util.HashSet<>(fields);
    all.add(field);
    return Set.copyOf(all);
  }

  /**
   * Checks an operation's fields for its kind: which fields it may carry and that every value has
   * the right form. Throws InvalidInputException with the reason.
   */
  public static void validate(Op op) {
    Set<String> allowed =
        switch (op.kind()) {
          case CREATE_ISSUE -> ISSUE_CREATE_FIELDS;
          case UPDATE_ISSUE -> ISSUE_FIELDS;
          case CREATE_COMMENT -> COMMENT_CREATE_FIELDS;
          case UPDATE_COMMENT -> Set.of(Fields.DELETED);
        };
    if (!op.kind().isCreate() && op.changes().isEmpty()) {
      throw new InvalidInputException("an update must change at least one field");
    }
    for (Map.Entry<String, Change> entry : op.changes().entrySet()) {
      if (!allowed.contains(entry.getKey())) {
        throw new InvalidInputException(
            op.kind().wireName() + " cannot carry field '" + entry.getKey() + "'");
      }
      Fields.validate(entry.getKey(), entry.getValue().value());
    }
    if (op.kind() == Kind.CREATE_ISSUE) {
      Fields.validate(Fields.TITLE, valueOf(op, Fields.TITLE, null));
    }
    if (op.kind() == Kind.CREATE_COMMENT) {
      Fields.validate(Fields.ISSUE, valueOf(op, Fields.ISSUE, null));
      if (valueOf(op, Fields.ISSUE, null) == null) {
        throw new InvalidInputException("a comment needs its issue");
      }
    }
  }

  /**
   * The operation with its values in canonical text form (priority as level, state by wire name,
   * labels sorted), so that equal values compare equal whatever spelling the client used. Bases
   * that do not parse are kept as sent: they then simply differ from the current value.
   */
  public static Op canonical(Op op) {
    java.util.TreeMap<String, Change> changes = new java.util.TreeMap<>();
    op.changes()
        .forEach(
            (field, change) ->
                changes.put(
                    field,
                    new Change(canonical(field, change.value()), canonical(field, change.base()))));
    return new Op(
        op.id(),
        op.clientId(),
        op.seq(),
        op.stamp(),
        op.actor(),
        op.kind(),
        op.entity(),
        op.team(),
        changes);
  }

  private static String canonical(String field, String value) {
    if (value == null) {
      return null;
    }
    try {
      return switch (field) {
        case Fields.PRIORITY -> String.valueOf(Priority.parse(value).level());
        case Fields.STATE -> State.parse(value).wireName();
        case Fields.LABELS -> Labels.format(Labels.parse(value));
        default -> value;
      };
    } catch (InvalidInputException e) {
      // Not a value of this field: validation reports it for values; a base stays as sent.
      return value;
    }
  }

  /** A new issue from a validated {@code issue.create}, with its per-team number. */
  public static StoredIssue createIssue(Op op, long number) {
    String given = valueOf(op, Fields.CREATED_AT, null);
    long createdAt = given != null ? Long.parseLong(given) : op.stamp().millis();
    IssueState state =
        new IssueState(
            op.entity(),
            op.team(),
            number,
            valueOf(op, Fields.TITLE, null),
            valueOf(op, Fields.DESCRIPTION, ""),
            valueOf(op, Fields.STATE, "backlog"),
            valueOf(op, Fields.PRIORITY, "0"),
            valueOf(op, Fields.ASSIGNEE, null),
            Labels.format(Labels.parse(valueOf(op, Fields.LABELS, ""))),
            valueOf(op, Fields.ESTIMATE, null),
            valueOf(op, Fields.PARENT, null),
            op.actor(),
            createdAt,
            createdAt,
            valueOf(op, Fields.ARCHIVED, "false"));
    Map<String, FieldWriter> writers = new HashMap<>();
    for (String field : Fields.ISSUE_FIELDS) {
      writers.put(field, writer(op, null));
    }
    return new StoredIssue(state, writers);
  }

  /** A new comment from a validated {@code comment.create}; its team is that of its issue. */
  public static StoredComment createComment(Op op, String team) {
    String createdAt = valueOf(op, Fields.CREATED_AT, null);
    CommentState state =
        new CommentState(
            op.entity(),
            valueOf(op, Fields.ISSUE, null),
            op.actor(),
            valueOf(op, Fields.BODY, ""),
            createdAt == null ? op.stamp().millis() : Long.parseLong(createdAt),
            valueOf(op, Fields.DELETED, "false"));
    return new StoredComment(state, team, Map.of(Fields.DELETED, writer(op, null)));
  }

  /** Applies a validated {@code issue.update} to an issue, field by field. */
  public static Result<StoredIssue> updateIssue(StoredIssue current, Op op, long syncId) {
    IssueState state = current.state();
    Map<String, FieldWriter> writers = new HashMap<>(current.writers());
    List<ConflictRecord> conflicts = new ArrayList<>();
    Outcome outcome = Outcome.APPLIED;
    for (Map.Entry<String, Change> entry : op.changes().entrySet()) {
      String field = entry.getKey();
      FieldResult result =
          resolve(
              field,
              state.field(field),
              writers.get(field),
              entry.getValue(),
              op,
              syncId,
              state.id());
      state = state.with(field, result.value());
      writers.put(field, result.writer());
      outcome = worse(outcome, result.outcome());
      if (result.conflict() != null) {
        conflicts.add(result.conflict());
      }
    }
    if (current.state().isArchived() && op.change(Fields.ARCHIVED) == null) {
      // The edit stays (nothing is lost), but its author learns that the issue was archived
      // meanwhile and can restore it or accept the removal.
      FieldWriter archiver = writers.get(Fields.ARCHIVED);
      conflicts.add(
          new ConflictRecord(
              conflictId(syncId, Fields.ARCHIVED),
              syncId,
              op.actor(),
              op.clientId(),
              state.id(),
              Fields.ARCHIVED,
              "false",
              "false",
              "true",
              op.id(),
              archiver == null ? null : archiver.actor(),
              archiver == null ? null : archiver.stamp(),
              op.stamp().encode()));
    }
    state = state.withUpdatedAt(Math.max(state.updatedAt(), op.stamp().millis()));
    return new Result<>(new StoredIssue(state, writers), outcome, conflicts);
  }

  /** Applies a validated {@code comment.update} (deleted or restored) to a comment. */
  public static Result<StoredComment> updateComment(StoredComment current, Op op, long syncId) {
    Change change = op.change(Fields.DELETED);
    FieldResult result =
        resolve(
            Fields.DELETED,
            current.state().deleted(),
            current.writers().get(Fields.DELETED),
            change,
            op,
            syncId,
            current.state().issue());
    Map<String, FieldWriter> writers = new HashMap<>(current.writers());
    writers.put(Fields.DELETED, result.writer());
    List<ConflictRecord> conflicts =
        result.conflict() == null ? List.of() : List.of(result.conflict());
    return new Result<>(
        new StoredComment(current.state().withDeleted(result.value()), current.team(), writers),
        result.outcome(),
        conflicts);
  }

  private record FieldResult(
      String value, FieldWriter writer, Outcome outcome, ConflictRecord conflict) {}

  /** The rules for one field: base check, label set merge, line merge, then later stamp wins. */
  private static FieldResult resolve(
      String field,
      String current,
      FieldWriter lastWriter,
      Change change,
      Op op,
      long syncId,
      String issueId) {
    if (field.equals(Fields.LABELS)) {
      // Label adds and removes commute: apply this op's difference to whatever is there now.
      String merged = Fields.applyLabels(current, change);
      String asSent = Labels.format(Labels.parse(change.value()));
      boolean concurrent = !Objects.equals(normalLabels(change.base()), normalLabels(current));
      Outcome outcome = concurrent && !merged.equals(asSent) ? Outcome.MERGED : Outcome.APPLIED;
      return new FieldResult(merged, writer(op, change.base()), outcome, null);
    }
    if (Objects.equals(change.base(), current)) {
      return new FieldResult(change.value(), writer(op, change.base()), Outcome.APPLIED, null);
    }
    if (Objects.equals(change.value(), current)) {
      // Both sides wrote the same value: nothing to settle.
      return new FieldResult(current, lastWriter, Outcome.APPLIED, null);
    }
    if (field.equals(Fields.DESCRIPTION)) {
      var merged = LineMerge.merge(change.base(), current, change.value());
      if (merged.isPresent()) {
        return new FieldResult(merged.get(), writer(op, change.base()), Outcome.MERGED, null);
      }
    }
    boolean incomingWins =
        lastWriter == null || op.stamp().compareTo(Hlc.decode(lastWriter.stamp())) > 0;
    if (incomingWins) {
      ConflictRecord conflict =
          lastWriter == null
              ? null
              : new ConflictRecord(
                  conflictId(syncId, field),
                  syncId,
                  lastWriter.actor(),
                  Hlc.decode(lastWriter.stamp()).clientId(),
                  issueId,
                  field,
                  lastWriter.base(),
                  current,
                  change.value(),
                  lastWriter.opId(),
                  op.actor(),
                  op.stamp().encode(),
                  lastWriter.stamp());
      return new FieldResult(change.value(), writer(op, change.base()), Outcome.APPLIED, conflict);
    }
    ConflictRecord conflict =
        new ConflictRecord(
            conflictId(syncId, field),
            syncId,
            op.actor(),
            op.clientId(),
            issueId,
            field,
            change.base(),
            change.value(),
            current,
            op.id(),
            lastWriter.actor(),
            lastWriter.stamp(),
            op.stamp().encode());
    return new FieldResult(current, lastWriter, Outcome.SUPERSEDED, conflict);
  }

  private static String normalLabels(String text) {
    return Labels.format(Labels.parse(text));
  }

  private static Outcome worse(Outcome left, Outcome right) {
    if (left == Outcome.SUPERSEDED || right == Outcome.SUPERSEDED) {
      return Outcome.SUPERSEDED;
    }
    if (left == Outcome.MERGED || right == Outcome.MERGED) {
      return Outcome.MERGED;
    }
    return Outcome.APPLIED;
  }

  private static String conflictId(long syncId, String field) {
    return syncId + "/" + field;
  }

  private static FieldWriter writer(Op op, String base) {
    return new FieldWriter(op.stamp().encode(), op.actor(), op.id(), base);
  }

  private static String valueOf(Op op, String field, String fallback) {
    Change change = op.change(field);
    return change == null || change.value() == null ? fallback : change.value();
  }
}
