package blackbox

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/goqga/goqga/client"
)

// fileClient drives the guest-file-* commands of one connection.
type fileClient struct {
	t *testing.T
	c *client.Client
}

func files(t *testing.T, a *agent) *fileClient { return &fileClient{t: t, c: a.dial()} }

// raw calls cmd with args (a JSON object) and returns the reply line.
func (f *fileClient) raw(cmd, args string) string {
	f.t.Helper()
	write(f.t, f.c, `{"execute":"`+cmd+`","arguments":`+args+`}`)
	return reply(f.t, f.c)
}

func (f *fileClient) expect(cmd, args, want string) {
	f.t.Helper()
	if got := f.raw(cmd, args); got != want {
		f.t.Fatalf("%s %s:\n got %.300s\nwant %.300s", cmd, args, got, want)
	}
}

func (f *fileClient) open(path, mode string) int64 {
	f.t.Helper()
	var h int64
	if err := f.c.Do("guest-file-open", map[string]string{"path": path, "mode": mode}, &h); err != nil {
		f.t.Fatalf("open %s %s: %v", path, mode, err)
	}
	return h
}

type fileRead struct {
	Count int    `json:"count"`
	Buf   []byte `json:"buf-b64"`
	EOF   bool   `json:"eof"`
}

func (f *fileClient) read(h int64, count int) fileRead {
	f.t.Helper()
	var r fileRead
	if err := f.c.Do("guest-file-read", map[string]int64{"handle": h, "count": int64(count)}, &r); err != nil {
		f.t.Fatalf("read %d: %v", h, err)
	}
	if r.Count != len(r.Buf) {
		f.t.Fatalf("read %d: count %d but %d bytes", h, r.Count, len(r.Buf))
	}
	return r
}

func (f *fileClient) close(h int64) {
	f.t.Helper()
	f.expect("guest-file-close", fmt.Sprintf(`{"handle":%d}`, h), `{"return":{}}`)
}

func gerr(desc string) string {
	b, _ := json.Marshal(desc)
	return `{"error":{"class":"GenericError","desc":` + string(b) + `}}`
}

// wrap76 is base64 as Proxmox sends it: lines of 76 characters.
func wrap76(data []byte) string {
	s := base64.StdEncoding.EncodeToString(data)
	var b strings.Builder
	for len(s) > 76 {
		b.WriteString(s[:76] + "\n")
		s = s[76:]
	}
	return b.String() + s + "\n"
}

// TestFilesProxmoxStyle writes, seeks and reads back as Proxmox's
// file-write and file-read do (wrapped base64, whence as a string, id on
// every request), and checks the journal of the simulated guest.
func TestFilesProxmoxStyle(t *testing.T) {
	a, j := startJournaled(t)
	f := files(t, a)
	p := "/conf"
	data := bytes.Repeat([]byte("proxmox wrote this line\n"), 40)
	h := f.open(p, "w+")
	if h != 1000 {
		t.Fatalf("first handle %d, want 1000", h)
	}
	args, _ := json.Marshal(map[string]any{"handle": h, "buf-b64": wrap76(data)})
	write(t, f.c, `{"execute":"guest-file-write","arguments":`+string(args)+`,"id":"w1"}`)
	expect(t, f.c, fmt.Sprintf(`{"return":{"count":%d,"eof":false},"id":"w1"}`, len(data)))
	f.expect("guest-file-seek", fmt.Sprintf(`{"handle":%d,"offset":0,"whence":"set"}`, h), `{"return":{"position":0,"eof":false}}`)
	var got []byte
	for {
		r := f.read(h, 100)
		got = append(got, r.Buf...)
		if r.EOF {
			break
		}
	}
	if !bytes.Equal(got, data) {
		t.Fatalf("read back %d bytes, want %d", len(got), len(data))
	}
	f.expect("guest-file-flush", fmt.Sprintf(`{"handle":%d}`, h), `{"return":{}}`)
	f.close(h)
	if b, _ := os.ReadFile(a.host(p)); !bytes.Equal(b, data) {
		t.Errorf("file on disk differs")
	}
	j.expect(t, `{"mode":"rwtc","op":"file-open","path":"`+p+`"}`,
		fmt.Sprintf(`{"bytes":%d,"op":"file-write","path":"%s"}`, len(data), p), `{"op":"file-close","path":"`+p+`"}`)
}

