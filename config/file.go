package config

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/spf13/pflag"
	"gopkg.in/ini.v1"
)

// fileGroup is the only keyfile group qemu-ga reads.
const fileGroup = "general"

// fileKey applies one key's (unescaped) value to a Config.
type fileKey func(c *Config, value string) error

// fileKeys are qemu-ga's keyfile keys, with qemu-ga's parsing. Every
// other long option of ours is a key too, read through its flag
// (flagKeys), so a new option needs no entry here.
var fileKeys = map[string]fileKey{
	"daemon":        boolKey(func(c *Config) *bool { return &c.Daemonize }),
	"method":        methodKey,
	"path":          stringKey(func(c *Config) *string { return &c.Path }),
	"logfile":       stringKey(func(c *Config) *string { return &c.LogFile }),
	"pidfile":       stringKey(func(c *Config) *string { return &c.PidFile }),
	"fsfreeze-hook": stringKey(func(c *Config) *string { return &c.FsfreezeHook }),
	"statedir":      stringKey(func(c *Config) *string { return &c.StateDir }),
	"verbose":       boolKey(func(c *Config) *bool { return &c.Verbose }),
	"retry-path":    boolKey(func(c *Config) *bool { return &c.RetryPath }),
	"block-rpcs":    listKey(func(c *Config) *[]string { return &c.BlockRPCs }),
	"allow-rpcs":    listKey(func(c *Config) *[]string { return &c.AllowRPCs }),
}

// keyfileOptions make ini.v1 read a GLib keyfile: "key=value" only, no
// inline comments, no continuation lines, quotes kept as written.
var keyfileOptions = ini.LoadOptions{
	IgnoreInlineComment:     true,
	IgnoreContinuation:      true,
	PreserveSurroundedQuote: true,
	KeyValueDelimiters:      "=",
}

// deprecatedKeys are old names qemu-ga still reads, warning, as another key.
var deprecatedKeys = map[string]string{"blacklist": "block-rpcs"}

// applyKeyfile applies the [general] group of a keyfile to c.
func (c *Config) applyKeyfile(data []byte) error {
	f, err := ini.LoadSources(keyfileOptions, data)
	if err != nil {
		return err
	}
	flags := newFlagSet(c, &parseState{})
	for _, sec := range f.Sections() {
		if err := c.applyGroup(sec, flags); err != nil {
			return err
		}
	}
	if len(c.BlockRPCs) > 0 && len(c.AllowRPCs) > 0 {
		return errors.New("keys \"block-rpcs\" and \"allow-rpcs\" cannot both list RPCs")
	}
	return nil
}

// applyGroup applies [general]. Like qemu-ga, which reads only the keys it
// knows, other groups and unknown keys are ignored, with a warning: a file
// written for a newer agent (or with a typo) must not leave a guest with no
// agent at all. A key outside any group is an error, as in GLib.
func (c *Config) applyGroup(sec *ini.Section, flags *pflag.FlagSet) error {
	switch sec.Name() {
	case fileGroup:
	case ini.DefaultSection:
		if len(sec.Keys()) > 0 {
			return fmt.Errorf("key %q is outside a group (want it under [%s])", sec.Keys()[0].Name(), fileGroup)
		}
		return nil
	default:
		c.warnf("unknown group [%s] ignored (only [%s] is read)", sec.Name(), fileGroup)
		return nil
	}
	for _, k := range sec.Keys() {
		if err := c.applyKey(k.Name(), k.Value(), flags); err != nil {
			return err
		}
	}
	return nil
}

func (c *Config) applyKey(name, raw string, flags *pflag.FlagSet) error {
	key := name
	if newName, ok := deprecatedKeys[name]; ok {
		c.warnf("key %q is deprecated, use %q", name, newName)
		key = newName
	}
	var err error
	if apply, ok := fileKeys[key]; ok {
		var value string
		if value, err = unescapeValue(raw); err == nil {
			err = apply(c, value)
		}
	} else if apply, ok := flagKey(flags, key); ok {
		err = apply(raw)
	} else {
		c.warnf("unknown key %q with value %q in [%s] ignored (known: %s)", name, raw, fileGroup, knownKeys(flags))
		return nil
	}
	if err != nil {
		return fmt.Errorf("key %q: bad value %q: %w", name, raw, err)
	}
	return nil
}

// knownKeys lists every key [general] accepts, sorted.
func knownKeys(flags *pflag.FlagSet) string {
	names := make([]string, 0, len(fileKeys))
	for n := range fileKeys {
		names = append(names, n)
	}
	flags.VisitAll(func(f *pflag.Flag) {
		if isFlagKey(f) {
			names = append(names, f.Name)
		}
	})
	slices.Sort(names)
	return strings.Join(names, ", ")
}

func stringKey(field func(*Config) *string) fileKey {
	return func(c *Config, v string) error {
		*field(c) = v
		return nil
	}
}

func boolKey(field func(*Config) *bool) fileKey {
	return func(c *Config, v string) error {
		b, err := parseBool(v)
		*field(c) = b
		return err
	}
}

// listKey appends: file lists add to what came before (and the command
// line adds to them). Both ',' (qemu-ga) and ';' (GLib lists) separate.
func listKey(field func(*Config) *[]string) fileKey {
	return func(c *Config, v string) error {
		*field(c) = append(*field(c), splitList(v, ",;")...)
		return nil
	}
}

func methodKey(c *Config, v string) error {
	if !slices.Contains(Methods, v) {
		return errors.New("want one of " + strings.Join(Methods, ", "))
	}
	c.Method = v
	return nil
}

// parseBool accepts GLib's true/false/1/0 and also yes/no.
func parseBool(v string) (bool, error) {
	switch strings.ToLower(v) {
	case "true", "1", "yes":
		return true, nil
	case "false", "0", "no":
		return false, nil
	}
	return false, errors.New("want true or false")
}

// unescapeValue undoes GLib's keyfile string escapes: \s \n \t \r \\.
// Any other escape is an error, as in GLib.
func unescapeValue(raw string) (string, error) {
	if !strings.Contains(raw, `\`) {
		return raw, nil
	}
	var b strings.Builder
	for i := 0; i < len(raw); i++ {
		if raw[i] != '\\' {
			b.WriteByte(raw[i])
			continue
		}
		i++
		if i == len(raw) {
			return "", errors.New("ends with a lone backslash")
		}
		r, ok := unescapes[raw[i]]
		if !ok {
			return "", fmt.Errorf("invalid escape sequence \\%c", raw[i])
		}
		b.WriteByte(r)
	}
	return b.String(), nil
}

var unescapes = map[byte]byte{'s': ' ', 'n': '\n', 't': '\t', 'r': '\r', '\\': '\\'}
