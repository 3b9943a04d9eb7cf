package dev.tern.op;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One user action, as it is logged locally and sent to the server.
 *
 * @param id unique id of the operation (a UUID)
 * @param clientId the replica that made it
 * @param seq the replica's sequence number: 1, 2, 3, ... without gaps
 * @param stamp when it was made, on the hybrid logical clock
 * @param actor the user who made it
 * @param entity id of the issue or comment it acts on
 * @param team key of the team that owns the entity
 * @param changes per field, the value written and the base value seen
 */
public record Op(
    String id,
    String clientId,
    long seq,
    Hlc stamp,
    String actor,
    Kind kind,
    String entity,
    String team,
    SortedMap<String, Change> changes) {

  public Op {
    changes = Collections.unmodifiableSortedMap(new TreeMap<>(changes));
  }

  public Change change(String field) {
    return changes.get(field);
  }

  /** The new values only, field by field. */
  public Map<String, String> values() {
    Map<String, String> values = new TreeMap<>();
    changes.forEach((field, change) -> values.put(field, change.value()));
    return values;
  }
}
