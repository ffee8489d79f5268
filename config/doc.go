// Package config turns the agent's command line and qemu-ga keyfile into a
// Config, the way qemu-ga does, so that the agent is a drop-in replacement:
// the same short and long options, the same config file and keys, the same
// precedence.
//
// Invariants:
//
//   - Sources, lowest precedence first: built-in defaults, the config file
//     ([general] group), the command line. Command-line scalars override the
//     file; the lists (block-rpcs, allow-rpcs) of file and command line are
//     concatenated, as qemu-ga does.
//   - The config file is -c PATH, else $QGA_CONF, else
//     /etc/qemu/qemu-ga.conf. Only an explicit -c file must exist; a missing
//     $QGA_CONF or default file is silently skipped (qemu-ga does the same).
//   - Parse reads the environment only through the getenv it is given and
//     touches the filesystem only to read the config file, so tests are
//     hermetic and fast.
//   - Options are parsed getopt_long-style: clusters (-vd), attached
//     values (-p/dev/x), unambiguous long abbreviations (--verb). -F takes an optional value that must
//     be attached (-F/path); "-F /path" is a bare -F followed by a stray
//     argument, which is an error rather than silently ignored. -h, -V and
//     "-b help"/"-a help" act at once, in command-line order, like qemu-ga's
//     getopt loop, and need no valid config file.
//   - As in qemu-ga, unknown groups and unknown keys are ignored, but each
//     is a warning in Config.Warnings (the agent logs them), so a typo is
//     visible and a file written for another version still starts the
//     agent. A bad value of a known key, or a key outside any group, is an
//     error naming file, key and value (qemu-ga also refuses those).
//   - The deprecated key "blacklist" and option --blacklist (hidden from
//     --help) are block-rpcs, with a warning.
//   - Every long option that is a setting is a key of [general]: qemu-ga's
//     keys with qemu-ga's parsing (fileKeys), every option of ours through
//     its own flag (flagkeys.go), so a new option is a key with no extra
//     code; qemu-ga ignores ours, so one file serves both agents.
//   - Dump writes the effective config in qemu-ga's -D format followed by
//     every option of ours, and a dumped file read back with -c yields the
//     same Config.
//
// Adding an option: add a field to Config, its default to defaultConfig and
// its flag to registerFlags; it is then a key and in -D too (add a test
// value to TestEveryOptionIsAKey). Only an option qemu-ga's keyfile knows
// goes into fileKeys and Dump's qemu-ga part.
package config
