package files

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/goqga/goqga/command"
	osfiles "github.com/goqga/goqga/os/files"
)

// A read's reply buffer is reused by the next read only after the channel
// says the line was written, and the reused buffer gives a correct reply.
func TestReadReusesItsBufferOnlyAfterWritten(t *testing.T) {
	p := filepath.Join(t.TempDir(), "f")
	data := bytes.Repeat([]byte("goqga "), 100000)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := osfiles.Linux().Open(p, osfiles.Mode{})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	bufs := &replyBufs{}
	read := func() *command.Reply {
		r, err := readLine(&command.Request{}, f, 1<<16, bufs)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	first := read()
	firstLine := string(first.Line)
	second := read() // first not yet written: a buffer of its own
	if &second.Line[0] == &first.Line[0] || string(first.Line) != firstLine {
		t.Fatal("a reply's buffer was reused before it was written")
	}
	first.Release()
	third := read()
	if &third.Line[len(third.Line)-1] != &first.Line[len(first.Line)-1] {
		t.Error("the written reply's buffer was not reused")
	}
	if want := string(second.Line); string(third.Line) == want || len(third.Line) != len(want) {
		// the file position moved on: same shape, other bytes
		t.Errorf("the reply built in a reused buffer is wrong: %.80s", third.Line)
	}
}

func TestReplyBufsBounds(t *testing.T) {
	p := &replyBufs{}
	p.put(make([]byte, maxSpare+1))
	if p.spare != nil {
		t.Fatal("a buffer over maxSpare was kept (48 MiB reads would stay in memory)")
	}
	p.put(make([]byte, 100))
	p.put(make([]byte, 10))
	if cap(p.spare) != 100 {
		t.Fatal("the larger spare was not kept")
	}
	if b := p.get(101); cap(b) == 100 {
		t.Fatal("a spare too small was handed out")
	}
	p.mu.Lock()
	p.timer.Reset(time.Millisecond) // as if idleDrop had passed
	p.mu.Unlock()
	time.Sleep(50 * time.Millisecond)
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.spare != nil {
		t.Fatal("the spare outlived the reads")
	}
}
