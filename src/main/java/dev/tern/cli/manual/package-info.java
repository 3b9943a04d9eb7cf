/**
 * Man pages written from picocli's model of the command tree: {@code tern(1)} and one page per
 * command ({@code tern-edit(1)}, {@code tern-server-user-add(1)}). The build writes them into
 * {@code target/man/man1} ({@link dev.tern.cli.manual.ManPages#main}); nothing generated is
 * committed.
 */
package dev.tern.cli.manual;
