package client

import (
	"errors"
	"io"
	"strings"
	"testing"
	"time"
)

func TestReadLongLinesSmallBuffer(t *testing.T) {
	c, guest := rawPipe(t, 16)
	var lines []string
	for _, n := range []int{0, 5, 14, 15, 16, 17, 40, 1000} {
		lines = append(lines, `{"return":"`+strings.Repeat("x", n)+`"}`+"\n")
	}
	done := feed(guest, []byte(strings.Join(lines, "")))
	for _, l := range lines {
		r, err := c.ReadReply()
		if err != nil || string(r.Raw)+"\n" != l {
			t.Fatalf("want %q, got %+v, %v", l, r, err)
		}
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func TestDelimitedReply(t *testing.T) {
	c, guest := rawPipe(t, 16)
	done := feed(guest, []byte("\xff"+`{"return": 12345, "id": 1}`+"\n"+`{"return": 1}`+"\n"))
	r, err := c.ReadReply()
	if err != nil || !r.Delimited || string(r.Raw) != `{"return": 12345, "id": 1}` || string(r.Return) != "12345" || string(r.ID) != "1" {
		t.Fatalf("reply %+v, %v", r, err)
	}
	if r, err = c.ReadReply(); err != nil || r.Delimited {
		t.Fatalf("reply %+v, %v", r, err)
	}
	<-done
}

func TestPartialLineAcrossTimeout(t *testing.T) {
	for _, size := range []int{16, bufSize} {
		c, guest := rawPipe(t, size)
		c.SetTimeout(50 * time.Millisecond)
		done := feed(guest, []byte(`{"return": "`+strings.Repeat("y", 30)))
		if _, err := c.ReadReply(); !IsTimeout(err) {
			t.Fatalf("size %d: got %v, want timeout", size, err)
		}
		<-done
		done = feed(guest, []byte(`"}`+"\n"))
		r, err := c.ReadReply()
		if err != nil || len(r.Return) != 32 {
			t.Fatalf("size %d: reply %+v, %v", size, r, err)
		}
		<-done
	}
}

func TestReadEOF(t *testing.T) {
	c, guest := rawPipe(t, 16)
	done := feed(guest, []byte(`{"return": 1}`+"\n"+`{"ret`))
	go func() { <-done; guest.Close() }()
	if _, err := c.ReadReply(); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ReadReply(); !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("partial then EOF: %v", err)
	}
	c2, guest2 := rawPipe(t, 16)
	guest2.Close()
	if _, err := c2.ReadReply(); err != io.EOF {
		t.Fatalf("EOF: %v", err)
	}
}

// nopRWC has no deadlines: timeouts must be ignored, not fail.
type nopRWC struct {
	io.Reader
	io.Writer
}

func (nopRWC) Close() error { return nil }

func TestNoDeadlines(t *testing.T) {
	in := strings.NewReader("\xff" + `{"return": 1}` + "\n" + `{"return": {}}` + "\n")
	var out strings.Builder
	c := New(nopRWC{in, &out})
	c.SetTimeout(time.Second)
	r, err := c.Call("guest-ping", nil)
	if err != nil || !r.Delimited {
		t.Fatalf("reply %+v, %v", r, err)
	}
	if err := c.WriteRaw([]byte{0xFF}); err != nil || !strings.HasSuffix(out.String(), "\xff") {
		t.Fatalf("WriteRaw: %v, %q", err, out.String())
	}
}

// Long lines are handed over with their replies (no copy): every reply
// keeps its own bytes however many long lines follow it.
func TestLongRepliesKeepTheirBytes(t *testing.T) {
	c, guest := rawPipe(t, 16)
	var lines []string
	for i, n := range []int{100, 100, 300, 50, 5, 100} {
		lines = append(lines, `{"return":"`+strings.Repeat(string(rune('a'+i)), n)+`"}`+"\n")
	}
	done := feed(guest, []byte(strings.Join(lines, "")))
	var replies []*Reply
	for range lines {
		r, err := c.ReadReply()
		if err != nil {
			t.Fatal(err)
		}
		replies = append(replies, r)
	}
	for i, r := range replies {
		if string(r.Raw)+"\n" != lines[i] {
			t.Fatalf("reply %d changed to %q after later lines were read", i, r.Raw)
		}
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func TestReadLine(t *testing.T) {
	c, guest := rawPipe(t, 16)
	lines := []string{`{"return":{}}`, `{"return":"` + strings.Repeat("y", 100) + `"}`, `{"return":1}`}
	done := feed(guest, []byte(strings.Join(lines, "\n")+"\n"))
	for _, want := range lines {
		got, err := c.ReadLine()
		if err != nil || string(got) != want {
			t.Fatalf("ReadLine = %q, %v; want %q", got, err, want)
		}
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
