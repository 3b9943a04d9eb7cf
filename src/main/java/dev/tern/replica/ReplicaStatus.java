package dev.tern.replica;

import java.util.Map;

/**
 * What {@code tern status} reports.
 *
 * @param server the server URL once logged in, else null
 * @param cursor the highest server sync id applied
 * @param lastSync when the last successful sync ended (epoch ms), or null
 * @param pending operations waiting to be pushed
 * @param rejected operations the server refused
 * @param conflicts open conflict records
 * @param byState non-archived issues per state
 * @param identityNote when and why the profile last took a new client id (epoch ms, a space, the
 *     reason), or null
 */
public record ReplicaStatus(
    String store,
    String clientId,
    String user,
    String defaultTeam,
    String server,
    long cursor,
    Long lastSync,
    int pending,
    int rejected,
    int conflicts,
    int issues,
    Map<String, Integer> byState,
    String identityNote) {}
