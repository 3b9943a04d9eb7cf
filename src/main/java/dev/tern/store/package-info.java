/**
 * The client store: one SQLite file per profile (WAL), its schema and migrations, and {@link
 * dev.tern.store.StoreTxn}, through which every read and write goes.
 */
package dev.tern.store;
