/**
 * Shell completion scripts written from picocli's model of the command tree, for the shells whose
 * script picocli does not write itself (it writes bash's). The committed copies live in the
 * repository's {@code completions/} folder; {@code scripts/completions} regenerates them.
 */
package dev.tern.cli.completion;
