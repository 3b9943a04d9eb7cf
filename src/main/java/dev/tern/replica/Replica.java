package dev.tern.replica;

import dev.tern.model.Comment;
import dev.tern.model.Conflict;
import dev.tern.model.InvalidInputException;
import dev.tern.model.Issue;
import dev.tern.model.Labels;
import dev.tern.model.NotFoundException;
import dev.tern.model.Priority;
import dev.tern.model.State;
import dev.tern.op.Change;
import dev.tern.op.CreateComment;
import dev.tern.op.CreateIssue;
import dev.tern.op.Hlc;
import dev.tern.op.HlcClock;
import dev.tern.op.IssueData;
import dev.tern.op.IssueField;
import dev.tern.op.Op;
import dev.tern.op.OpHeader;
import dev.tern.op.TextRules;
import dev.tern.op.UpdateComment;
import dev.tern.op.UpdateIssue;
import dev.tern.store.ClockState;
import dev.tern.store.ClockTable;
import dev.tern.store.IssueRecord;
import dev.tern.store.IssueTable;
import dev.tern.store.LocalStore;
import dev.tern.store.LoggedOp;
import dev.tern.store.OpStack;
import dev.tern.store.StoreTxn;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * One profile's replica: the local view, the operation log and undo. Every action is one operation,
 * written in the same transaction as its effect on the view.
 *
 * <p>A fresh profile works at once: its actor is the login name from the environment and its
 * default team is {@value #OFFLINE_TEAM}. On {@code tern login} pending work moves to the server's
 * team and user (see {@link #attach}).
 */
public final class Replica implements AutoCloseable {
  /** The team of a profile that has never logged in to a server. */
  public static final String OFFLINE_TEAM = "LOCAL";

  static final String CLIENT_ID = "client_id";
  static final String USER = "user";
  static final String DEFAULT_TEAM = "default_team";
  static final String SERVER = "server";
  static final String TOKEN = "token";
  static final String CURSOR = "cursor";
  static final String LAST_SYNC = "last_sync";

  private static final int FULL_ID_LENGTH = 36;
  private static final Pattern TEAM_KEY = Pattern.compile("[A-Z][A-Z0-9_]{0,15}");

  final LocalStore store;
  private final LongSupplier wallClock;
  private volatile String clientId;
  private String actor;
  private String defaultTeam;
  private long lastDataVersion = -1;

  private Replica(LocalStore store, LongSupplier wallClock, String fallbackActor) {
    this.store = store;
    this.wallClock = wallClock;
    try (StoreTxn txn = store.read()) {
      Optional<String> existing = txn.meta().get(CLIENT_ID);
      if (existing.isPresent()) {
        clientId = existing.get();
        actor = txn.meta().get(USER).orElse(fallbackActor);
        defaultTeam = txn.meta().get(DEFAULT_TEAM).orElse(OFFLINE_TEAM);
        return;
      }
    }
    try (StoreTxn txn = store.write()) {
      Optional<String> raced = txn.meta().get(CLIENT_ID);
      clientId = raced.orElse(UUID.randomUUID().toString());
      actor = txn.meta().get(USER).orElse(fallbackActor);
      defaultTeam = txn.meta().get(DEFAULT_TEAM).orElse(OFFLINE_TEAM);
      if (raced.isEmpty()) {
        txn.meta().put(CLIENT_ID, clientId);
        txn.meta().put(USER, actor);
        txn.meta().put(DEFAULT_TEAM, defaultTeam);
        txn.teams().put(OFFLINE_TEAM, "Local (offline)");
      }
      txn.commit();
    }
  }

  /** Opens {@code profile}; a fresh store's actor is {@code USER} from {@code environment}. */
  public static Replica open(Profile profile, Map<String, String> environment) {
    return open(profile.storeFile(), System::currentTimeMillis, systemUser(environment));
  }

  public static Replica open(Path file, LongSupplier wallClock, String fallbackActor) {
    return new Replica(LocalStore.open(file), wallClock, fallbackActor);
  }

  private static String systemUser(Map<String, String> environment) {
    String user = environment.get("USER");
    if (user == null || user.isBlank()) {
      user = System.getProperty("user.name", "me");
    }
    return user;
  }

  /**
   * Whether another process committed to this profile since the last call: cheap enough to ask
   * every few milliseconds (SQLite's {@code PRAGMA data_version}).
   */
  public boolean changedElsewhere() {
    long version = store.dataVersion();
    boolean changed = version != lastDataVersion;
    lastDataVersion = version;
    return changed;
  }

  /** The sync side of this replica: pending operations, acknowledgements, rebase. */
  public SyncState sync() {
    return new SyncState(this);
  }

  void loggedIn(String user, String team) {
    actor = user;
    defaultTeam = team;
  }

  /** This replica's client id as last read from its store (a sync may have renewed it). */
  public String clientId() {
    return clientId;
  }

  /** Meta key: what happened the last time this profile took a new client id, for status. */
  static final String IDENTITY_NOTE = "identity_note";

  /**
   * Takes a new client id because the current one is shared with a copy of this profile (a copied
   * file, a restored backup): the server saw another operation under one of our sequence numbers.
   * Operations still pending are numbered anew under the new id, from 1, in their order, and
   * stamped with it (keeping their times), so they reach the server once, under a numbering no copy
   * uses. Acknowledged and synced ones stay as the server recorded them. Returns the new id.
   */
  String renewIdentity(StoreTxn txn, String why) {
    String old = txn.meta().get(CLIENT_ID).orElse(clientId);
    String renewed = UUID.randomUUID().toString();
    List<LoggedOp> pending = txn.opLog().inSequence(List.of(OpStatus.PENDING.text()), null, 0);
    long seq = 1;
    for (LoggedOp logged : pending) {
      Hlc stamp = logged.op().stamp();
      txn.opLog()
          .renumber(
              logged.op().id(),
              renewed,
              seq++,
              new Hlc(stamp.millis(), stamp.counter(), renewed).encode());
    }
    ClockState clock = txn.clock().read();
    txn.clock()
        .save(
            new ClockState(
                seq, clock.hlcMillis(), clock.hlcCounter(), clock.undoTop(), clock.redoTop()));
    txn.meta().put(CLIENT_ID, renewed);
    txn.meta()
        .put(
            IDENTITY_NOTE,
            wallClock.getAsLong()
                + " "
                + why
                + ": client id "
                + old
                + " is shared with a copy of this profile; now "
                + renewed
                + ", "
                + pending.size()
                + " pending operation"
                + (pending.size() == 1 ? "" : "s")
                + " numbered anew");
    clientId = renewed;
    return renewed;
  }

  /** The wall clock this replica's stamps follow. */
  LongSupplier wallClock() {
    return wallClock;
  }

  public String actor() {
    return actor;
  }

  public String defaultTeam() {
    return defaultTeam;
  }

  public Path file() {
    return store.file();
  }

  @Override
  public void close() {
    store.close();
  }

  // ---- actions -------------------------------------------------------------------------------

  public Issue create(NewIssue spec) {
    Map<IssueField, Object> values = new EnumMap<>(IssueField.class);
    values.put(IssueField.TITLE, spec.title() == null ? null : spec.title().strip());
    values.put(IssueField.STATE, spec.state() == null ? State.TODO : spec.state());
    values.put(IssueField.PRIORITY, spec.priority() == null ? Priority.NONE : spec.priority());
    if (spec.description() != null && !spec.description().isEmpty()) {
      values.put(IssueField.DESCRIPTION, spec.description());
    }
    if (spec.assignee() != null) {
      values.put(IssueField.ASSIGNEE, spec.assignee());
    }
    if (spec.labels() != null && !spec.labels().isEmpty()) {
      values.put(IssueField.LABELS, IssueField.labels(validLabels(spec.labels())));
    }
    if (spec.estimate() != null) {
      values.put(IssueField.ESTIMATE, spec.estimate());
    }
    String id = UUID.randomUUID().toString();
    try (StoreTxn txn = store.write()) {
      String team = spec.team() == null ? defaultTeam : teamKey(txn, spec.team());
      if (spec.parentRef() != null) {
        values.put(IssueField.PARENT, References.resolve(txn, spec.parentRef()));
      }
      record(txn, id, id, team, header -> new CreateIssue(header, values, null), Undo.ACTION);
      Issue created = txn.issues().get(id).orElseThrow();
      txn.commit();
      return created;
    }
  }

  /** Applies {@code edit}; an edit that changes nothing writes no operation. */
  public Issue update(String reference, IssueEdit edit) {
    try (StoreTxn txn = store.write()) {
      IssueData current = record(txn, reference).toData();
      Map<IssueField, Change<?>> changes = new EnumMap<>(IssueField.class);
      FieldEdits.put(
          changes, current, IssueField.TITLE, edit.title() == null ? null : edit.title().strip());
      FieldEdits.put(changes, current, IssueField.DESCRIPTION, edit.description());
      FieldEdits.put(changes, current, IssueField.STATE, edit.state());
      FieldEdits.put(changes, current, IssueField.PRIORITY, edit.priority());
      if (edit.clearAssignee()) {
        FieldEdits.unset(changes, current, IssueField.ASSIGNEE);
      } else {
        FieldEdits.put(changes, current, IssueField.ASSIGNEE, edit.assignee());
      }
      if (edit.clearEstimate()) {
        FieldEdits.unset(changes, current, IssueField.ESTIMATE);
      } else {
        FieldEdits.put(changes, current, IssueField.ESTIMATE, edit.estimate());
      }
      if (!edit.addLabels().isEmpty() || !edit.removeLabels().isEmpty()) {
        SortedSet<String> labels = new TreeSet<>(current.labels());
        labels.addAll(validLabels(edit.addLabels()));
        labels.removeAll(validLabels(edit.removeLabels()));
        FieldEdits.put(changes, current, IssueField.LABELS, IssueField.labels(labels));
      }
      if (edit.parentRef() != null) {
        String parent =
            edit.parentRef().isEmpty() ? null : References.resolve(txn, edit.parentRef());
        if (current.id().equals(parent)) {
          throw new InvalidInputException("an issue cannot be its own parent");
        }
        if (parent == null) {
          FieldEdits.unset(changes, current, IssueField.PARENT);
        } else {
          FieldEdits.put(changes, current, IssueField.PARENT, parent);
        }
      }
      FieldEdits.put(changes, current, IssueField.ARCHIVED, edit.archived());
      if (changes.isEmpty()) {
        Issue unchanged = txn.issues().get(current.id()).orElseThrow();
        txn.commit();
        return unchanged;
      }
      Recorded written =
          record(
              txn,
              current.id(),
              current.id(),
              current.team(),
              header -> new UpdateIssue(header, changes),
              Undo.ACTION,
              current);
      if (written.openConflicts()) {
        settleConflicts(txn, current.id(), changes, written.op());
      }
      // The issue as written, from the same apply that wrote it (OpEffect), not read back: only
      // its comments come from the store.
      IssueData after = ((UpdateIssue) written.op()).apply(current);
      Issue updated = txn.issues().withComments(IssueRecord.of(after));
      txn.commit();
      return updated;
    }
  }

  public Comment comment(String reference, String body) {
    // Refuse an empty comment before looking the issue up: the text is what the user got wrong.
    CreateComment.checkBody(body);
    String id = UUID.randomUUID().toString();
    try (StoreTxn txn = store.write()) {
      IssueRecord issue = record(txn, reference);
      record(
          txn,
          id,
          issue.id(),
          issue.team(),
          header -> new CreateComment(header, issue.id(), body, null, null),
          Undo.ACTION);
      Comment created = txn.comments().get(IssueTable.VIEW, id).orElseThrow();
      txn.commit();
      return created;
    }
  }

  /**
   * Deletes a comment, named by its id or a unique prefix of it, with an {@link UpdateComment}: the
   * comment stays in the store marked deleted, so history shows it and undo brings it back.
   */
  public Comment deleteComment(String reference) {
    try (StoreTxn txn = store.write()) {
      String id = commentId(txn, reference);
      Comment comment = txn.comments().get(IssueTable.VIEW, id).orElseThrow();
      if (txn.comments().isDeleted(IssueTable.VIEW, id)) {
        throw new InvalidInputException("comment " + reference + " is already deleted");
      }
      IssueRecord issue = record(txn, comment.issueId());
      record(
          txn,
          id,
          issue.id(),
          issue.team(),
          header -> new UpdateComment(header, new Change<>(true, false)),
          Undo.ACTION);
      txn.commit();
      return comment;
    }
  }

  /**
   * The comment {@code reference} (an id or a unique prefix of 4 or more) names, deleted or not.
   */
  public Comment findComment(String reference) {
    try (StoreTxn txn = store.read()) {
      return txn.comments().get(IssueTable.VIEW, commentId(txn, reference)).orElseThrow();
    }
  }

  /**
   * Rewrites a comment's text with an {@link UpdateComment} whose base is the text shown now, so a
   * concurrent edit merges or is reported as a conflict (docs/sync.md). Only the comment's author
   * may edit it: checked here, offline, and again by the server.
   */
  public Comment editComment(String reference, String body) {
    CreateComment.checkBody(body);
    try (StoreTxn txn = store.write()) {
      String id = commentId(txn, reference);
      Comment comment = txn.comments().get(IssueTable.VIEW, id).orElseThrow();
      if (!comment.author().equals(actor)) {
        throw new InvalidInputException(
            "only the author of comment " + reference + " (" + comment.author() + ") may edit it");
      }
      if (txn.comments().isDeleted(IssueTable.VIEW, id)) {
        throw new InvalidInputException(
            "comment " + reference + " is deleted ('tern undo' brings it back)");
      }
      if (comment.body().equals(body)) {
        throw new InvalidInputException("the comment already says that; nothing changed");
      }
      IssueRecord issue = record(txn, comment.issueId());
      record(
          txn,
          id,
          issue.id(),
          issue.team(),
          header -> new UpdateComment(header, null, new Change<>(body, comment.body())),
          Undo.ACTION);
      Comment edited = txn.comments().get(IssueTable.VIEW, id).orElseThrow().asEdited();
      txn.commit();
      return edited;
    }
  }

  /** The id of the one comment {@code reference} (an id or a prefix of 4 or more) names. */
  private static String commentId(StoreTxn txn, String reference) {
    String prefix = reference.trim().toLowerCase(Locale.ROOT);
    if (prefix.length() < 4 || !prefix.matches("[0-9a-f-]+")) {
      throw new InvalidInputException(
          "'" + reference + "' is not a comment id (4 or more of its first characters)");
    }
    List<String> ids = txn.comments().idsStartingWith(IssueTable.VIEW, prefix, 2);
    if (ids.isEmpty()) {
      throw new NotFoundException("no comment matches '" + reference + "'");
    }
    if (ids.size() > 1) {
      throw new InvalidInputException("comment id " + reference + " is ambiguous: give more of it");
    }
    return ids.get(0);
  }

  /** What an undo or redo did: the action it reversed and the operation it wrote. */
  public record Reversal(LogEntry reversed, Op written, String issueKey) {}

  /** Reverses the user's last action with a new operation; empty when there is nothing to undo. */
  public Optional<Reversal> undo() {
    return undo(false);
  }

  /**
   * Reverses the user's last action. A field someone else has changed since (or whose edit lost a
   * collision) is not written back unless {@code force}: the undo is refused with the reason, and
   * the action stays on the stack.
   */
  public Optional<Reversal> undo(boolean force) {
    return reverse(StoreTxn::undoStack, Undo.UNDO, force);
  }

  /** Reverses the last undo with a new operation; empty when there is nothing to redo. */
  public Optional<Reversal> redo() {
    return redo(false);
  }

  /** Reverses the last undo, refusing as {@link #undo(boolean)} does unless {@code force}. */
  public Optional<Reversal> redo(boolean force) {
    return reverse(StoreTxn::redoStack, Undo.REDO, force);
  }

  private Optional<Reversal> reverse(Function<StoreTxn, OpStack> stack, Undo kind, boolean force) {
    try (StoreTxn txn = store.write()) {
      Optional<Reversal> done = UndoRedo.reverse(this, txn, stack.apply(txn), kind, force);
      if (done.isPresent()) {
        txn.commit();
      }
      return done;
    }
  }

  /** What {@link #atomically} runs. */
  @FunctionalInterface
  public interface Step {
    /** Returns true to commit, false to roll everything back. */
    boolean run() throws Exception;
  }

  /**
   * Runs {@code body} in one transaction: every action inside joins it, and nothing is kept unless
   * {@code body} returns true and every action succeeded.
   */
  public boolean atomically(Step body) throws Exception {
    try (StoreTxn txn = store.atomic()) {
      if (!body.run()) {
        return false;
      }
      txn.commit();
      return true;
    }
  }

  // ---- import and export --------------------------------------------------------------------

  /**
   * Imports JSONL issues, UTF-8 bytes from a file or standard input, in one transaction; see {@link
   * Exchange}. Import is not undoable.
   */
  public Exchange.Imported importIssues(java.io.InputStream in) throws java.io.IOException {
    try (StoreTxn txn = store.write()) {
      Exchange.Imported imported = Exchange.importFrom(this, txn, in);
      txn.commit();
      return imported;
    }
  }

  /** Writes every issue, archived ones and comments included, as JSONL. */
  public void export(java.io.Writer out) {
    try (StoreTxn txn = store.read()) {
      Exchange.export(txn, out);
    }
  }

  // ---- queries -------------------------------------------------------------------------------

  public List<Issue> list(IssueQuery query) {
    try (StoreTxn txn = store.read()) {
      return txn.issues().find(query.forStore());
    }
  }

  /**
   * The number of issues {@code query} matches when its limit is ignored, counted up to {@code
   * atMost} (a larger number comes back as {@code atMost}): what a cut list says about the rest.
   */
  public int count(IssueQuery query, int atMost) {
    try (StoreTxn txn = store.read()) {
      return txn.issues().count(query.forStore(), atMost);
    }
  }

  public Issue show(String reference) {
    try (StoreTxn txn = store.read()) {
      Issue issue = txn.issues().get(References.resolve(txn, reference)).orElseThrow();
      if (issue.comments().isEmpty()) {
        return issue;
      }
      // Whether a comment was edited is not a column: the operation log knows, for every edit
      // this replica made or received.
      Set<String> edited = new HashSet<>();
      for (LoggedOp logged : txn.opLog().onIssue(issue.id())) {
        if (logged.op() instanceof UpdateComment update && update.body() != null) {
          edited.add(update.entity());
        }
      }
      if (edited.isEmpty()) {
        return issue;
      }
      List<Comment> comments =
          issue.comments().stream()
              .map(comment -> edited.contains(comment.id()) ? comment.asEdited() : comment)
              .toList();
      return new Issue(
          issue.id(),
          issue.team(),
          issue.number(),
          issue.title(),
          issue.description(),
          issue.state(),
          issue.priority(),
          issue.assignee(),
          issue.labels(),
          issue.estimate(),
          issue.parent(),
          issue.creator(),
          issue.createdAt(),
          issue.updatedAt(),
          issue.archived(),
          comments);
    }
  }

  /** The issue's id, for a reference; throws when there is none or it is ambiguous. */
  public String resolve(String reference) {
    try (StoreTxn txn = store.read()) {
      return References.resolve(txn, reference);
    }
  }

  public List<LogEntry> log(boolean pendingOnly, int limit) {
    try (StoreTxn txn = store.read()) {
      return txn
          .opLog()
          .recent(pendingOnly ? List.of(OpStatus.PENDING.text()) : null, limit)
          .stream()
          .map(LogEntry::of)
          .toList();
    }
  }

  public List<LogEntry> history(String reference) {
    try (StoreTxn txn = store.read()) {
      return txn.opLog().onIssue(References.resolve(txn, reference)).stream()
          .map(LogEntry::of)
          .toList();
    }
  }

  /** Keys of issues by id, for rendering the log. */
  public Map<String, String> keys(List<String> issueIds) {
    Map<String, String> keys = new TreeMap<>();
    try (StoreTxn txn = store.read()) {
      for (String id : issueIds) {
        if (!keys.containsKey(id)) {
          keys.put(
              id,
              txn.issues()
                  .get(id)
                  .map(Issue::key)
                  // An id from another server may be shorter than a short id.
                  .orElse(id.substring(0, Math.min(id.length(), Issue.SHORT_ID_LENGTH))));
        }
      }
    }
    return keys;
  }

  /** Conflict records, oldest first; only open ones if asked. */
  public List<Conflict> conflicts(boolean openOnly) {
    try (StoreTxn txn = store.read()) {
      return txn.conflicts().list(openOnly ? Conflict.Status.OPEN : null);
    }
  }

  /** Every label in use on a non-archived issue, with how many issues carry it. */
  public java.util.Map<String, Integer> labelCounts() {
    try (StoreTxn txn = store.read()) {
      return txn.issues().countByLabel();
    }
  }

  /** The conflict record whose id starts with {@code reference}; throws when none or several. */
  public Conflict conflict(String reference) {
    String prefix = reference.trim();
    if (prefix.isEmpty()) {
      throw new InvalidInputException("a conflict id is needed (see tern conflicts)");
    }
    try (StoreTxn txn = store.read()) {
      List<Conflict> found = txn.conflicts().withIdPrefix(prefix);
      List<Conflict> exact = found.stream().filter(c -> c.id().equals(prefix)).toList();
      if (!exact.isEmpty()) {
        return exact.get(0);
      }
      if (found.isEmpty()) {
        throw new NotFoundException("no conflict " + reference + " (see tern conflicts --all)");
      }
      if (found.size() > 1) {
        throw new InvalidInputException(
            "conflict id "
                + reference
                + " is ambiguous: give more of it (see tern conflicts --all)");
      }
      return found.get(0);
    }
  }

  /** How {@link #resolveConflict} settles a conflict. */
  public enum Choice {
    /** Your lost value, written again by a new operation. */
    MINE,
    /** The value that won stays; nothing is written. */
    THEIRS,
    /** A value the user wrote (from {@link #conflictMerge}), written by a new operation. */
    EDITED
  }

  /** A settled conflict and the operation that settled it (null when nothing was written). */
  public record Settled(Conflict conflict, Op written) {}

  /**
   * Settles an open conflict. MINE and EDITED write an ordinary update of the field (it syncs,
   * shows in history and undo reverses it); EDITED refuses a text with conflict markers left in it.
   */
  public Settled resolveConflict(String reference, Choice choice, String edited) {
    Conflict conflict = openConflict(reference);
    if (conflict.field().equals(UpdateComment.BODY)) {
      throw new InvalidInputException(
          "a comment's conflict is not resolved here yet: 'tern conflicts dismiss "
              + reference
              + "', then 'tern comment edit' the comment");
    }
    IssueField field = IssueField.ofWireName(conflict.field());
    if (choice == Choice.EDITED) {
      int line = MarkedMerge.firstMarker(edited);
      if (line > 0) {
        throw new InvalidInputException(
            "a conflict marker is left on line " + line + "; nothing changed");
      }
    }
    try (StoreTxn txn = store.write()) {
      Op written = null;
      if (choice != Choice.THEIRS) {
        IssueData current = record(txn, conflict.issueId()).toData();
        String text = choice == Choice.MINE ? conflict.mine() : edited;
        Map<IssueField, Change<?>> changes = new EnumMap<>(IssueField.class);
        if (text == null || (field == IssueField.DESCRIPTION && text.isEmpty())) {
          FieldEdits.unset(changes, current, field);
        } else {
          FieldEdits.put(changes, current, field, field.parse(text));
        }
        if (!changes.isEmpty()) {
          written =
              record(
                  txn,
                  current.id(),
                  current.id(),
                  current.team(),
                  header -> new UpdateIssue(header, changes),
                  Undo.ACTION);
          settleConflicts(txn, current.id(), changes, written);
        }
      }
      txn.conflicts()
          .settle(
              conflict.id(),
              written == null ? choice.name().toLowerCase(Locale.ROOT) : written.id());
      Conflict settled =
          txn.conflicts().withIdPrefix(conflict.id()).stream().findFirst().orElse(conflict);
      txn.commit();
      return new Settled(settled, written);
    }
  }

  /** Closes an open conflict without an edit. */
  public Conflict dismissConflict(String reference) {
    Conflict conflict = openConflict(reference);
    try (StoreTxn txn = store.write()) {
      txn.conflicts().settle(conflict.id(), "dismissed");
      Conflict settled = txn.conflicts().withIdPrefix(conflict.id()).get(0);
      txn.commit();
      return settled;
    }
  }

  /**
   * The text to edit when settling a conflict by hand: the field's value now (the winner's, with
   * any later edits) and yours merged over the base, overlapping lines between conflict markers.
   */
  public String conflictMerge(String reference) {
    Conflict conflict = openConflict(reference);
    try (StoreTxn txn = store.read()) {
      IssueData current = record(txn, conflict.issueId()).toData();
      IssueField field = IssueField.ofWireName(conflict.field());
      Object now = current.get(field);
      String theirs = field.format(now);
      return MarkedMerge.merge(
          conflict.base(),
          theirs,
          conflict.mine(),
          "theirs (" + conflict.theirActor() + ", kept)",
          "mine (yours, lost)");
    }
  }

  private Conflict openConflict(String reference) {
    Conflict conflict = conflict(reference);
    if (conflict.status() != Conflict.Status.OPEN) {
      throw new InvalidInputException(
          "conflict " + reference + " is settled already (" + conflict.status().text() + ")");
    }
    return conflict;
  }

  /** An edit of a field settles the open conflicts about it: the user has said what it holds. */
  private static void settleConflicts(
      StoreTxn txn, String issue, Map<IssueField, Change<?>> changes, Op written) {
    for (IssueField field : changes.keySet()) {
      for (Conflict open : txn.conflicts().open(issue, field.wireName())) {
        txn.conflicts().settle(open.id(), written.id());
      }
    }
  }

  /**
   * Operations the server refused that the user has not yet moved or discarded, oldest first, each
   * with the server's reason.
   */
  public List<LogEntry> rejections() {
    try (StoreTxn txn = store.read()) {
      return openRejections(txn, null).stream().map(LogEntry::of).toList();
    }
  }

  /**
   * The issues with operations the server refused that the user has not yet moved or discarded,
   * each with the first refusal's reason: what {@code ls} and {@code show} flag.
   */
  public Map<String, String> refusals() {
    return refusals(null);
  }

  /**
   * {@link #refusals()} of one issue ({@code issueId}; null: of every issue). {@code show} asks for
   * its issue alone: that reads the few index entries of one issue, where every issue's refusals
   * scan every open operation (docs/performance.md, "Batch").
   */
  public Map<String, String> refusals(String issueId) {
    try (StoreTxn txn = store.read()) {
      Map<String, String> refused = new TreeMap<>();
      for (LoggedOp logged : openRejections(txn, issueId)) {
        refused.putIfAbsent(logged.issue(), logged.note() == null ? "rejected" : logged.note());
      }
      return refused;
    }
  }

  /**
   * Sends an issue the server refused again under {@code team} (one of the teams this profile
   * knows): its refused operations are written anew, in order, as pending operations of that team,
   * and the refused ones are marked moved. Returns the issue as it now stands.
   */
  public Issue moveRejected(String reference, String team) {
    try (StoreTxn txn = store.write()) {
      String issue = References.resolve(txn, reference);
      List<LoggedOp> refused = openRejections(txn, issue);
      if (refused.isEmpty()) {
        throw new InvalidInputException("nothing of " + reference + " was refused by the server");
      }
      String key = team.trim().toUpperCase(Locale.ROOT);
      Map<String, String> teams = txn.teams().all();
      if (!teams.containsKey(key) || OFFLINE_TEAM.equals(key)) {
        throw new InvalidInputException(
            "unknown team '" + key + "' (your teams: " + String.join(", ", teams.keySet()) + ")");
      }
      for (LoggedOp logged : refused) {
        txn.opLog().setOutcome(logged.op().id(), OpStatus.MOVED);
      }
      for (LoggedOp logged : refused) {
        Op old = logged.op();
        Map<String, Change<String>> changes = old.changes();
        record(
            txn,
            old.entity(),
            issue,
            key,
            header -> Op.fromText(header, old.kind(), changes),
            Undo.NONE);
      }
      SyncState.rebase(txn, Map.of(issue, true));
      Issue moved = txn.issues().get(issue).orElseThrow();
      txn.commit();
      return moved;
    }
  }

  /** Gives up what the server refused of an issue; an issue it never accepted leaves the view. */
  public int discardRejected(String reference) {
    try (StoreTxn txn = store.write()) {
      String issue = References.resolve(txn, reference);
      List<LoggedOp> refused = openRejections(txn, issue);
      if (refused.isEmpty()) {
        throw new InvalidInputException("nothing of " + reference + " was refused by the server");
      }
      for (LoggedOp logged : refused) {
        txn.opLog().setOutcome(logged.op().id(), OpStatus.DISCARDED);
      }
      SyncState.rebase(txn, Map.of(issue, true));
      txn.commit();
      return refused.size();
    }
  }

  private static List<LoggedOp> openRejections(StoreTxn txn, String issue) {
    return txn.opLog().inSequence(List.of(OpStatus.REJECTED.text()), issue, 0).stream()
        .filter(logged -> OpStatus.OPEN_REJECTION.equals(logged.outcome()))
        .toList();
  }

  /** The issue with this id, if this replica holds it (archived ones included). */
  public Optional<Issue> issue(String id) {
    try (StoreTxn txn = store.read()) {
      return txn.issues().get(id);
    }
  }

  public ReplicaStatus status() {
    try (StoreTxn txn = store.read()) {
      return new ReplicaStatus(
          store.file().toString(),
          txn.meta().get(CLIENT_ID).orElse(clientId),
          actor,
          defaultTeam,
          txn.meta().get(SERVER).orElse(null),
          Long.parseLong(txn.meta().get(CURSOR).orElse("0")),
          txn.meta().get(LAST_SYNC).map(Long::parseLong).orElse(null),
          txn.opLog().count(OpStatus.PENDING.text()),
          txn.opLog().count(OpStatus.REJECTED.text(), OpStatus.OPEN_REJECTION),
          txn.conflicts().count(Conflict.Status.OPEN),
          txn.issues().count(),
          txn.issues().countByState(),
          txn.meta().get(IDENTITY_NOTE).orElse(null));
    }
  }

  // ---- the operation log ---------------------------------------------------------------------

  /** How an operation takes part in undo and redo. */
  enum Undo {
    /** A user action: undoable, and it ends any run of redo. */
    ACTION,
    /** Written by undo: redo reverses it. */
    UNDO,
    /** Written by redo: undo reverses it again. */
    REDO,
    /** Not undoable (import). */
    NONE
  }

  /**
   * Logs a new operation and applies it to the view. The sequence number and clock are read and
   * advanced inside the write transaction, so concurrent processes on one profile still produce a
   * gap-free sequence and ordered stamps.
   */
  Op record(
      StoreTxn txn,
      String entity,
      String issue,
      String team,
      Function<OpHeader, Op> build,
      Undo undo) {
    return record(txn, entity, issue, team, build, undo, null).op();
  }

  /** An operation just recorded, and whether the profile had any open conflict when it was. */
  record Recorded(Op op, boolean openConflicts) {}

  /**
   * {@link #record(StoreTxn, String, String, String, Function, Undo)}, where {@code known} is the
   * issue as the caller just read it in this transaction (or null): an update applies to it instead
   * of reading the row again.
   */
  Recorded record(
      StoreTxn txn,
      String entity,
      String issue,
      String team,
      Function<OpHeader, Op> build,
      Undo undo,
      IssueData known) {
    // One statement for the clock, the client id and the open-conflict flag. The client id is
    // read every time: another process on this profile may have renewed it since we opened it.
    ClockTable.Stamping stamping = txn.clock().stamping();
    if (stamping.clientId() != null) {
      clientId = stamping.clientId();
    }
    ClockState clock = stamping.clock();
    HlcClock hlc = new HlcClock(clientId, wallClock, clock.hlcMillis(), clock.hlcCounter());
    Hlc stamp = hlc.tick();
    Op op =
        build.apply(
            new OpHeader(
                UUID.randomUUID().toString(),
                clientId,
                clock.nextSeq(),
                stamp,
                actor,
                entity,
                team));
    op.validate();
    // The server's rules for text shown to other people, applied where the text is made: an
    // operation the server would refuse is refused here, before it is recorded.
    TextRules.shared(op);
    // The undo and redo stacks are chains through the ops rows with their tops in the clock row
    // (store/OpStack.java): a push is a column of the op row and of the clock row, no row of its
    // own.
    String undoTop = clock.undoTop();
    String redoTop = clock.redoTop();
    String below = null;
    switch (undo) {
      case ACTION -> {
        below = undoTop;
        undoTop = op.id();
        redoTop = null;
      }
      case UNDO -> {
        below = redoTop;
        redoTop = op.id();
      }
      case REDO -> {
        below = undoTop;
        undoTop = op.id();
      }
      case NONE -> {}
    }
    txn.opLog().append(op, issue, OpStatus.PENDING.text(), below);
    if (known != null && op instanceof UpdateIssue update && known.id().equals(op.entity())) {
      OpEffect.updateIssue(txn, IssueTable.VIEW, update, known);
    } else {
      OpEffect.apply(txn, IssueTable.VIEW, op);
    }
    txn.clock()
        .save(
            new ClockState(clock.nextSeq() + 1, stamp.millis(), stamp.counter(), undoTop, redoTop));
    return new Recorded(op, stamping.openConflicts());
  }

  /** How far ahead of our wall clock a remote stamp may pull our clock. */
  static final long MAX_CLOCK_LEAD_MS = 24L * 60 * 60 * 1000;

  /**
   * Folds a stamp seen from another replica into the persisted clock, so every stamp this replica
   * makes afterwards sorts after it: an edit made after seeing another edit is later, whatever the
   * two machines' wall clocks say. A stamp more than a day ahead of our wall clock is not followed
   * (a broken clock elsewhere must not drag ours along for good).
   */
  void receive(StoreTxn txn, Hlc remote) {
    if (remote.millis() > wallClock.getAsLong() + MAX_CLOCK_LEAD_MS) {
      return;
    }
    ClockState clock = txn.clock().read();
    HlcClock hlc = new HlcClock(clientId, wallClock, clock.hlcMillis(), clock.hlcCounter());
    hlc.receive(remote);
    if (hlc.lastMillis() != clock.hlcMillis() || hlc.lastCounter() != clock.hlcCounter()) {
      txn.clock()
          .save(
              new ClockState(
                  clock.nextSeq(),
                  hlc.lastMillis(),
                  hlc.lastCounter(),
                  clock.undoTop(),
                  clock.redoTop()));
    }
  }

  private IssueRecord record(StoreTxn txn, String reference) {
    // A full id (what scripts and batch pass) is looked up once, not once to resolve it and again
    // to read it; anything else, or an id not here, goes through References for its errors.
    String trimmed = reference.trim();
    if (trimmed.length() == FULL_ID_LENGTH) {
      Optional<IssueRecord> direct =
          txn.issues().record(IssueTable.VIEW, trimmed.toLowerCase(Locale.ROOT));
      if (direct.isPresent()) {
        return direct.get();
      }
    }
    String id = References.resolve(txn, reference);
    return txn.issues()
        .record(IssueTable.VIEW, id)
        .orElseThrow(() -> new NotFoundException("no issue " + reference));
  }

  private String teamKey(StoreTxn txn, String team) {
    String key = team.trim().toUpperCase(Locale.ROOT);
    if (!TEAM_KEY.matcher(key).matches()) {
      throw new InvalidInputException(
          "invalid team key '" + team + "': letters, digits and '_', starting with a letter");
    }
    Map<String, String> teams = txn.teams().all();
    if (!teams.containsKey(key)) {
      if (txn.meta().get(SERVER).isPresent()) {
        throw new InvalidInputException(
            "unknown team '" + key + "' (your teams: " + String.join(", ", teams.keySet()) + ")");
      }
      txn.teams().put(key, key);
    }
    return key;
  }

  private static List<String> validLabels(List<String> labels) {
    return labels.stream().map(Labels::validate).toList();
  }
}
