import { PATH_MARK, type Shell } from './shells.js';

/**
 * The completion script of each shell. Each asks `cachesweep --get-yargs-completions WORDS...` (the name yargs'
 * scripts used, so a script installed by an older cachesweep keeps working) for the candidates, one a line, and
 * completes file names where the answer ends with PATH_MARK. The tests run each in its shell
 * (__tests__/cli/help/completion.test.ts).
 */
const BASH = `###-begin-cachesweep-completions-###
# cachesweep completion for bash: source this file, or save it as
# /etc/bash_completion.d/cachesweep (cachesweep completion bash > /etc/bash_completion.d/cachesweep)
_cachesweep_completions() {
  local cur=\${COMP_WORDS[COMP_CWORD]} line files=0
  COMPREPLY=()
  while IFS= read -r line; do
    if [[ $line == '${PATH_MARK}' ]]; then files=1; elif [[ -n $line ]]; then COMPREPLY+=("$line"); fi
  done < <(cachesweep --get-yargs-completions "\${COMP_WORDS[@]:0:COMP_CWORD+1}" 2>/dev/null)
  if (( files )); then
    while IFS= read -r line; do COMPREPLY+=("$line"); done < <(compgen -f -- "$cur")
  fi
  return 0
}
complete -o filenames -o bashdefault -F _cachesweep_completions cachesweep
###-end-cachesweep-completions-###
`;

const ZSH = `#compdef cachesweep
###-begin-cachesweep-completions-###
# cachesweep completion for zsh: save as _cachesweep in a directory of $fpath
# (cachesweep completion zsh > ~/.zsh/completions/_cachesweep), or source it after compinit
_cachesweep() {
  local -a candidates
  local line files=0
  for line in "\${(@f)$(cachesweep --get-yargs-completions "\${(@)words[1,CURRENT]}" 2>/dev/null)}"; do
    if [[ $line == '${PATH_MARK}' ]]; then files=1; elif [[ -n $line ]]; then candidates+=("$line"); fi
  done
  (( \${#candidates} )) && compadd -- "\${candidates[@]}"
  (( files )) && _files
  return 0
}
if [[ "\${zsh_eval_context[-1]}" == "loadautofunc" ]]; then
  _cachesweep "$@"
else
  compdef _cachesweep cachesweep
fi
###-end-cachesweep-completions-###
`;

const FISH = `###-begin-cachesweep-completions-###
# cachesweep completion for fish: save as ~/.config/fish/completions/cachesweep.fish
# (cachesweep completion fish > ~/.config/fish/completions/cachesweep.fish)
function __cachesweep_complete
    set -l current (commandline -ct)
    set -l files 0
    for line in (cachesweep --get-yargs-completions (commandline -opc) "$current" 2>/dev/null)
        if test "$line" = '${PATH_MARK}'
            set files 1
        else if test -n "$line"
            echo $line
        end
    end
    if test $files = 1
        __fish_complete_path "$current"
    end
end
complete -c cachesweep -f -a '(__cachesweep_complete)'
###-end-cachesweep-completions-###
`;

export function completionScript(shell: Shell): string {
  return { bash: BASH, zsh: ZSH, fish: FISH }[shell];
}
