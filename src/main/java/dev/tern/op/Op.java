package dev.tern.op;

import java.util.Map;
import java.util.SortedMap;

/**
 * One user action, as it is logged locally, sent to the server and logged there: a shared {@link
 * OpHeader} and one record per {@link Kind}. Each kind is validated by its record and applied by
 * its record's {@code apply}, the one rule book both the client's view and the server's
 * reconciliation use (docs/sync.md, "One rule book").
 */
public sealed interface Op permits CreateIssue, UpdateIssue, CreateComment, UpdateComment {

  OpHeader header();

  Kind kind();

  /**
   * The changes in their text form, by field wire name: what the wire and the stores carry. Creates
   * have a null base for every field.
   */
  SortedMap<String, Change<String>> changes();

  /**
   * Checks the operation's values for its kind: required fields present, every value of the right
   * type and form. Throws {@link dev.tern.model.InvalidInputException} with the reason.
   */
  void validate();

  default String id() {
    return header().id();
  }

  default String clientId() {
    return header().clientId();
  }

  default long seq() {
    return header().seq();
  }

  default Hlc stamp() {
    return header().stamp();
  }

  default String actor() {
    return header().actor();
  }

  default String entity() {
    return header().entity();
  }

  default String team() {
    return header().team();
  }

  /** The text form of one field's change, or null when the operation does not change it. */
  default Change<String> change(String field) {
    return changes().get(field);
  }

  /**
   * An operation from its text form, as read from the wire or a store. Throws {@link
   * dev.tern.model.InvalidInputException} when a field is unknown for the kind or a value does not
   * parse; the result is not yet {@linkplain #validate() validated}.
   */
  static Op fromText(OpHeader header, Kind kind, Map<String, Change<String>> changes) {
    return fromText(header, kind, changes, false);
  }

  /**
   * An operation that was accepted once and kept: read from a store, or sent by the server. Such an
   * operation may predate today's checks, and refusing it would wedge the log that holds it, so a
   * base that does not parse for its field reads as no base, and a {@code deleted} change on a
   * comment create (which older servers accepted) is ignored.
   */
  static Op fromStored(OpHeader header, Kind kind, Map<String, Change<String>> changes) {
    return fromText(header, kind, changes, true);
  }

  private static Op fromText(
      OpHeader header, Kind kind, Map<String, Change<String>> changes, boolean stored) {
    return switch (kind) {
      case CREATE_ISSUE -> CreateIssue.fromText(header, changes);
      case UPDATE_ISSUE -> UpdateIssue.fromText(header, changes, stored);
      case CREATE_COMMENT -> CreateComment.fromText(header, changes, stored);
      case UPDATE_COMMENT -> UpdateComment.fromText(header, changes);
    };
  }
}
