package dev.tern.protocol;

import dev.tern.op.Outcome;

/**
 * The server's answer for one pushed operation.
 *
 * @param syncId the operation's place in the server log; null when it was rejected
 * @param code why it was rejected; null otherwise
 * @param message a readable reason for a rejection; null otherwise
 * @param number the number the server gave the issue an {@code issue.create} made; null otherwise
 * @param prior set only when the operation took effect exactly as its own {@code apply} on the
 *     entity's state at sync id {@code prior} (0 for a create: no state before it), with no merge,
 *     conflict or clock correction; a client whose synced copy of the entity is at that state can
 *     then confirm the operation itself, without waiting for its delta (docs/sync.md, "push →
 *     ack"). Null when the server does not say, which is always safe.
 */
public record AckResult(
    String opId,
    long seq,
    Long syncId,
    Outcome outcome,
    ErrorCode code,
    String message,
    Long number,
    Long prior) {

  /** An answer that says nothing about how the operation took effect. */
  public AckResult(
      String opId, long seq, Long syncId, Outcome outcome, ErrorCode code, String message) {
    this(opId, seq, syncId, outcome, code, message, null, null);
  }
}
