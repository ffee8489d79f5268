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
//   - Unlike qemu-ga, the config file is checked strictly: an unknown group,
//     an unknown key or a bad value is an error naming file, key and value,
//     so a typo cannot silently drop a setting.
//   - Dump writes the effective config in qemu-ga's -D format, and a dumped
//     file read back with -c yields the same Config (the long-only options
//     of this agent, --os, --max-message-bytes and --faults, are not keyfile
//     keys and are not dumped).
//
// Adding an option: add a field to Config, its default to defaultConfig,
// its flag to registerFlags, and, if qemu-ga's keyfile knows it, its key to
// fileKeys and to Dump.
package config
