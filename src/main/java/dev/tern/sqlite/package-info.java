/**
 * What both ends' SQLite files share, below either store: switching a new file to WAL when other
 * processes open it at the same moment.
 */
package dev.tern.sqlite;
