# fish completions for tern, written by `tern completion fish`: edit the commands, not this file.
# Install: tern completion fish > ~/.config/fish/completions/tern.fish
# Every TAB asks `tern __complete -- WORDS...`, which knows the commands, their options and
# the values in your store (issue references with their titles, labels, people, teams).
function __tern_complete
    set -l words (commandline -opc)
    set -l program $words[1]
    set -e words[1]
    set -l current (commandline -ct)
    set -l lines ($program __complete -- $words "$current" 2>/dev/null)
    if contains -- :files $lines
        __fish_complete_path "$current"
        return
    end
    printf '%s\n' $lines
end
complete -c tern -f -a '(__tern_complete)'