// TestFilesErrors checks qemu-ga's error texts over the wire.
func TestFilesErrors(t *testing.T) {
	a := start(t)
	f := files(t, a)
	p := "/five"
	os.WriteFile(a.host(p), []byte("12345"), 0o644)
	h := f.open(p, "r")
	missing := "/missing"
	cases := []struct{ cmd, args, want string }{
		{"guest-file-open", `{"path":"` + missing + `"}`, gerr("failed to open file '" + missing + "' (mode: 'r'): No such file or directory")},
		{"guest-file-open", `{"path":"` + p + `","mode":"zz"}`, gerr("invalid file open mode 'zz'")},
		{"guest-file-read", `{"handle":12345}`, gerr("handle '12345' has not been found")},
		{"guest-file-close", `{"handle":999}`, gerr("handle '999' has not been found")},
		{"guest-file-read", fmt.Sprintf(`{"handle":%d,"count":-1}`, h), gerr("value '-1' is invalid for argument count")},
		{"guest-file-read", fmt.Sprintf(`{"handle":%d,"count":50331649}`, h), gerr("value '50331649' is invalid for argument count")},
		{"guest-file-read", fmt.Sprintf(`{"handle":%d,"count":"1"}`, h), gerr("Invalid parameter type for 'count', expected: integer")},
		{"guest-file-write", fmt.Sprintf(`{"handle":%d,"buf-b64":"a$b="}`, h), gerr("Base64 data contains invalid characters")},
		{"guest-file-write", fmt.Sprintf(`{"handle":%d,"buf-b64":"YQ==","count":2}`, h), gerr("value '2' is invalid for argument count")},
		{"guest-file-write", fmt.Sprintf(`{"handle":%d,"buf-b64":"YQ=="}`, h), gerr("failed to write to file: Bad file descriptor")},
		{"guest-file-seek", fmt.Sprintf(`{"handle":%d,"offset":0,"whence":7}`, h), gerr("invalid whence code 7")},
		{"guest-file-seek", fmt.Sprintf(`{"handle":%d,"offset":0,"whence":"bogus"}`, h), gerr("Parameter 'whence' does not accept value 'bogus'")},
		{"guest-file-seek", fmt.Sprintf(`{"handle":%d,"offset":0}`, h), gerr("Parameter 'whence' is missing")},
		// eof as qemu-ga: count 0 is not eof, a short read is, and so is a read at the end.
		{"guest-file-read", fmt.Sprintf(`{"handle":%d,"count":0}`, h), `{"return":{"count":0,"buf-b64":"","eof":false}}`},
		{"guest-file-read", fmt.Sprintf(`{"handle":%d,"count":5}`, h), `{"return":{"count":5,"buf-b64":"MTIzNDU=","eof":false}}`},
		{"guest-file-read", fmt.Sprintf(`{"handle":%d}`, h), `{"return":{"count":0,"buf-b64":"","eof":true}}`},
		{"guest-file-seek", fmt.Sprintf(`{"handle":%d,"offset":-2,"whence":2}`, h), `{"return":{"position":3,"eof":false}}`},
		{"guest-file-read", fmt.Sprintf(`{"handle":%d}`, h), `{"return":{"count":2,"buf-b64":"NDU=","eof":true}}`},
	}
	for _, c := range cases {
		f.expect(c.cmd, c.args, c.want)
	}
}

// Relative paths resolve against the simulated guest's "/" (under --os
// linux, against the agent's working directory).
func TestFilesRelativePath(t *testing.T) {
	a := start(t)
	f := files(t, a)
	os.Mkdir(a.host("/etc"), 0o755)
	os.WriteFile(a.host("/etc/hostname"), []byte("simulated\n"), 0o644)
	h := f.open("etc/hostname", "r")
	if r := f.read(h, 64); string(r.Buf) != "simulated\n" {
		t.Errorf("read %q", r.Buf)
	}
}

