package dev.tern.protocol;

import dev.tern.op.Op;

/**
 * One accepted operation in the server log, with the whole state of its entity right after it.
 * Exactly one of {@code issue} and {@code comment} is set, matching the operation's kind.
 */
public record DeltaEntry(long syncId, Op op, IssueState issue, CommentState comment) {}
