package dev.tern.server;

import dev.tern.model.InvalidInputException;
import dev.tern.op.Change;
import dev.tern.op.CommentData;
import dev.tern.op.CreateComment;
import dev.tern.op.CreateIssue;
import dev.tern.op.Hlc;
import dev.tern.op.IssueData;
import dev.tern.op.IssueField;
import dev.tern.op.LabelMerge;
import dev.tern.op.Op;
import dev.tern.op.Outcome;
import dev.tern.op.UpdateComment;
import dev.tern.op.UpdateIssue;
import dev.tern.protocol.CommentState;
import dev.tern.protocol.ConflictRecord;
import dev.tern.protocol.IssueState;
import dev.tern.server.store.FieldWriter;
import dev.tern.server.store.StoredComment;
import dev.tern.server.store.StoredIssue;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedSet;
import java.util.function.Function;

/**
 * The server's reconciliation (docs/sync.md, "Reconciliation"): base checks, merges and conflict
 * records around the rule book. What an operation does to an entity is decided by the operation's
 * own {@code apply}, the same code the client's view runs; this class only decides, field by field,
 * which of an update's changes take effect. Nothing here reads a clock or a store, so the same
 * pushes in the same order always give the same state.
 */
public final class Reconciler {
  private Reconciler() {}

  /** The state after one operation, its outcome and the conflicts it raised. */
  public record Result<T>(T entity, Outcome outcome, List<ConflictRecord> conflicts) {}

  /** A new issue from a validated create, with its per-team number. */
  public static StoredIssue createIssue(CreateIssue op, long number) {
    IssueData issue = op.apply().withNumber(number);
    // One writer for every field: the stamp is encoded once, and the stored form (StoredJson)
    // finds the fields' one distinct writer by identity.
    FieldWriter creator = writer(op, null);
    Map<String, FieldWriter> writers = new HashMap<>();
    for (IssueField field : IssueField.values()) {
      writers.put(field.wireName(), creator);
    }
    return new StoredIssue(IssueState.of(issue), writers);
  }

  /** A new comment from a validated create; its team is that of its issue. */
  public static StoredComment createComment(CreateComment op, String team) {
    FieldWriter creator = writer(op, null);
    return new StoredComment(
        CommentState.of(op.apply()),
        team,
        Map.of(UpdateComment.DELETED, creator, UpdateComment.BODY, creator));
  }

  /**
   * The prefix of the writer entries that record, per user, the archive they were last told about
   * by a conflict record (its op id), so an editor hears of one archive once.
   */
  static final String ARCHIVE_TOLD = "archived:told:";

  /** Applies a validated update to an issue, field by field. */
  public static Result<StoredIssue> updateIssue(StoredIssue stored, UpdateIssue op, long syncId) {
    IssueData current = stored.state().toData();
    Map<String, FieldWriter> writers = new HashMap<>(stored.writers());
    Map<IssueField, Change<?>> taking = new EnumMap<>(IssueField.class);
    List<ConflictRecord> conflicts = new ArrayList<>();
    Outcome outcome = Outcome.APPLIED;
    for (Map.Entry<IssueField, Change<?>> entry : op.fields().entrySet()) {
      IssueField field = entry.getKey();
      if (field == IssueField.LABELS) {
        LabelResult labels = settleLabels(current, writers, entry.getValue(), op, syncId);
        taking.put(field, labels.change());
        writers.put(field.wireName(), labels.writer());
        outcome = worse(outcome, labels.outcome());
        conflicts.addAll(labels.conflicts());
        continue;
      }
      FieldResult result =
          resolve(
              new Contest(
                  field.wireName(),
                  field.merge(),
                  field::format,
                  current.get(field),
                  writers.get(field.wireName()),
                  entry.getValue(),
                  op,
                  syncId,
                  current.id()));
      if (result.change() != null) {
        taking.put(field, result.change());
      }
      writers.put(field.wireName(), result.writer());
      outcome = worse(outcome, result.outcome());
      if (result.conflict() != null) {
        conflicts.add(result.conflict());
      }
    }
    IssueData next = new UpdateIssue(op.header(), taking).apply(current);
    FieldWriter archiver = writers.get(IssueField.ARCHIVED.wireName());
    String told = ARCHIVE_TOLD + op.actor();
    if (current.archived()
        && op.change(IssueField.ARCHIVED) == null
        && (archiver == null || !op.actor().equals(archiver.actor()))
        && (archiver == null
            || writers.get(told) == null
            || !Objects.equals(writers.get(told).opId(), archiver.opId()))) {
      // The edit stays (nothing is lost), but its author learns that the issue was archived
      // meanwhile and can restore it or accept the removal: once per archive, never about their
      // own archive. Who has been told is kept beside the field writers.
      if (archiver != null) {
        writers.put(told, new FieldWriter(archiver.stamp(), op.actor(), archiver.opId(), null));
      }
      conflicts.add(
          new ConflictRecord(
              conflictId(syncId, IssueField.ARCHIVED.wireName()),
              syncId,
              op.actor(),
              op.clientId(),
              current.id(),
              IssueField.ARCHIVED.wireName(),
              "false",
              "false",
              "true",
              op.id(),
              archiver == null ? null : archiver.actor(),
              archiver == null ? null : archiver.stamp(),
              op.stamp().encode()));
    }
    return new Result<>(new StoredIssue(IssueState.of(next), writers), outcome, conflicts);
  }