// TestFilesHandlesSurviveRestart: the counter is in STATEDIR/qga.state,
// so a restarted agent continues it.
func TestFilesHandlesSurviveRestart(t *testing.T) {
	state, root := filepath.Join(t.TempDir(), "state"), t.TempDir()
	p := "/x"
	os.WriteFile(filepath.Join(root, p), nil, 0o644)
	first := start(t, "-t", state, "--sim-root", root)
	if h := files(t, first).open(p, "r"); h != 1000 {
		t.Fatalf("handle %d, want 1000", h)
	}
	first.stop()
	if b, _ := os.ReadFile(filepath.Join(state, "qga.state")); string(b) != "[global]\nfd_counter=1001\n" {
		t.Fatalf("qga.state = %q", b)
	}
	f := files(t, start(t, "-t", state, "--sim-root", root))
	if h := f.open(p, "r"); h != 1001 {
		t.Fatalf("handle %d after a restart, want 1001", h)
	}
	f.expect("guest-file-read", `{"handle":1000}`, gerr("handle '1000' has not been found"))
}

func TestFilesMaxHandles(t *testing.T) {
	a := start(t, "--max-handles", "3")
	f := files(t, a)
	p := "/x"
	os.WriteFile(a.host(p), nil, 0o644)
	for range 3 {
		f.open(p, "r")
	}
	f.expect("guest-file-open", `{"path":"`+p+`"}`, gerr("too many open files: 3 handles are open, close one (--max-handles)"))
	write(t, f.c, ping)
	expect(t, f.c, `{"return":{}}`)
	f.close(1001)
	if h := f.open(p, "r"); h != 1003 {
		t.Errorf("handle %d, want 1003 (the refused open took no number, closed 1001 is not reused)", h)
	}
}

// agentFDs lists the agent's descriptors that point into dir, with their
// fdinfo flags.
func agentFDs(t *testing.T, a *agent, dir string) map[string]string {
	t.Helper()
	fdDir := fmt.Sprintf("/proc/%d/fd", a.cmd.Process.Pid)
	ents, err := os.ReadDir(fdDir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, e := range ents {
		target, err := os.Readlink(filepath.Join(fdDir, e.Name()))
		if err != nil || !strings.HasPrefix(target, dir) {
			continue
		}
		info, _ := os.ReadFile(fmt.Sprintf("/proc/%d/fdinfo/%s", a.cmd.Process.Pid, e.Name()))
		for _, l := range strings.Split(string(info), "\n") {
			if v, ok := strings.CutPrefix(l, "flags:"); ok {
				out[target] = strings.TrimSpace(v)
			}
		}
	}
	return out
}

func fdList(t *testing.T, a *agent) []string {
	fdDir := fmt.Sprintf("/proc/%d/fd", a.cmd.Process.Pid)
	ents, _ := os.ReadDir(fdDir)
	var out []string
	for _, e := range ents {
		l, _ := os.Readlink(filepath.Join(fdDir, e.Name()))
		out = append(out, e.Name()+"="+l)
	}
	return out
}

func fdCount(t *testing.T, a *agent) int {
	ents, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", a.cmd.Process.Pid))
	if err != nil {
		t.Fatal(err)
	}
	return len(ents)
}

// TestFilesActorCrash crashes the files actor with an injected panic: the
// request is answered with an error, the supervisor restarts the actor,
// the handles opened before still work, and once closed no descriptor is
// left in the agent.
func TestFilesActorCrash(t *testing.T) {
	a := start(t, "--faults", "actor.files@guest-file-read=panic*1")
	f := files(t, a)
	dir := a.host("/")
	write(t, f.c, ping) // the agent has accepted our connection when it answers
	expect(t, f.c, `{"return":{}}`)
	base := fdCount(t, a)
	var hs []int64
	for i := range 3 {
		p := "/" + strconv.Itoa(i)
		os.WriteFile(a.host(p), []byte("content "+strconv.Itoa(i)), 0o644)
		hs = append(hs, f.open(p, "r+"))
	}
	fds := agentFDs(t, a, dir)
	if len(fds) != 3 {
		t.Fatalf("agent has %d descriptors on our files, want 3: %v", len(fds), fds)
	}
	for p, flags := range fds {
		v, _ := strconv.ParseUint(flags, 8, 64)
		const cloexec, nonblock = 0o2000000, 0o4000
		if v&cloexec == 0 || v&nonblock == 0 {
			t.Errorf("%s: flags %s, want O_CLOEXEC and O_NONBLOCK", p, flags)
		}
	}
	got := f.raw("guest-file-read", fmt.Sprintf(`{"handle":%d}`, hs[0]))
	if !strings.Contains(got, "internal error: the files domain failed while handling guest-file-read") {
		t.Fatalf("crashing read answered %s", got)
	}
	for i, h := range hs {
		if r := f.read(h, 100); string(r.Buf) != "content "+strconv.Itoa(i) || !r.EOF {
			t.Errorf("handle %d after the crash: %+v", h, r)
		}
	}
	f.expect("guest-file-write", fmt.Sprintf(`{"handle":%d,"buf-b64":"IQ=="}`, hs[1]), `{"return":{"count":1,"eof":false}}`)
	if h := f.open("/0", "r"); h != 1003 {
		t.Errorf("handle after the crash %d, want 1003", h)
	} else {
		hs = append(hs, h)
	}
	for _, h := range hs {
		f.close(h)
	}
	if left := agentFDs(t, a, dir); len(left) != 0 {
		t.Errorf("descriptors left after closing every handle: %v", left)
	}
	if n := fdCount(t, a); n != base {
		t.Errorf("agent has %d descriptors, %d before the opens: %v", n, base, fdList(t, a))
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "1")); string(b) != "content 1!" {
		t.Errorf("written file %q", b)
	}
}

