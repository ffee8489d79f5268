package config

import (
	"fmt"
	"strings"

	"github.com/spf13/pflag"
)

// notKeys are the options that are not settings (actions, the config file
// itself), or that qemu-ga's keyfile names differently (daemonize is the
// key "daemon"), or deprecated aliases.
var notKeys = map[string]bool{
	"help": true, "version": true, "man": true, "config": true, "dump-conf": true,
	"daemonize": true, "blacklist": true,
}

// isFlagKey reports whether a flag of ours is read from [general] through
// the flag itself: every long option that is a setting and not one of
// qemu-ga's keys (those keep qemu-ga's parsing, in fileKeys).
func isFlagKey(f *pflag.Flag) bool {
	_, qemu := fileKeys[f.Name]
	return !qemu && !notKeys[f.Name]
}

// flagKey returns the applier for an option of ours named as a key, which
// takes the raw (still escaped) value. A list option takes a GLib list
// ("a;b;", "\;" inside an item) and the file's list replaces the default;
// every other option takes what its flag takes.
func flagKey(flags *pflag.FlagSet, name string) (rawKey, bool) {
	f := flags.Lookup(name)
	if f == nil || !isFlagKey(f) {
		return nil, false
	}
	return func(raw string) error { return setFlagKey(f, raw) }, true
}

// rawKey applies a key's value as written in the file.
type rawKey func(raw string) error

// setFlagKey applies a raw value to the flag f (bound to the Config
// being read).
func setFlagKey(f *pflag.Flag, raw string) error {
	if sv, ok := f.Value.(pflag.SliceValue); ok {
		items, err := splitEscapedList(raw)
		if err == nil {
			err = sv.Replace(items)
		}
		return err
	}
	v, err := unescapeValue(raw)
	if err == nil {
		err = f.Value.Set(v)
	}
	return err
}

// splitEscapedList splits a GLib string list on unescaped ';' and
// unescapes each item; empty items are dropped.
func splitEscapedList(raw string) ([]string, error) {
	var items []string
	start := 0
	for i := 0; i <= len(raw); i++ {
		switch {
		case i < len(raw) && raw[i] == '\\':
			i++ // skip the escaped character, ';' included
		case i == len(raw) || raw[i] == ';':
			item, err := unescapeValue(strings.ReplaceAll(raw[start:i], `\;`, ";"))
			if err != nil {
				return nil, err
			}
			if item != "" {
				items = append(items, item)
			}
			start = i + 1
		}
	}
	return items, nil
}

// flagKeyValue is the keyfile form of an option of ours, read back by
// setFlagKey: lists in GLib's form, everything else as its flag prints it.
func flagKeyValue(f *pflag.Flag) string {
	if sv, ok := f.Value.(pflag.SliceValue); ok {
		var b strings.Builder
		for _, it := range sv.GetSlice() {
			b.WriteString(strings.ReplaceAll(escapeValue(it), ";", `\;`) + ";")
		}
		return b.String()
	}
	return escapeValue(f.Value.String())
}

// dumpFlagKeys writes every option of ours as a key, in --help order.
func dumpFlagKeys(b *strings.Builder, c *Config) {
	newFlagSet(c, &parseState{}).VisitAll(func(f *pflag.Flag) {
		if isFlagKey(f) {
			fmt.Fprintf(b, "%s=%s\n", f.Name, flagKeyValue(f))
		}
	})
}
