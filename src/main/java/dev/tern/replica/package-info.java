/**
 * The client engine and the one API the command line calls: every action becomes an operation
 * written with its effect in one transaction; queries read the local view; the sync client hands
 * server deltas in here to be rebased under pending operations.
 */
package dev.tern.replica;
