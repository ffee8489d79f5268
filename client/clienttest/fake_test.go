package clienttest

import (
	"bufio"
	"io"
	"net"
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// exchange writes in (if any) and reads the lines want. An empty in is
// not written: on a net.Pipe a write of nothing still waits for the fake
// to read, while the fake may be waiting for us to read its reply.
func exchange(t *testing.T, conn net.Conn, in string, want ...string) {
	t.Helper()
	if in != "" {
		if _, err := io.WriteString(conn, in); err != nil {
			t.Fatal(err)
		}
	}
	r := bufio.NewReader(conn)
	for _, w := range want {
		line, err := r.ReadString('\n')
		if err != nil || line != w {
			t.Fatalf("got %q, %v; want %q", line, err, w)
		}
	}
}

func TestDefaultOverSocket(t *testing.T) {
	f := Start(t, nil)
	conn, err := net.Dial("unix", f.Path)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	in := "\xff" + `{"execute":"guest-sync-delimited","arguments":{"id":7}}` +
		`{"execute":"guest-ping","id":"a"}` + "\xfe" + `{"execute":"guest-nope"}`
	exchange(t, conn, in,
		"\xff"+`{"return":7}`+"\n",
		`{"return":{},"id":"a"}`+"\n",
		`{"error":{"class":"CommandNotFound","desc":"The command guest-nope has not been found"}}`+"\n")
	if got := f.Commands(); len(got) != 3 || got[2] != "guest-nope" {
		t.Fatalf("commands = %v", got)
	}
}

func TestMuxOverPipe(t *testing.T) {
	f := Start(t, Mux(map[string]Handler{
		"guest-x":   func(w io.Writer, req Request) error { return WriteReturn(w, req, 1) },
		"guest-bye": func(io.Writer, Request) error { return ErrHangUp },
	}))
	conn := f.Pipe()
	defer conn.Close()
	go io.WriteString(conn, `{"execute":"guest-x"} {"execute":"guest-sync","arguments":{"id":2}}`)
	exchange(t, conn, "", `{"return":1}`+"\n", `{"return":2}`+"\n")
	go io.WriteString(conn, `{"execute":"guest-bye"}`)
	if n, err := conn.Read(make([]byte, 1)); err != io.EOF {
		t.Fatalf("after hang-up: %d, %v", n, err)
	}
}

func TestCloseWithOpenConnections(t *testing.T) {
	f := Start(t, nil)
	conn, err := net.Dial("unix", f.Path)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	exchange(t, conn, `{"execute":"guest-ping"}`, `{"return":{}}`+"\n")
	p := f.Pipe()
	defer p.Close()
	f.Close()
}