// TestFilesOSFaults: injected OS failures answer with qemu-ga's texts and
// leave the domain working.
func TestFilesOSFaults(t *testing.T) {
	dir := t.TempDir() // the guest's root: fault targets are guest paths
	p, q := "/x", "/y"
	os.WriteFile(filepath.Join(dir, p), []byte("abc"), 0o644)
	os.WriteFile(filepath.Join(dir, q), []byte("abc"), 0o644)
	a := start(t, "--sim-root", dir, "--faults", "os.open@"+p+"=error(EACCES)*1,os.write_state=error(EIO)*1,os.read@"+q+"=error(EIO)*1,os.close@"+q+"=error(EIO)*1")
	f := files(t, a)
	f.expect("guest-file-open", `{"path":"`+p+`"}`, gerr("failed to open file '"+p+"' (mode: 'r'): Permission denied"))
	f.expect("guest-file-open", `{"path":"`+p+`"}`, gerr("failed to commit persistent state to disk: injected fault: input/output error"))
	if left := agentFDs(t, a, dir); len(left) != 0 {
		t.Fatalf("a failed open left %v", left)
	}
	h := f.open(q, "r")
	f.expect("guest-file-read", fmt.Sprintf(`{"handle":%d}`, h), gerr("failed to read file: Input/output error"))
	f.expect("guest-file-read", fmt.Sprintf(`{"handle":%d}`, h), `{"return":{"count":3,"buf-b64":"YWJj","eof":true}}`)
	f.expect("guest-file-close", fmt.Sprintf(`{"handle":%d}`, h), gerr("failed to close handle: Input/output error"))
	f.expect("guest-file-read", fmt.Sprintf(`{"handle":%d}`, h), gerr(fmt.Sprintf("handle '%d' has not been found", h)))
	if left := agentFDs(t, a, dir); len(left) != 0 {
		t.Errorf("a failed close left %v", left)
	}
}

