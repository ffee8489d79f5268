package power

import (
	"io"
	"os"
)

// readState reads /sys/power/state (a few bytes; bounded all the same).
func readState(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, 4096))
}

// writeState writes word to an existing file: sysfs files are never
// created, and a missing one is an error, not a new regular file.
func writeState(path, word string) error {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	_, err = f.WriteString(word)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
