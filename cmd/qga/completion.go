package main

import (
	"fmt"
	"strings"
)

// completion prints a completion script. It completes flows, and agent
// commands by asking the agent (qga commands) with the -s or $QGA_SOCKET
// already on the command line, so it offers what that agent serves.
func (s *session) completion() int {
	if !s.wantArgs(1, 1) {
		return exitUsage
	}
	words := strings.Join(sortedFlowNames(), " ")
	switch s.o.rest[0] {
	case "bash":
		fmt.Fprintf(s.stdout, bashCompletion, words)
	case "zsh":
		fmt.Fprintf(s.stdout, "autoload -U +X bashcompinit && bashcompinit\n"+bashCompletion, words)
	default:
		return usage(s.stderr, fmt.Errorf("completion takes bash or zsh, not %q", s.o.rest[0]))
	}
	return exitOK
}

const bashCompletion = `# qga completion; source it: source <(qga completion bash)
_qga() {
	local cur=${COMP_WORDS[COMP_CWORD]} sock=${QGA_SOCKET:-} i
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in -s|--socket) sock=${COMP_WORDS[i+1]} ;; esac
	done
	local flows="%s"
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "--socket --timeout --wait --no-sync --plain-sync --raw --progress --help" -- "$cur"))
		return
	fi
	local cmds=""
	if [[ -n $sock ]]; then
		cmds=$(qga -s "$sock" -t 2 commands 2>/dev/null)
	fi
	COMPREPLY=($(compgen -W "$flows $cmds" -- "$cur"))
}
complete -o default -F _qga qga
`
