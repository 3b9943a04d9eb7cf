package dev.tern.cli.completion;

/**
 * The completion scripts for bash, zsh and fish. Each is a thin shim: it hands the words typed so
 * far to {@code PROGRAM __complete -- WORDS...} (the same program the user is running, so a
 * launcher script or a full path works) and turns its answer into the shell's own candidates. The
 * answer is one candidate per line, {@code VALUE<TAB>DESCRIPTION}, and the line {@code :files} when
 * the word is a file name; so commands, options and values, including issue references and labels
 * from the store, are known to one place only ({@link WordCompleter}).
 */
public final class ShellScripts {
  private ShellScripts() {}

  /** The script for {@code shell} (bash, zsh or fish), or null for another shell. */
  public static String script(String shell, String program) {
    String function = "_" + program.replaceAll("[^A-Za-z0-9_]", "_");
    String text =
        switch (shell) {
          case "bash" -> BASH;
          case "zsh" -> ZSH;
          case "fish" -> FISH;
          default -> null;
        };
    return text == null ? null : text.replace("@PROGRAM@", program).replace("@FUNCTION@", function);
  }

  private static final String BASH =
      """
      # bash completion for @PROGRAM@, written by `@PROGRAM@ completion bash`: edit the commands, not this file.
      # Install: put it in ~/.local/share/bash-completion/completions/@PROGRAM@, or source it.
      # Every TAB asks `@PROGRAM@ __complete -- WORDS...`, which knows the commands, their options and
      # the values in your store (issue references, labels, people, teams).
      @FUNCTION@() {
        local cword=$COMP_CWORD line value files=0 joined=0 i word
        local -a words=() replies=()
        # bash splits `--state=todo` at '=': put such words back together, and take off the
        # replies what bash keeps in front of the word it replaces.
        for ((i = 1; i <= cword; i++)); do
          word=${COMP_WORDS[i]}
          if [[ $word == '=' && ${#words[@]} -gt 0 && ${words[-1]} == --* && ${words[-1]} != *=* ]]; then
            words[-1]+='='
            joined=1
          elif ((joined)); then
            words[-1]+=$word
            joined=0
          else
            words+=("$word")
          fi
        done
        local current=${words[-1]-} lead
        lead=${current%"${COMP_WORDS[cword]}"}
        while IFS= read -r line; do
          if [[ $line == :files ]]; then
            files=1
            continue
          fi
          value=${line%%$'\\t'*}
          value=${value#"$lead"}
          [[ -n $value ]] && replies+=("$value")
        done < <("${COMP_WORDS[0]}" __complete -- "${words[@]}" 2>/dev/null)
        if ((files)); then
          compopt -o default 2>/dev/null
          COMPREPLY=()
          return 0
        fi
        COMPREPLY=()
        for value in "${replies[@]}"; do
          if [[ $value == *[[:space:]\\'\\"\\\\\\$\\`\\(\\)\\;\\&\\|\\<\\>]* ]]; then
            printf -v value '%q' "$value"
          fi
          COMPREPLY+=("$value")
        done
        return 0
      }
      complete -F @FUNCTION@ @PROGRAM@
      """;

  private static final String ZSH =
      """
      #compdef @PROGRAM@
      # zsh completion for @PROGRAM@, written by `@PROGRAM@ completion zsh`: edit the commands, not this file.
      # Install: save it as _@PROGRAM@ in a directory on $fpath, or run: source <(@PROGRAM@ completion zsh)
      # Every TAB asks `@PROGRAM@ __complete -- WORDS...`, which knows the commands, their options and
      # the values in your store (issue references with their titles, labels, people, teams).

      @FUNCTION@() {
        local line value description
        local -a lines candidates
        lines=("${(@f)$(${(Q)words[1]} __complete -- "${(@Q)words[2,CURRENT-1]}" "${(Q)PREFIX}" 2>/dev/null)}")
        for line in "${lines[@]}"; do
          [[ -z $line ]] && continue
          if [[ $line == :files ]]; then
            _files
            return
          fi
          value=${line%%$'\\t'*}
          description=''
          [[ $line == *$'\\t'* ]] && description=${line#*$'\\t'}
          value=${value//\\\\/\\\\\\\\}
          value=${value//:/\\\\:}
          if [[ -n $description ]]; then
            candidates+=("$value:$description")
          else
            candidates+=("$value")
          fi
        done
        (( ${#candidates} )) || return 1
        _describe -t values '@PROGRAM@' candidates
      }

      if [ "$funcstack[1]" = "@FUNCTION@" ]; then
        @FUNCTION@ "$@"
      else
        compdef @FUNCTION@ @PROGRAM@
      fi
      """;

  private static final String FISH =
      """
      # fish completions for @PROGRAM@, written by `@PROGRAM@ completion fish`: edit the commands, not this file.
      # Install: @PROGRAM@ completion fish > ~/.config/fish/completions/@PROGRAM@.fish
      # Every TAB asks `@PROGRAM@ __complete -- WORDS...`, which knows the commands, their options and
      # the values in your store (issue references with their titles, labels, people, teams).
      function _@FUNCTION@_complete
          set -l words (commandline -opc)
          set -l program $words[1]
          set -e words[1]
          set -l current (commandline -ct)
          set -l lines ($program __complete -- $words "$current" 2>/dev/null)
          if contains -- :files $lines
              __fish_complete_path "$current"
              return
          end
          printf '%s\\n' $lines
      end
      complete -c @PROGRAM@ -f -a '(_@FUNCTION@_complete)'
      """;
}
