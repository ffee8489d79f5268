// Package audit writes the one log line every state-changing command
// leaves (exec, file open, set-time, passwords, SSH keys, vCPU and memory
// changes, fstrim, shutdown, suspend, freeze, thaw).
//
// Invariants:
//   - One line per command, at info level, message "audit", with the
//     command's name in field "command" and the caller's fields after it,
//     so an operator finds every state change with one filter
//     (`journalctl ... | grep '"audit"'`, or the logger name "audit").
//   - Callers pass only what identifies the change: a path, a mode, a user
//     name, a count, a pid, an exit status. Never a password, a key, file
//     contents, input-data or program output: Line has no way to tell a
//     secret from a name, so the rule is on the caller, and each domain's
//     tests check its audit fields.
//   - Audit lines go through the agent's logger, so they obey its freeze
//     rule: held in memory while filesystems may be frozen, never written
//     to a frozen filesystem.
package audit
