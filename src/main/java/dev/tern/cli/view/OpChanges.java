package dev.tern.cli.view;

import dev.tern.op.Change;
import dev.tern.op.CreateComment;
import dev.tern.op.CreateIssue;
import dev.tern.op.IssueField;
import dev.tern.op.Kind;
import dev.tern.op.Op;
import dev.tern.op.UpdateComment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the views show of an operation's effect: the action it was and the fields it changed. This
 * is the one place the views look inside an {@link Op}'s changes; the log, undo, redo and watch
 * lines and the log's JSON all read them from here.
 *
 * @param action what the user did
 * @param fields every changed field in field-name order
 */
record OpChanges(Action action, List<FieldChange> fields) {
  /** What the user did, in the word the log shows. */
  enum Action {
    CREATE("create"),
    EDIT("edit"),
    ARCHIVE("archive"),
    RESTORE("restore"),
    COMMENT("comment"),
    UNCOMMENT("uncomment"),
    EDIT_COMMENT("comment edited"),
    RECOMMENT("recomment");

    final String word;

    Action(String word) {
      this.word = word;
    }

    /** True when the operation made its entity: its fields have no values before. */
    boolean creates() {
      return this == CREATE || this == COMMENT;
    }
  }

  /** Field names as operations carry them (the text form of {@link IssueField} and the rest). */
  static final String TITLE = IssueField.TITLE.wireName();

  static final String DESCRIPTION = IssueField.DESCRIPTION.wireName();
  static final String PRIORITY = IssueField.PRIORITY.wireName();
  static final String LABELS = IssueField.LABELS.wireName();
  static final String ARCHIVED = IssueField.ARCHIVED.wireName();
  static final String BODY = CreateComment.BODY;
  static final String ISSUE = CreateComment.ISSUE;
  static final String DELETED = UpdateComment.DELETED;
  static final String CREATED_AT = CreateIssue.CREATED_AT;
  static final String WRITTEN_BY = CreateComment.WRITTEN_BY;

  /** One field: its name, the base value the author saw, the value written. */
  record FieldChange(String field, String base, String value) {}

  static OpChanges of(Op op) {
    List<FieldChange> fields = new ArrayList<>();
    for (Map.Entry<String, Change<String>> entry : op.changes().entrySet()) {
      fields.add(
          new FieldChange(entry.getKey(), entry.getValue().base(), entry.getValue().value()));
    }
    return new OpChanges(action(op.kind(), fields), List.copyOf(fields));
  }

  private static Action action(Kind kind, List<FieldChange> fields) {
    return switch (kind) {
      case CREATE_ISSUE -> Action.CREATE;
      case UPDATE_ISSUE ->
          fields.size() == 1 && fields.get(0).field().equals(ARCHIVED)
              ? ("true".equals(fields.get(0).value()) ? Action.ARCHIVE : Action.RESTORE)
              : Action.EDIT;
      case CREATE_COMMENT -> Action.COMMENT;
      case UPDATE_COMMENT ->
          value(fields, DELETED) == null
              ? Action.EDIT_COMMENT
              : "true".equals(value(fields, DELETED)) ? Action.UNCOMMENT : Action.RECOMMENT;
    };
  }

  /** The value written to {@code field}, or null when the operation leaves it alone. */
  String value(String field) {
    return value(fields, field);
  }

  private static String value(List<FieldChange> fields, String field) {
    for (FieldChange change : fields) {
      if (change.field().equals(field)) {
        return change.value();
      }
    }
    return null;
  }
}
