# bash completion for tern, written by `tern completion bash`: edit the commands, not this file.
# Install: put it in ~/.local/share/bash-completion/completions/tern, or source it.
# Every TAB asks `tern __complete -- WORDS...`, which knows the commands, their options and
# the values in your store (issue references, labels, people, teams).
_tern() {
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
    value=${line%%$'\t'*}
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
    if [[ $value == *[[:space:]\'\"\\\$\`\(\)\;\&\|\<\>]* ]]; then
      printf -v value '%q' "$value"
    fi
    COMPREPLY+=("$value")
  done
  return 0
}
complete -F _tern tern
