/**
 * The command line: picocli commands that parse, call the {@link dev.tern.replica.Replica} and
 * render. Commands never touch the store or the server directly.
 */
package dev.tern.cli;
