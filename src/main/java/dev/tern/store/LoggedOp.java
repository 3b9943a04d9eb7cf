package dev.tern.store;

import dev.tern.op.Op;

/**
 * An operation as the local log holds it.
 *
 * @param issue the issue it concerns (the entity itself, or a comment's issue)
 * @param status the status column's text; the replica gives it meaning
 * @param syncId the server's sync id once acknowledged
 * @param outcome the server's verdict (applied, merged, conflict, rejected, duplicate)
 * @param note why the server rejected it, when it did
 */
public record LoggedOp(
    Op op, String issue, String status, Long syncId, String outcome, String note) {}