  /**
   * Refuses a comment update the actor may not make: only a comment's author may rewrite its text
   * (anyone in the team may still delete or restore it). The client checks the same before it logs
   * an edit; this is the check that counts.
   */
  public static void checkAllowed(StoredComment stored, UpdateComment op) {
    if (op.body() != null && !op.actor().equals(stored.state().author())) {
      throw new InvalidInputException(
          "only the author of comment "
              + op.entity()
              + " ("
              + stored.state().author()
              + ") may edit it");
    }
  }

  /**
   * Applies a validated comment update to a comment: the deleted flag by base check and later
   * stamp, the body as a description is settled (line merge, else later stamp wins).
   */
  public static Result<StoredComment> updateComment(
      StoredComment stored, UpdateComment op, long syncId) {
    CommentData current = stored.state().toData();
    Map<String, FieldWriter> writers = new HashMap<>(stored.writers());
    List<ConflictRecord> conflicts = new ArrayList<>();
    Outcome outcome = Outcome.APPLIED;
    Change<Boolean> deleted = null;
    Change<String> body = null;
    if (op.deleted() != null) {
      FieldResult result =
          resolve(
              new Contest(
                  UpdateComment.DELETED,
                  IssueField.Merge.PLAIN,
                  value -> value == null ? null : value.toString(),
                  current.deleted(),
                  writers.get(UpdateComment.DELETED),
                  op.deleted(),
                  op,
                  syncId,
                  current.issue()));
      writers.put(UpdateComment.DELETED, result.writer());
      if (result.change() != null) {
        deleted = new Change<>((Boolean) result.change().value(), null);
      }
      outcome = worse(outcome, result.outcome());
      if (result.conflict() != null) {
        conflicts.add(result.conflict());
      }
    }
    if (op.body() != null) {
      FieldResult result =
          resolve(
              new Contest(
                  UpdateComment.BODY,
                  IssueField.Merge.LINES,
                  value -> (String) value,
                  current.body(),
                  writers.get(UpdateComment.BODY),
                  op.body(),
                  op,
                  syncId,
                  current.issue()));
      writers.put(UpdateComment.BODY, result.writer());
      if (result.change() != null) {
        body = new Change<>((String) result.change().value(), null);
      }
      outcome = worse(outcome, result.outcome());
      if (result.conflict() != null) {
        conflicts.add(result.conflict());
      }
    }
    CommentData next =
        deleted == null && body == null
            ? current
            : new UpdateComment(op.header(), deleted, body).apply(current);
    return new Result<>(
        new StoredComment(CommentState.of(next), stored.team(), writers), outcome, conflicts);
  }

  /**
   * One field of an incoming operation against the field's current value and last writer.
   *
   * @param format the field's text form, for conflict records
   */
  private record Contest(
      String field,
      IssueField.Merge merge,
      Function<Object, String> format,
      Object current,
      FieldWriter lastWriter,
      Change<?> change,
      Op op,
      long syncId,
      String issueId) {}

  /**
   * What one field's contest settled: the change to apply (null: keep the current value), who now
   * counts as the field's writer, the outcome and a conflict record for the loser, if any.
   */
  private record FieldResult(
      Change<?> change, FieldWriter writer, Outcome outcome, ConflictRecord conflict) {}

  /** What settling a labels change gave: like {@link FieldResult}, with any number of losers. */
  private record LabelResult(
      Change<?> change, FieldWriter writer, Outcome outcome, List<ConflictRecord> conflicts) {}

  /**
   * The prefix of the writer entries that record, per label, the last update that added or removed
   * it: the label rule of the rule book ({@link LabelMerge}) compares stamps with them.
   */
  static final String LABEL_WRITER = "label:";

