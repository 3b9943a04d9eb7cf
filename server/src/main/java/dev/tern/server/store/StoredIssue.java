package dev.tern.server.store;

import dev.tern.protocol.IssueState;
import java.util.Map;

/** An issue's current state and, per field, the operation that last wrote it. */
public record StoredIssue(IssueState state, Map<String, FieldWriter> writers) {
  public StoredIssue {
    writers = Map.copyOf(writers);
  }
}
