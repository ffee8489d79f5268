package files

import osfiles "github.com/goqga/goqga/os/files"

// modes are the fopen(3) modes qemu-ga accepts ("b" is a no-op on POSIX).
var modes = map[string]osfiles.Mode{
	"r":  {Access: osfiles.ReadOnly},
	"w":  {Access: osfiles.WriteOnly, Create: true, Truncate: true},
	"a":  {Access: osfiles.WriteOnly, Create: true, Append: true},
	"r+": {Access: osfiles.ReadWrite},
	"w+": {Access: osfiles.ReadWrite, Create: true, Truncate: true},
	"a+": {Access: osfiles.ReadWrite, Create: true, Append: true},
}

// aliases spell the same modes with "b" (binary) where C allows it.
var aliases = map[string]string{
	"rb": "r", "wb": "w", "ab": "a",
	"rb+": "r+", "r+b": "r+", "wb+": "w+", "w+b": "w+", "ab+": "a+", "a+b": "a+",
}

// parseMode maps a qemu-ga open mode to OS terms; ok is false for any
// other string (qemu-ga: "invalid file open mode").
func parseMode(s string) (osfiles.Mode, bool) {
	if a, ok := aliases[s]; ok {
		s = a
	}
	m, ok := modes[s]
	return m, ok
}
