package config

import (
	"fmt"
	"path/filepath"
	"strconv"
)

// FileMode is a permission given in octal (--file-mode 0640). It is a
// pflag.Value so that --help shows the default the way it is typed.
type FileMode uint32

// MaxFileMode excludes setuid, setgid and sticky bits: the agent runs as
// root, and a host must not be able to make it create a setuid file.
const MaxFileMode = 0o777

func (m *FileMode) String() string { return fmt.Sprintf("%04o", uint32(*m)) }

// Set parses an octal permission, with or without a leading 0.
func (m *FileMode) Set(s string) error {
	v, err := strconv.ParseUint(s, 8, 32)
	if err != nil || v > MaxFileMode {
		return fmt.Errorf("invalid file mode %q (want octal permission bits, 0000 to 0777)", s)
	}
	*m = FileMode(v)
	return nil
}

// Type names the value in pflag's messages.
func (m *FileMode) Type() string { return "mode" }

// checkFileAllow wants absolute directories: a relative one would depend
// on the agent's working directory, which a service manager chooses.
func checkFileAllow(dirs []string) error {
	for _, d := range dirs {
		if !filepath.IsAbs(d) {
			return fmt.Errorf("invalid --file-allow %q (want an absolute directory)", d)
		}
	}
	return nil
}
