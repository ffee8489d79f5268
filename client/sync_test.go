package client

import (
	"bytes"
	"io"
	"testing"
	"time"

	"github.com/goqga/goqga/client/clienttest"
)

func junkThen(junk ...string) clienttest.Handler {
	return clienttest.Mux(map[string]clienttest.Handler{
		"guest-sync-delimited": func(w io.Writer, req clienttest.Request) error {
			if err := writeAll(w, junk...); err != nil {
				return err
			}
			return clienttest.Default(w, req)
		},
	})
}

func TestSyncSkipsJunk(t *testing.T) {
	cases := map[string][]string{
		"stale lines and partial": {`{"return": {}}` + "\n", "garbage\n", `{"error":{"class":"GenericError","desc":"x"}}` + "\n", `{"retu`},
		"stale delimited":         {"\xff" + `{"return": 7}` + "\n", `{"return": 8}` + "\n"},
		"stale delimited partial": {"\xff" + `{"return": 7}` + "\n", `{"ret`},
		"nothing":                 nil,
	}
	for name, junk := range cases {
		t.Run(name, func(t *testing.T) {
			c, f, rc := sockClient(t, junkThen(junk...))
			if err := c.Sync(); err != nil {
				t.Fatal(err)
			}
			w := rc.Writes()
			if len(w) != 1 || w[0][0] != 0xFF || !bytes.Contains(w[0], []byte(`"guest-sync-delimited"`)) {
				t.Fatalf("writes = %q, want one 0xFF-prefixed guest-sync-delimited", w)
			}
			assertPing(t, c)
			if got := f.Commands(); len(got) != 2 {
				t.Fatalf("commands = %v", got)
			}
		})
	}
}

func assertPing(t *testing.T, c *Client) {
	t.Helper()
	r, err := c.Call("guest-ping", nil)
	if err != nil || r.Error != nil || string(r.Return) != "{}" {
		t.Fatalf("ping after sync = %+v, %v", r, err)
	}
}

func TestSyncIDsRandom(t *testing.T) {
	c, f, _ := pipeClient(t, nil)
	for range 3 {
		if err := c.Sync(); err != nil {
			t.Fatal(err)
		}
	}
	seen := map[string]bool{}
	for _, r := range f.Requests() {
		seen[string(r.Arguments)] = true
	}
	if len(seen) != 3 {
		t.Fatalf("sync ids not distinct: %v", seen)
	}
}

func TestSyncTimeout(t *testing.T) {
	silent := func(io.Writer, clienttest.Request) error { return nil }
	c, _, _ := pipeClient(t, silent)
	c.SetTimeout(100 * time.Millisecond)
	start := time.Now()
	err := c.Sync()
	if !IsTimeout(err) {
		t.Fatalf("Sync = %v, want timeout", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("Sync took %v", d)
	}
}

func TestSyncAfterLateReply(t *testing.T) {
	slow := func(w io.Writer, req clienttest.Request) error {
		time.Sleep(300 * time.Millisecond)
		return clienttest.WriteReturn(w, req, "late")
	}
	h := clienttest.Mux(map[string]clienttest.Handler{"guest-slow": slow})
	for _, plain := range []bool{false, true} {
		c, _, _ := sockClient(t, h)
		c.SetTimeout(100 * time.Millisecond)
		if _, err := c.Call("guest-slow", nil); !IsTimeout(err) {
			t.Fatalf("Call = %v, want timeout", err)
		}
		c.SetTimeout(5 * time.Second)
		sync := c.Sync
		if plain {
			sync = c.SyncPlain
		}
		if err := sync(); err != nil {
			t.Fatalf("plain=%v: %v", plain, err)
		}
		assertPing(t, c)
	}
}

func TestSyncPlain(t *testing.T) {
	h := clienttest.Mux(map[string]clienttest.Handler{
		"guest-sync": func(w io.Writer, req clienttest.Request) error {
			stale := `{"return": 5}` + "\n" + "\xff" + `{"return": 6}` + "\n" + `{"error":{"class":"GenericError","desc":"x"}}` + "\n"
			if err := writeAll(w, stale); err != nil {
				return err
			}
			return clienttest.Default(w, req)
		},
	})
	c, f, rc := pipeClient(t, h)
	if err := c.SyncPlain(); err != nil {
		t.Fatal(err)
	}
	for _, w := range rc.Writes() {
		if bytes.IndexByte(w, 0xFF) >= 0 {
			t.Fatalf("SyncPlain wrote 0xFF: %q", w)
		}
	}
	assertPing(t, c)
	if got := f.Commands(); got[0] != "guest-sync" {
		t.Fatalf("commands = %v", got)
	}
}

func TestSyncEOF(t *testing.T) {
	hangup := func(io.Writer, clienttest.Request) error { return clienttest.ErrHangUp }
	c, _, _ := pipeClient(t, hangup)
	if err := c.Sync(); err == nil || IsTimeout(err) {
		t.Fatalf("Sync = %v, want EOF error", err)
	}
}
