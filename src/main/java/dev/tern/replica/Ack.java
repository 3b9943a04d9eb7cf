package dev.tern.replica;

import dev.tern.op.Outcome;

/**
 * The server's answer about one pushed operation.
 *
 * @param syncId the sync id it was given, or null when it was rejected
 * @param outcome applied, merged, superseded, duplicate or rejected
 * @param reason why it was rejected (a code and message), else null
 * @param number the number the server gave the issue a create made, else null
 * @param prior when set, the operation took effect exactly as its own apply on the entity's state
 *     at this sync id (0: a create), so the replica may confirm it without waiting for its delta
 */
public record Ack(
    String opId, Long syncId, Outcome outcome, String reason, Long number, Long prior) {
  /** An answer that says nothing about how the operation took effect. */
  public Ack(String opId, Long syncId, Outcome outcome, String reason) {
    this(opId, syncId, outcome, reason, null, null);
  }

  public boolean rejected() {
    return outcome == Outcome.REJECTED;
  }
}
