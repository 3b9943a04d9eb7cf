package dev.tern.op;

/**
 * What every operation carries, whatever its kind.
 *
 * @param id unique id of the operation (a UUID)
 * @param clientId the replica that made it
 * @param seq the replica's sequence number: 1, 2, 3, ... without gaps
 * @param stamp when it was made, on the hybrid logical clock
 * @param actor the user who made it
 * @param entity id of the issue or comment it acts on
 * @param team key of the team that owns the entity
 */
public record OpHeader(
    String id, String clientId, long seq, Hlc stamp, String actor, String entity, String team) {}
