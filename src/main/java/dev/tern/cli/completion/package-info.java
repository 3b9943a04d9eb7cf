/**
 * Completion: {@link dev.tern.cli.completion.WordCompleter} decides what may follow the words of a
 * command line, from picocli's model of the command tree and the values in the profile's store
 * ({@link dev.tern.cli.completion.LiveValues}); the REPL asks it in-process and the shells through
 * the hidden {@code tern __complete}, whose scripts ({@link dev.tern.cli.completion.ShellScripts})
 * the repository's {@code completions/} folder holds and {@code scripts/completions} regenerates.
 */
package dev.tern.cli.completion;