  /**
   * Settles a labels change label by label ({@link LabelMerge}): the later stamp decides each label
   * whatever the arrival order. The pusher hears of labels it lost (outcome {@code superseded});
   * the writer of a label this op flipped without having seen it hears of that. The returned
   * change, applied as a set difference to the current labels, gives the settled set.
   */
  private static LabelResult settleLabels(
      IssueData current,
      Map<String, FieldWriter> writers,
      Change<?> change,
      UpdateIssue op,
      long syncId) {
    SortedSet<String> now = current.labels();
    LabelMerge merge =
        LabelMerge.settle(
            now,
            change,
            op.stamp(),
            label -> {
              FieldWriter last = writers.get(LABEL_WRITER + label);
              return last == null ? null : Hlc.decode(last.stamp());
            });
    String base = IssueField.LABELS.format(change.base());
    String settled = IssueField.LABELS.format(merge.labels());
    List<ConflictRecord> conflicts = new ArrayList<>();
    Map<String, FieldWriter> overridden = new java.util.LinkedHashMap<>();
    for (String label : merge.overridden()) {
      FieldWriter loser = writers.get(LABEL_WRITER + label);
      if (!Hlc.decode(loser.stamp()).clientId().equals(op.clientId())) {
        overridden.putIfAbsent(loser.actor(), loser);
      }
    }
    for (String label : merge.won()) {
      writers.put(LABEL_WRITER + label, writer(op, base));
    }
    Outcome outcome = Outcome.APPLIED;
    if (!merge.lost().isEmpty()) {
      FieldWriter winner = writers.get(LABEL_WRITER + merge.lost().first());
      outcome = Outcome.SUPERSEDED;
      conflicts.add(
          new ConflictRecord(
              conflictId(syncId, IssueField.LABELS.wireName()),
              syncId,
              op.actor(),
              op.clientId(),
              current.id(),
              IssueField.LABELS.wireName(),
              base,
              IssueField.LABELS.format(change.value()),
              settled,
              op.id(),
              winner.actor(),
              winner.stamp(),
              op.stamp().encode()));
    } else if (!merge.labels().equals(IssueField.labelSet(change.value()))) {
      outcome = Outcome.MERGED;
    }
    for (FieldWriter loser : overridden.values()) {
      conflicts.add(
          new ConflictRecord(
              conflictId(syncId, IssueField.LABELS.wireName())
                  + (conflicts.isEmpty() ? "" : "." + conflicts.size()),
              syncId,
              loser.actor(),
              Hlc.decode(loser.stamp()).clientId(),
              current.id(),
              IssueField.LABELS.wireName(),
              loser.base(),
              IssueField.LABELS.format(now),
              settled,
              loser.opId(),
              op.actor(),
              op.stamp().encode(),
              loser.stamp()));
    }
    return new LabelResult(new Change<>(merge.labels(), now), writer(op, base), outcome, conflicts);
  }

  /** The rules for one field: base check, line merge, then later stamp wins (labels: above). */
  private static FieldResult resolve(Contest contest) {
    Change<?> change = contest.change();
    Object current = contest.current();
    FieldWriter incoming = writer(contest.op(), contest.format().apply(change.base()));
    if (Objects.equals(change.base(), current)) {
      return new FieldResult(change, incoming, Outcome.APPLIED, null);
    }
    if (Objects.equals(change.value(), current)) {
      // Both sides wrote the same value: nothing to settle.
      return new FieldResult(null, contest.lastWriter(), Outcome.APPLIED, null);
    }
    if (contest.merge() == IssueField.Merge.LINES) {
      var merged =
          LineMerge.merge((String) change.base(), (String) current, (String) change.value());
      if (merged.isPresent()) {
        return new FieldResult(new Change<>(merged.get(), current), incoming, Outcome.MERGED, null);
      }
    }
    FieldWriter lastWriter = contest.lastWriter();
    Op op = contest.op();
    boolean incomingWins =
        lastWriter == null || op.stamp().compareTo(Hlc.decode(lastWriter.stamp())) > 0;
    if (incomingWins) {
      ConflictRecord conflict =
          lastWriter == null
              ? null
              : new ConflictRecord(
                  conflictId(contest.syncId(), contest.field()),
                  contest.syncId(),
                  lastWriter.actor(),
                  Hlc.decode(lastWriter.stamp()).clientId(),
                  contest.issueId(),
                  contest.field(),
                  lastWriter.base(),
                  contest.format().apply(current),
                  contest.format().apply(change.value()),
                  lastWriter.opId(),
                  op.actor(),
                  op.stamp().encode(),
                  lastWriter.stamp());
      return new FieldResult(change, incoming, Outcome.APPLIED, conflict);
    }
    ConflictRecord conflict =
        new ConflictRecord(
            conflictId(contest.syncId(), contest.field()),
            contest.syncId(),
            op.actor(),
            op.clientId(),
            contest.issueId(),
            contest.field(),
            contest.format().apply(change.base()),
            contest.format().apply(change.value()),
            contest.format().apply(current),
            op.id(),
            lastWriter.actor(),
            lastWriter.stamp(),
            op.stamp().encode());
    return new FieldResult(null, lastWriter, Outcome.SUPERSEDED, conflict);
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
}
