package dev.tern.op;

import dev.tern.model.InvalidInputException;
import dev.tern.model.Labels;
import dev.tern.model.Priority;
import dev.tern.model.State;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Creates an issue whose id is {@code header.entity()}.
 *
 * @param values the fields the author set, typed; fields left out take the create defaults
 * @param createdAt when the issue was made, if not now: {@code tern import} keeps original times
 */
public record CreateIssue(OpHeader header, Map<IssueField, Object> values, Long createdAt)
    implements Op {

  /** The text-form name of {@link #createdAt} among the changes. */
  public static final String CREATED_AT = "created_at";

  /** A field given no value (null) is left out: it takes the create default. */
  public CreateIssue {
    EnumMap<IssueField, Object> copy = new EnumMap<>(IssueField.class);
    values.forEach(
        (field, value) -> {
          if (value != null) {
            copy.put(field, value);
          }
        });
    values = Collections.unmodifiableMap(copy);
  }

  @Override
  public Kind kind() {
    return Kind.CREATE_ISSUE;
  }

  @Override
  public SortedMap<String, Change<String>> changes() {
    SortedMap<String, Change<String>> changes = new TreeMap<>();
    values.forEach(
        (field, value) -> changes.put(field.wireName(), new Change<>(field.format(value), null)));
    if (createdAt != null) {
      changes.put(CREATED_AT, new Change<>(Long.toString(createdAt), null));
    }
    return changes;
  }

  static CreateIssue fromText(OpHeader header, Map<String, Change<String>> changes) {
    Map<IssueField, Object> values = new EnumMap<>(IssueField.class);
    Long createdAt = null;
    for (Map.Entry<String, Change<String>> entry : changes.entrySet()) {
      String text = entry.getValue().value();
      if (entry.getKey().equals(CREATED_AT)) {
        createdAt = text == null ? null : IssueField.parseLong(CREATED_AT, text);
      } else {
        IssueField field = fieldOf(Kind.CREATE_ISSUE, entry.getKey());
        if (text != null) {
          values.put(field, field.parse(text));
        }
      }
    }
    return new CreateIssue(header, values, createdAt);
  }

  /** The issue field {@code name} names; an operation of {@code kind} cannot carry another. */
  static IssueField fieldOf(Kind kind, String name) {
    try {
      return IssueField.ofWireName(name);
    } catch (InvalidInputException e) {
      throw new InvalidInputException(kind.wireName() + " cannot carry field '" + name + "'");
    }
  }

  @Override
  public void validate() {
    IssueField.TITLE.validate(values.get(IssueField.TITLE));
    values.forEach(IssueField::validate);
    if (createdAt != null && createdAt < 0) {
      throw new InvalidInputException("created_at must not be negative");
    }
  }

  /**
   * The new issue. The create defaults, the same on every replica and on the server: description
   * empty, state {@code todo}, priority none, no assignee, labels, estimate or parent, not
   * archived. The creator is the operation's actor; the issue was created at {@code createdAt} when
   * given, else at the operation's stamp, and last updated at the later of the two. The number is
   * the server's to give.
   */
  public IssueData apply() {
    long created = createdAt != null ? createdAt : header.stamp().millis();
    return new IssueData(
        header.entity(),
        header.team(),
        null,
        (String) values.get(IssueField.TITLE),
        (String) values.getOrDefault(IssueField.DESCRIPTION, ""),
        (State) values.getOrDefault(IssueField.STATE, State.TODO),
        (Priority) values.getOrDefault(IssueField.PRIORITY, Priority.NONE),
        (String) values.get(IssueField.ASSIGNEE),
        IssueField.labelSet(values.getOrDefault(IssueField.LABELS, Labels.EMPTY)),
        (Long) values.get(IssueField.ESTIMATE),
        (String) values.get(IssueField.PARENT),
        header.actor(),
        created,
        Math.max(created, header.stamp().millis()),
        (Boolean) values.getOrDefault(IssueField.ARCHIVED, false));
  }
}
