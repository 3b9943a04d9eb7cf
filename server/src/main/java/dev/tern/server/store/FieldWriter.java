package dev.tern.server.store;

/**
 * Who last wrote a field of an entity on the server, kept so that a later concurrent edit can be
 * ordered against it and the loser can be told.
 *
 * @param stamp the writing operation's clock stamp ({@link dev.tern.op.Hlc#encode()})
 * @param base the value that writer had seen before writing
 */
public record FieldWriter(String stamp, String actor, String opId, String base) {}
