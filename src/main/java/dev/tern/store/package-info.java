/**
 * The client store: one SQLite file per profile (WAL), its schema and migrations, and {@link
 * dev.tern.store.StoreTxn}, through which every read and write goes. A transaction hands out one
 * part per table or family of tables ({@link dev.tern.store.OpLog}, {@link
 * dev.tern.store.IssueRows}, ...); the parts offer plain row operations, and the replica decides
 * what they mean.
 */
package dev.tern.store;