// TestFilesLargeRead reads 48 MiB, qemu-ga's largest read, in one call,
// then the file's tail in Proxmox's 1 MiB chunks. The data repeats a
// random 771-byte block: a multiple of 3, so its base64 is the block's
// repeated (cheap to check even under -race), and prime to the agent's
// encoding chunk, so a misplaced chunk would show.
func TestFilesLargeRead(t *testing.T) {
	a := start(t)
	f := files(t, a)
	f.c.SetTimeout(2 * time.Minute)
	block := make([]byte, 771)
	rand.Read(block)
	const size = 48 << 20
	data := bytes.Repeat(block, size/len(block)+1)[:size]
	p := "/big"
	os.WriteFile(a.host(p), data, 0o644)
	h := f.open(p, "r")
	write(t, f.c, fmt.Sprintf(`{"execute":"guest-file-read","arguments":{"handle":%d,"count":%d}}`, h, size))
	r, err := f.c.ReadReply()
	if err != nil {
		t.Fatal(err)
	}
	b64 := base64.StdEncoding.EncodeToString(block)
	full := size / len(block)
	want := `{"return":{"count":50331648,"buf-b64":"` + strings.Repeat(b64, full) +
		base64.StdEncoding.EncodeToString(data[full*len(block):]) + `","eof":false}}`
	if string(r.Raw) != want {
		t.Fatalf("48 MiB read: a %d-byte reply differs from the expected %d bytes", len(r.Raw), len(want))
	}
	if r := f.read(h, 1); r.Count != 0 || !r.EOF {
		t.Fatalf("read at the end: %+v", r)
	}
	tail := int64(3<<20 - 7)
	f.expect("guest-file-seek", fmt.Sprintf(`{"handle":%d,"offset":%d,"whence":"end"}`, h, -tail),
		fmt.Sprintf(`{"return":{"position":%d,"eof":false}}`, size-tail))
	var got []byte
	for {
		r := f.read(h, 1<<20)
		got = append(got, r.Buf...)
		if r.EOF {
			break
		}
	}
	if !bytes.Equal(got, data[size-tail:]) {
		t.Fatalf("chunked read of the tail: %d bytes, want %d", len(got), tail)
	}
}

var fileChunks = []struct {
	name string
	size int
}{{"64KiB", 64 << 10}, {"1MiB", 1 << 20}, {"4MiB", 4 << 20}}

// BenchmarkFileRead measures guest-file-read throughput (MB/s of file
// data) over the unix socket with the client library: request written,
// reply line read and parsed, as a host does.
func BenchmarkFileRead(b *testing.B) {
	const size = 64 << 20
	root, p := b.TempDir(), "/data"
	data := make([]byte, size)
	rand.Read(data)
	if err := os.WriteFile(filepath.Join(root, p), data, 0o644); err != nil {
		b.Fatal(err)
	}
	for _, ch := range fileChunks {
		b.Run(ch.name, func(b *testing.B) {
			c := start(b, "--sim-root", root).dial()
			c.SetTimeout(time.Minute)
			var h int64
			if err := c.Do("guest-file-open", map[string]string{"path": p}, &h); err != nil {
				b.Fatal(err)
			}
			read := []byte(fmt.Sprintf(`{"execute":"guest-file-read","arguments":{"handle":%d,"count":%d}}`, h, ch.size))
			rewind := []byte(fmt.Sprintf(`{"execute":"guest-file-seek","arguments":{"handle":%d,"offset":0,"whence":0}}`, h))
			b.SetBytes(int64(ch.size))
			pos := 0
			for b.Loop() {
				if pos+ch.size > size {
					benchCall(b, c, rewind)
					pos = 0
				}
				benchCall(b, c, read)
				pos += ch.size
			}
		})
	}
}

// BenchmarkFileWrite measures guest-file-write throughput (MB/s of file
// data, base64-encoded in the request) over the unix socket.
func BenchmarkFileWrite(b *testing.B) {
	for _, ch := range fileChunks {
		b.Run(ch.name, func(b *testing.B) {
			c := start(b).dial()
			c.SetTimeout(time.Minute)
			var h int64
			if err := c.Do("guest-file-open", map[string]string{"path": "/out", "mode": "w"}, &h); err != nil {
				b.Fatal(err)
			}
			data := make([]byte, ch.size)
			rand.Read(data)
			req := []byte(fmt.Sprintf(`{"execute":"guest-file-write","arguments":{"handle":%d,"buf-b64":"%s"}}`,
				h, base64.StdEncoding.EncodeToString(data)))
			rewind := []byte(fmt.Sprintf(`{"execute":"guest-file-seek","arguments":{"handle":%d,"offset":0,"whence":0}}`, h))
			b.SetBytes(int64(ch.size))
			written := 0
			for b.Loop() {
				if written >= 64<<20 { // keep the file small: rewrite it from the start
					benchCall(b, c, rewind)
					written = 0
				}
				benchCall(b, c, req)
				written += ch.size
			}
		})
	}
}

