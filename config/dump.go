package config

import (
	"fmt"
	"io"
	"strings"
)

// Dump writes c as a qemu-ga keyfile: qemu-ga's keys in qemu-ga's -D
// order (logfile and fsfreeze-hook only when set, everything else always),
// then every option of ours, in --help order, so that -D shows every
// effective setting and one file serves qemu-ga (which ignores our keys)
// and goqga.
//
// The lists are written in GLib's string-list form, "a;b;", not in
// qemu-ga's "a,b". qemu-ga's own test reads its -D output with
// g_key_file_get_string_list (';'), and this package reads either form.
// Strings are escaped as GLib does, so Parse reads back the same values.
func (c *Config) Dump(w io.Writer) {
	var b strings.Builder
	b.WriteString("[" + fileGroup + "]\n")
	kv := func(k, v string) { b.WriteString(k + "=" + v + "\n") }
	kv("daemon", fmt.Sprint(c.Daemonize))
	kv("method", escapeValue(c.Method))
	kv("path", escapeValue(c.Path))
	if c.LogFile != "" {
		kv("logfile", escapeValue(c.LogFile))
	}
	kv("pidfile", escapeValue(c.PidFile))
	if c.FsfreezeHook != "" {
		kv("fsfreeze-hook", escapeValue(c.FsfreezeHook))
	}
	kv("statedir", escapeValue(c.StateDir))
	kv("verbose", fmt.Sprint(c.Verbose))
	kv("retry-path", fmt.Sprint(c.RetryPath))
	kv("block-rpcs", joinList(c.BlockRPCs))
	kv("allow-rpcs", joinList(c.AllowRPCs))
	dumpFlagKeys(&b, c)
	io.WriteString(w, b.String())
}

// joinList writes a GLib string list: every item followed by ';'.
func joinList(items []string) string {
	var b strings.Builder
	for _, it := range items {
		b.WriteString(escapeValue(it) + ";")
	}
	return b.String()
}

// escapeValue applies GLib's keyfile escapes. Leading and trailing spaces
// become \s because the reader trims unescaped ones.
func escapeValue(v string) string {
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		switch ch := v[i]; {
		case ch == ' ' && (i == 0 || i == len(v)-1):
			b.WriteString(`\s`)
		case ch == '\n':
			b.WriteString(`\n`)
		case ch == '\t':
			b.WriteString(`\t`)
		case ch == '\r':
			b.WriteString(`\r`)
		case ch == '\\':
			b.WriteString(`\\`)
		default:
			b.WriteByte(ch)
		}
	}
	return b.String()
}
