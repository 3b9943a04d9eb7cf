package dev.tern.protocol;

/**
 * An operation inside a {@code push} that could not be decoded (an unknown kind, a missing field).
 * It is answered with a rejection and never blocks the operations after it.
 *
 * @param id the operation id if it could be read, else null
 * @param seq the sequence number if it could be read, else 0
 */
public record UnreadableOp(String id, long seq, String reason) {}
