package dev.tern.protocol;

import dev.tern.op.Outcome;

/**
 * The server's answer for one pushed operation.
 *
 * @param syncId the operation's place in the server log; null when it was rejected
 * @param code why it was rejected; null otherwise
 * @param message a readable reason for a rejection; null otherwise
 */
public record AckResult(
    String opId, long seq, Long syncId, Outcome outcome, ErrorCode code, String message) {}
