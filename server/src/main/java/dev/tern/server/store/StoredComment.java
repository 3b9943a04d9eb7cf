package dev.tern.server.store;

import dev.tern.protocol.CommentState;
import java.util.Map;

/** A comment's current state, its team (that of its issue) and its fields' last writers. */
public record StoredComment(CommentState state, String team, Map<String, FieldWriter> writers) {
  public StoredComment {
    writers = Map.copyOf(writers);
  }
}
