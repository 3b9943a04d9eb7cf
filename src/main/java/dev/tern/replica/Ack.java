package dev.tern.replica;

import dev.tern.op.Outcome;

/**
 * The server's answer about one pushed operation.
 *
 * @param syncId the sync id it was given, or null when it was rejected
 * @param outcome applied, merged, superseded, duplicate or rejected
 * @param reason why it was rejected (a code and message), else null
 */
public record Ack(String opId, Long syncId, Outcome outcome, String reason) {
  public boolean rejected() {
    return outcome == Outcome.REJECTED;
  }
}
