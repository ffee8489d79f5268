package trim

import (
	"bytes"
	"encoding/json"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"

	"github.com/goqga/goqga/os/blockdev"
	"github.com/goqga/goqga/os/freeze"
	ostrim "github.com/goqga/goqga/os/trim"
)

type fakeMounts []freeze.Mount

func (f fakeMounts) Mounts() ([]freeze.Mount, error) { return f, nil }

type noDevices struct{}

func (noDevices) Device(uint32, uint32) (blockdev.Device, error) { return blockdev.Device{}, nil }
func (noDevices) Disks() ([]blockdev.Disk, error)                { return nil, nil }
func (noDevices) DevOf(string) (uint32, uint32, error)           { return 0, 0, blockdev.ErrNotBlockDevice }
func (noDevices) Smart(string) (*blockdev.NVMeSmart, error)      { return nil, blockdev.ErrNotBlockDevice }

// fakeTrimmer answers per path; "/hung" never returns until released.
type fakeTrimmer struct {
	hang  chan struct{}
	mu    sync.Mutex
	calls []string
}

func (f *fakeTrimmer) called() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return strings.Join(f.calls, " ")
}

func (f *fakeTrimmer) Trim(path string, minimum uint64) (ostrim.Result, error) {
	f.mu.Lock()
	f.calls = append(f.calls, path)
	f.mu.Unlock()
	switch path {
	case "/":
		return ostrim.Result{Trimmed: 1 << 20, Minimum: max(minimum, 4096)}, nil
	case "/cdrom":
		return ostrim.Result{}, &ostrim.OpError{Op: "trim", Err: syscall.ENOTTY}
	case "/vfat":
		return ostrim.Result{}, &ostrim.OpError{Op: "trim", Err: syscall.EOPNOTSUPP}
	case "/ro":
		return ostrim.Result{}, &ostrim.OpError{Op: "trim", Err: syscall.EROFS}
	case "/gone":
		return ostrim.Result{}, &ostrim.OpError{Op: "open", Err: syscall.ENOENT}
	case "/hung":
		<-f.hang
	}
	return ostrim.Result{}, nil
}

// qemu-ga's per-path results and words, last mounted first; a hung trim
// costs its own path; one audit line.
func TestTrimAll(t *testing.T) {
	var logs bytes.Buffer
	log := zap.New(zapcore.NewCore(zapcore.NewJSONEncoder(zap.NewProductionEncoderConfig()), zapcore.AddSync(&logs), zap.InfoLevel))
	tr := &fakeTrimmer{hang: make(chan struct{})}
	defer close(tr.hang)
	l := New(Deps{
		Mounts: fakeMounts{
			{Path: "/", Major: 254, Minor: 1}, {Path: "/proc", Major: 0, Type: "proc"},
			{Path: "/cdrom", Major: 11}, {Path: "/vfat", Major: 8}, {Path: "/ro", Major: 8, Minor: 2},
			{Path: "/gone", Major: 8, Minor: 3}, {Path: "/hung", Major: 8, Minor: 4},
		},
		Devices: noDevices{}, Trimmer: tr, Timeout: 30 * time.Millisecond, Log: log,
	})
	res, err := l.trimAll(512)
	if err != nil {
		t.Fatal(err)
	}
	l.audit(512, res, err)
	b, _ := json.Marshal(res)
	want := `{"paths":[` +
		`{"path":"/hung","error":"failed to trim: no answer within 30ms (the device or mount may be hung)"},` +
		`{"path":"/gone","error":"failed to open: No such file or directory"},` +
		`{"path":"/ro","error":"failed to trim: Read-only file system"},` +
		`{"path":"/vfat","error":"trim not supported"},` +
		`{"path":"/cdrom","error":"trim not supported"},` +
		`{"path":"/","trimmed":1048576,"minimum":4096}]}`
	if string(b) != want {
		t.Errorf("got  %s\nwant %s", b, want)
	}
	lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
	if len(lines) != 1 || !strings.Contains(lines[0], `"command":"guest-fstrim"`) || !strings.Contains(lines[0], `"trimmed":1048576`) {
		t.Errorf("audit lines: %q", lines)
	}
	// A trim still stuck is not issued again.
	res, _ = l.trimAll(0)
	if n := strings.Count(tr.called(), "/hung"); n != 1 {
		t.Errorf("/hung trimmed %d times", n)
	}
	if got := res.Paths[0].Error; !strings.Contains(got, "still running") {
		t.Errorf("second trim of /hung: %q", got)
	}
}
