package dev.tern.replica;

import dev.tern.op.Op;
import dev.tern.store.LoggedOp;

/**
 * An operation of the local log, as {@code tern log}, {@code tern history} and undo show it.
 *
 * @param issue the issue it concerns (the entity itself, or a comment's issue)
 * @param syncId the server's sync id once acknowledged
 * @param outcome the server's verdict (applied, merged, conflict, rejected, duplicate)
 * @param note why the server rejected it, when it did
 */
public record LogEntry(
    Op op, String issue, OpStatus status, Long syncId, String outcome, String note) {

  static LogEntry of(LoggedOp logged) {
    return new LogEntry(
        logged.op(),
        logged.issue(),
        OpStatus.ofText(logged.status()),
        logged.syncId(),
        logged.outcome(),
        logged.note());
  }
}
