package dev.tern.sync;

/**
 * What one sync round did.
 *
 * @param pushed operations sent and answered
 * @param pulled other replicas' operations applied locally
 * @param conflicts conflict records received
 * @param bootstrapped whether the round began with a snapshot
 * @param pending operations still waiting afterwards
 * @param clockAhead the server's word that this machine's clock runs ahead of its own (some
 *     operations were dated at the server's time instead), or null
 */
public record SyncReport(
    int pushed,
    int applied,
    int merged,
    int superseded,
    int rejected,
    int pulled,
    int conflicts,
    boolean bootstrapped,
    long cursor,
    int pending,
    String clockAhead) {}
