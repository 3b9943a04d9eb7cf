package dev.tern.server.store;

import dev.tern.op.Outcome;
import dev.tern.protocol.ErrorCode;

/**
 * How the server answered an operation it has seen before: accepted with a sync id, or rejected
 * with a code. A re-sent operation is answered with this again.
 *
 * @param syncId null for a rejection, or for an accepted op whose log entry was compacted away
 */
public record PriorResult(
    String opId,
    String clientId,
    long seq,
    Long syncId,
    Outcome outcome,
    ErrorCode code,
    String message) {}
