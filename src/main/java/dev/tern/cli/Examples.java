package dev.tern.cli;

import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The examples at the end of each command's {@code --help} (and so of its man page), kept in one
 * place so they read as one set: each shows a typical use, with the command as typed.
 */
final class Examples {
  private Examples() {}

  /** Examples by command path ({@code "conflicts resolve"}); the root is {@code ""}. */
  private static final Map<String, List<String>> BY_COMMAND =
      Map.ofEntries(
          Map.entry("", List.of("tern new \"Crash on start\" --priority high", "tern ls")),
          Map.entry(
              "new",
              List.of(
                  "tern new \"Crash when syncing\" --priority high --label bug,sync",
                  "tern new \"Write the docs\" -F notes.md --assignee me --parent ENG-7",
                  "tern new                  # title and description in $EDITOR")),
          Map.entry(
              "ls",
              List.of(
                  "tern ls --assignee me --state todo,in_progress --sort -priority",
                  "tern ls --label bug --label -wontfix --search wifi",
                  "tern ls --all --json | jq -r '.[].key'")),
          Map.entry("show", List.of("tern show ENG-42", "tern show 42 --json")),
          Map.entry(
              "edit",
              List.of(
                  "tern edit ENG-42 --state in_progress --label +sync --label -bug",
                  "tern edit ENG-42 ENG-43 --assignee none --priority low",
                  "tern ls --label stale --json | jq -r '.[].key' | tern edit - --state canceled",
                  "tern edit ENG-42 --editor")),
          Map.entry(
              "comment",
              List.of(
                  "tern comment ENG-42 \"reproduced on 4G\"",
                  "tern comment ENG-42 -F - < log.txt",
                  "tern comment ENG-42           # write it in $EDITOR")),
          Map.entry(
              "comment edit",
              List.of(
                  "tern comment edit 5d1c09aa \"reproduced on 4G and wifi\"",
                  "tern comment edit 5d1c        # rewrite it in $EDITOR")),
          Map.entry("comment rm", List.of("tern comment rm 5d1c09aa", "tern comment delete 5d1c")),
          Map.entry("close", List.of("tern close ENG-42 ENG-43", "tern close ENG-44 --canceled")),
          Map.entry("reopen", List.of("tern reopen ENG-42")),
          Map.entry(
              "archive",
              List.of("tern archive ENG-42", "printf 'ENG-1\\nENG-2\\n' | tern archive -")),
          Map.entry("unarchive", List.of("tern unarchive ENG-42")),
          Map.entry("label", List.of("tern label ls", "tern label add ENG-42 bug ui")),
          Map.entry("label add", List.of("tern label add ENG-42 bug ui")),
          Map.entry(
              "label remove",
              List.of("tern label remove ENG-42 wontfix", "tern label rm ENG-42 bug")),
          Map.entry("label ls", List.of("tern label ls", "tern label ls --json")),
          Map.entry("profile", List.of("tern profile ls")),
          Map.entry("profile ls", List.of("tern profile ls", "tern --profile work ls")),
          Map.entry("log", List.of("tern log", "tern log --pending --limit 0")),
          Map.entry("history", List.of("tern history ENG-42", "tern history ENG-42 --json")),
          Map.entry("undo", List.of("tern undo", "tern undo --force")),
          Map.entry("redo", List.of("tern redo")),
          Map.entry("status", List.of("tern status", "tern status --json")),
          Map.entry(
              "import",
              List.of("tern import issues.jsonl", "tern export | tern --profile copy import -")),
          Map.entry("export", List.of("tern export > issues.jsonl")),
          Map.entry(
              "batch",
              List.of(
                  "printf '%s\\n' 'new \"First\"' 'close ENG-1' | tern batch --json",
                  "tern batch --atomic -f moves.txt")),
          Map.entry(
              "login",
              List.of(
                  "tern login wss://tern.example.com --token \"$TOKEN\" --team ENG",
                  "pass tern | tern login ws://localhost:7447 --token -")),
          Map.entry("logout", List.of("tern logout", "tern --profile work logout")),
          Map.entry("sync", List.of("tern sync", "tern sync --json")),
          Map.entry("watch", List.of("tern watch", "tern watch --json | jq -c .")),
          Map.entry("conflicts", List.of("tern conflicts", "tern conflicts --all --json")),
          Map.entry("conflicts show", List.of("tern conflicts show 3f2a")),
          Map.entry(
              "conflicts resolve",
              List.of("tern conflicts resolve 3f2a --mine", "tern conflicts resolve 3f2a --edit")),
          Map.entry("conflicts dismiss", List.of("tern conflicts dismiss 3f2a")),
          Map.entry("conflicts move", List.of("tern conflicts move 9c1e --team WEB")),
          Map.entry("conflicts discard", List.of("tern conflicts discard 9c1e")),
          Map.entry("repl", List.of("tern repl", "tern --profile work repl")),
          Map.entry(
              "completion",
              List.of("tern completion bash > ~/.local/share/bash-completion/completions/tern")),
          Map.entry(
              "server",
              List.of(
                  "tern server --port 7447 --db sqlite:/var/lib/tern/server.db",
                  "tern server --db postgresql://db.example.com/tern")),
          Map.entry("server team", List.of("tern server team ls")),
          Map.entry("server team add", List.of("tern server team add ENG Engineering")),
          Map.entry("server team ls", List.of("tern server team ls")),
          Map.entry("server team join", List.of("tern server team join ENG alice")),
          Map.entry("server team leave", List.of("tern server team leave ENG alice")),
          Map.entry("server user", List.of("tern server user ls")),
          Map.entry("server user add", List.of("tern server user add alice --team ENG")),
          Map.entry("server user ls", List.of("tern server user ls")),
          Map.entry("server user token", List.of("tern server user token alice")),
          Map.entry("server user rm", List.of("tern server user rm alice")));

  /** Puts the examples of {@code spec}'s command, if it has any, at the end of its help. */
  static void add(CommandSpec spec) {
    String path = spec.qualifiedName(" ");
    path = path.equals("tern") ? "" : path.substring(path.indexOf(' ') + 1);
    List<String> examples = BY_COMMAND.get(path);
    if (examples == null) {
      return;
    }
    String[] lines = new String[examples.size()];
    for (int index = 0; index < lines.length; index++) {
      // picocli reads a footer as a format string: a literal % must be doubled.
      lines[index] = "  " + examples.get(index).replace("%", "%%");
    }
    spec.usageMessage().footerHeading("%nExamples:%n").footer(lines);
  }
}
