/**
 * What the command line prints: one view per kind of result (issues, operations, conflicts, status,
 * sync), each owning its text form and its {@code --json} form. Every value that comes from data
 * goes through {@link dev.tern.cli.view.Text#printable} before it reaches the terminal.
 */
package dev.tern.cli.view;
