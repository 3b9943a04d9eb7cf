package dev.tern.replica;

import dev.tern.model.Comment;
import dev.tern.op.Op;
import dev.tern.store.IssueRecord;

/**
 * One accepted operation from the server, with the state of its entity after the server applied it.
 * Exactly one of {@code issue} and {@code comment} is set.
 *
 * @param commentDeleted whether {@code comment} is deleted
 */
public record RemoteEntry(
    long syncId, Op op, IssueRecord issue, Comment comment, boolean commentDeleted) {}
