/**
 * The command line: picocli commands that parse, call the {@link dev.tern.replica.Replica} and hand
 * the result to a view in {@link dev.tern.cli.view}. Commands never touch the store or the server
 * directly, and print nothing from data themselves.
 */
package dev.tern.cli;