func benchCall(b *testing.B, c *client.Client, req []byte) {
	if err := c.WriteRaw(req); err != nil {
		b.Fatal(err)
	}
	r, err := c.ReadReply()
	if err != nil {
		b.Fatal(err)
	}
	if r.Error != nil {
		b.Fatal(r.Error)
	}
}

// TestFilesLargeWritesInARow: a run of large writes, some pipelined, each
// assembled in the buffer the one before handed back (Reply.Recycle),
// lands on disk byte for byte. Under -race, a buffer reused while its
// request still held it would be reported.
func TestFilesLargeWritesInARow(t *testing.T) {
	a := start(t)
	f := files(t, a)
	p := "/big"
	h := f.open(p, "w")
	var want []byte
	req := func(i int) string {
		chunk := bytes.Repeat([]byte{byte('a' + i)}, 2<<20+i)
		want = append(want, chunk...)
		args, _ := json.Marshal(map[string]any{"handle": h, "buf-b64": chunk})
		return `{"execute":"guest-file-write","arguments":` + string(args) + `}`
	}
	for i := 0; i < 8; i++ {
		if i%3 == 2 { // two at once: the second is framed before the first is answered
			write(t, f.c, req(i)+req(i+1))
			expect(t, f.c, fmt.Sprintf(`{"return":{"count":%d,"eof":false}}`, 2<<20+i))
			expect(t, f.c, fmt.Sprintf(`{"return":{"count":%d,"eof":false}}`, 2<<20+i+1))
			i++
			continue
		}
		write(t, f.c, req(i))
		expect(t, f.c, fmt.Sprintf(`{"return":{"count":%d,"eof":false}}`, 2<<20+i))
	}
	f.close(h)
	if b, _ := os.ReadFile(a.host(p)); !bytes.Equal(b, want) {
		t.Fatalf("file on disk: %d bytes, want %d, or different content", len(b), len(want))
	}
}

// TestFilesReadsInARow: a run of reads, some pipelined with a host slow
// to read, each built in the buffer the reply before it gave back once
// written (Reply.Written), returns every byte as on disk. (The ordering
// itself is checked where it is decided: channel's TestWrittenAfterTheWrite
// and files' TestReadReusesItsBufferOnlyAfterWritten.)
func TestFilesReadsInARow(t *testing.T) {
	a := start(t)
	f := files(t, a)
	const chunk = 4 << 20 // its reply, 5.6 MB, overfills the socket's buffer
	data := make([]byte, 6*chunk)
	rand.Read(data)
	p := "/data"
	os.WriteFile(a.host(p), data, 0o644)
	h := f.open(p, "r")
	req := fmt.Sprintf(`{"execute":"guest-file-read","arguments":{"handle":%d,"count":%d}}`, h, chunk)
	var got []byte
	for i := 0; i < 6; i++ {
		n := 1
		if i%3 == 1 {
			// Two at once, and the host slow to read: the first reply is
			// still being written while the second is built.
			n, i = 2, i+1
			write(t, f.c, req+req)
			time.Sleep(300 * time.Millisecond)
		} else {
			write(t, f.c, req)
		}
		for range n {
			r, err := f.c.ReadReply()
			if err != nil {
				t.Fatal(err)
			}
			var v struct {
				Buf []byte `json:"buf-b64"`
			}
			if err := r.Decode(&v); err != nil {
				t.Fatal(err)
			}
			got = append(got, v.Buf...)
		}
	}
	if !bytes.Equal(got, data) {
		t.Fatalf("read %d bytes that differ from the %d on disk", len(got), len(data))
	}
}
