//go:build linux

package netinfo

import (
	"errors"
	"testing"

	"golang.org/x/sys/unix"
)

// Dumps share one socket; a dump its caller stops half-way closes it, and
// the next one opens a fresh socket and gets a whole answer.
func TestSharedSocket(t *testing.T) {
	l := NewLinux()
	if _, err := l.Links(); err != nil {
		t.Fatal(err)
	}
	fd := shared.fd
	links, err := l.Links()
	if err != nil || len(links) == 0 || shared.fd != fd || !shared.ok {
		t.Fatalf("second dump: %d links, %v, fd %d then %d", len(links), err, fd, shared.fd)
	}
	stop := errors.New("stop")
	err = dump(unix.RTM_GETLINK, make([]byte, unix.SizeofIfInfomsg), func() {}, func(nlMessage) error { return stop })
	if !errors.Is(err, stop) || shared.ok {
		t.Fatalf("a stopped dump: %v, socket kept %v", err, shared.ok)
	}
	again, err := l.Links()
	if err != nil || len(again) != len(links) {
		t.Fatalf("after a stopped dump: %d links, %v; want %d", len(again), err, len(links))
	}
}
