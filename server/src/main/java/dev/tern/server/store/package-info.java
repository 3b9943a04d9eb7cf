/**
 * The server's storage: the op log with its global sync id, the current state of every issue and
 * comment, teams, users, clients and conflict records. One JDBC implementation serves SQLite and
 * PostgreSQL; their differences live in {@link dev.tern.server.store.Dialect}. The schema is
 * versioned and migrated on open ({@link dev.tern.server.store.Schema}).
 */
package dev.tern.server.store;
