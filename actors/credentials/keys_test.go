package credentials

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// The first cases are qemu-ga's own unit tests (qga/commands-posix-ssh.c).
func TestListKeys(t *testing.T) {
	tests := []struct {
		content string
		want    []string
	}{
		{"algo key1 comments\n# a commented line\nalgo some-key another\n", []string{"algo some-key another", "algo key1 comments"}},
		// What Debian's qemu-ga 7.2 answered for this file (test/blackbox).
		{"ssh-ed25519 AAAA1 one\n# comment\n\n  ssh-rsa AAAA2 two  \n\tssh-rsa AAAA3 three\n",
			[]string{"ssh-rsa AAAA3 three", "ssh-rsa AAAA2 two", "ssh-ed25519 AAAA1 one"}},
		{"", []string{}},
		{"\n\n \n", []string{}},
		{"k1\r\nk2\r\n", []string{"k2", "k1"}},
		{"  # indented comment\nk", []string{"k"}},
		{"k\v\f", []string{"k"}},
	}
	for _, tt := range tests {
		if got := listKeys([]byte(tt.content)); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%q: got %q, want %q", tt.content, got, tt.want)
		}
	}
}

func TestAddKeys(t *testing.T) {
	tests := []struct {
		content string
		keys    []string
		want    string
		added   int
	}{
		// qemu-ga's test: key2 first, not duplicated.
		{"", []string{"algo key2 comments"}, "algo key2 comments\n", 1},
		{"algo key2 comments\n", []string{"algo key1 comments", "algo key2 comments"}, "algo key2 comments\nalgo key1 comments\n", 1},
		// Comments and blank lines are kept; no blank line is inserted
		// before the new key (qemu-ga inserts one when the file ends in
		// a newline).
		{"# c\n\nk1\n", []string{"k2"}, "# c\n\nk1\nk2\n", 1},
		{"k1", []string{"k2"}, "k1\nk2\n", 1},
		// The same key twice in one request is added once; a line that
		// differs only by surrounding white space is the same key.
		{"k1 \r\n", []string{"k1", "k2", "k2"}, "k1 \r\nk2\n", 1},
		{"k1\n", nil, "k1\n", 0},
	}
	for _, tt := range tests {
		got, n := addKeys([]byte(tt.content), tt.keys)
		if string(got) != tt.want || n != tt.added {
			t.Errorf("%q + %q: got %q %d, want %q %d", tt.content, tt.keys, got, n, tt.want, tt.added)
		}
	}
}

func TestRemoveKeys(t *testing.T) {
	const qemuTest = "algo key1 comments\nalgo key1 comments\n# a commented line\nalgo some-key another\n"
	tests := []struct {
		content string
		keys    []string
		want    string
		removed int
	}{
		// qemu-ga's test: an absent key changes nothing; a duplicated
		// key goes entirely.
		{qemuTest, []string{"algo key2 comments"}, qemuTest, 0},
		{qemuTest, []string{"algo key1 comments", "algo key2 comments"}, "# a commented line\nalgo some-key another\n", 2},
		{"k1\r\nk2\n", []string{"k1"}, "k2\n", 1},
		{"k1\n", []string{"k1"}, "", 1},
		{"", []string{"k1"}, "", 0},
	}
	for _, tt := range tests {
		got, n := removeKeys([]byte(tt.content), tt.keys)
		if string(got) != tt.want || n != tt.removed {
			t.Errorf("%q - %q: got %q %d, want %q %d", tt.content, tt.keys, got, n, tt.want, tt.removed)
		}
	}
}

func TestCheckKeys(t *testing.T) {
	for _, k := range []string{"not a valid\nkey", "k\x00", "k\r", "#comment", "  # comment"} {
		err := checkKeys([]string{"ok", k})
		if err == nil || err.Error() != "invalid OpenSSH public key: '"+k+"'" {
			t.Errorf("%q: %v", k, err)
		}
	}
	if err := checkKeys([]string{"ssh-ed25519 AAAA x#y", "", "a # b"}); err != nil {
		t.Error(err)
	}
}

// Whatever the file, what get lists survives a remove of other keys and
// an add of itself unchanged; add then remove restores the key list.
func FuzzKeyEdits(f *testing.F) {
	f.Add([]byte("algo key1 comments\n# c\n\nk2 \r\n"), "k3")
	f.Add([]byte(""), "k")
	f.Fuzz(func(t *testing.T, content []byte, key string) {
		before := listKeys(content)
		if checkKeys([]string{key}) != nil || strings.Trim(key, space) == "" {
			return
		}
		again, n := addKeys(content, before)
		if n != 0 || !reflect.DeepEqual(listKeys(again), before) {
			t.Fatalf("re-adding the listed keys changed the list: %q -> %q (%d added)", content, again, n)
		}
		added, _ := addKeys(content, []string{key})
		if !trimmedSet(listKeys(added))[strings.Trim(key, space)] {
			t.Fatalf("%q not listed after adding it to %q", key, content)
		}
		removed, _ := removeKeys(added, []string{key})
		if trimmedSet(listKeys(removed))[strings.Trim(key, space)] {
			t.Fatalf("%q still listed after removing it", key)
		}
		for _, k := range listKeys(removed) {
			if strings.ContainsAny(k, "\n") {
				t.Fatalf("a listed key spans lines: %q", k)
			}
		}
	})
}

// BenchmarkAddKeys adds 20,000 keys to a file of 20,000 others and
// removes them again: linear, whatever a request brings.
func BenchmarkAddKeys(b *testing.B) {
	var file, keys []string
	for i := range 20000 {
		file = append(file, fmt.Sprintf("ssh-ed25519 AAAAfile%d f", i))
		keys = append(keys, fmt.Sprintf("ssh-ed25519 AAAAkey%d k", i))
	}
	content := joinLines(file)
	b.ResetTimer()
	for range b.N {
		added, n := addKeys(content, keys)
		if _, m := removeKeys(added, keys); n != 20000 || m != 20000 {
			b.Fatal(n, m)
		}
	}
}
