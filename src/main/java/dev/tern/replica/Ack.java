package dev.tern.replica;

/**
 * The server's answer about one pushed operation.
 *
 * @param syncId the sync id it was given, or null when it was rejected
 * @param outcome applied, merged, superseded, duplicate or rejected
 * @param reason why it was rejected (a code and message), else null
 */
public record Ack(String opId, Long syncId, String outcome, String reason) {
  public static final String REJECTED = "rejected";

  public boolean rejected() {
    return REJECTED.equals(outcome);
  }
}
