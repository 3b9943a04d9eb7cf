package dev.tern.store;

import java.util.Map;

/**
 * An issue row in the text form operations use: {@code fields} holds every field of {@link
 * dev.tern.op.Fields#ISSUE_FIELDS}, so a base value can be read straight from it.
 */
public record IssueRecord(
    String id,
    String team,
    Long number,
    String creator,
    long createdAt,
    long updatedAt,
    Map<String, String> fields) {

  public String field(String name) {
    return fields.get(name);
  }
}
