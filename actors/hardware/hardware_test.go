package hardware

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"syscall"
	"testing"
	"time"

	"go.uber.org/zap"
	"go.uber.org/zap/zaptest/observer"

	"github.com/goqga/goqga/command"
	"github.com/goqga/goqga/os/deadline"
	"github.com/goqga/goqga/os/hotplug"
)

// fake is a guest's CPUs and memory on paper; set fails for the ids in
// fail, and every call is counted so a test can see the actor made none.
type fake struct {
	cpus     []hotplug.CPU
	blocks   []hotplug.MemoryBlock
	size     uint64
	err      error
	fail     map[uint64]error
	calls    int
	setCalls []string
}

func (f *fake) CPUs() ([]hotplug.CPU, error) { f.calls++; return f.cpus, f.err }
func (f *fake) SetCPU(id int64, online bool) (bool, error) {
	f.calls++
	f.setCalls = append(f.setCalls, fmt.Sprintf("cpu%d=%v", id, online))
	if err := f.fail[uint64(id)]; err != nil {
		return false, err
	}
	return id != 0, nil
}
func (f *fake) MemoryBlocks() ([]hotplug.MemoryBlock, error) { f.calls++; return f.blocks, f.err }
func (f *fake) SetMemoryBlock(i uint64, online bool) (bool, error) {
	f.calls++
	f.setCalls = append(f.setCalls, fmt.Sprintf("memory%d=%v", i, online))
	if err := f.fail[i]; err != nil {
		return false, err
	}
	return true, nil
}
func (f *fake) MemoryBlockSize() (uint64, error) { f.calls++; return f.size, f.err }

func spec(name string) *command.Spec {
	for i := range Specs {
		if Specs[i].Name == name {
			return &Specs[i]
		}
	}
	panic(name)
}

// run handles one request as the actor would and returns the reply line
// and the audit lines it left.
func run(t *testing.T, f *fake, name, args string) (string, []observer.LoggedEntry) {
	t.Helper()
	core, logs := observer.New(zap.InfoLevel)
	l := New(f, zap.New(core))
	req := &command.Request{Spec: spec(name), ID: []byte("1")}
	if args != "" {
		req.Args = json.RawMessage(args)
	}
	step := l.Handle(req)
	if f.calls != 0 {
		t.Fatalf("%s: Handle called the OS inside the actor", name)
	}
	if step.Op == nil {
		return strings.TrimSuffix(string(step.Reply.Line), "\n"), logs.FilterMessage("audit").All()
	}
	res, err := step.Op()
	return strings.TrimSuffix(string(step.Then(res, err).Line), "\n"), logs.FilterMessage("audit").All()
}

var guest = func() *fake {
	return &fake{
		cpus:   []hotplug.CPU{{ID: 1, Online: false, CanOffline: true}, {ID: 0, Online: true}},
		blocks: []hotplug.MemoryBlock{{Index: 32, Online: true, CanOffline: true}, {Index: 0, Online: true}},
		size:   128 << 20,
	}
}

func TestReaders(t *testing.T) {
	eio := syscall.EIO
	tests := []struct {
		name string
		f    *fake
		want string
	}{
		{GetVCPUs, guest(), `{"return":[{"logical-id":1,"online":false,"can-offline":true},{"logical-id":0,"online":true,"can-offline":false}],"id":1}`},
		{GetVCPUs, &fake{}, `{"error":{"class":"GenericError","desc":"the guest lists no vCPUs in sysfs"},"id":1}`},
		{GetVCPUs, &fake{err: eio}, `{"error":{"class":"GenericError","desc":"failed to list vCPUs: input/output error"},"id":1}`},
		{GetMemoryBlocks, guest(), `{"return":[{"phys-index":32,"online":true,"can-offline":true},{"phys-index":0,"online":true,"can-offline":false}],"id":1}`},
		{GetMemoryBlocks, &fake{err: hotplug.ErrNoMemory}, `{"return":[],"id":1}`},
		{GetMemoryBlocks, &fake{}, `{"error":{"class":"GenericError","desc":"guest reported zero memory blocks!"},"id":1}`},
		{GetMemoryBlockInfo, guest(), `{"return":{"size":134217728},"id":1}`},
		{GetMemoryBlockInfo, &fake{err: eio}, `{"error":{"class":"GenericError","desc":"failed to read the memory block size: input/output error"},"id":1}`},
	}
	for _, tt := range tests {
		got, audits := run(t, tt.f, tt.name, "")
		if got != tt.want || len(audits) != 0 {
			t.Errorf("%s:\n got %s (%d audit lines)\nwant %s", tt.name, got, len(audits), tt.want)
		}
	}
}

func vcpus(entries ...string) string { return `{"vcpus":[` + strings.Join(entries, ",") + `]}` }

func TestSetVCPUs(t *testing.T) {
	busy := &fakeErr{"cpu2/online", syscall.EBUSY}
	tests := []struct {
		name, args, want string
		calls            []string
		offlined         int64
	}{
		{"all", vcpus(`{"logical-id":1,"online":false}`, `{"logical-id":2,"online":true,"can-offline":false}`),
			`{"return":2,"id":1}`, []string{"cpu1=false", "cpu2=true"}, 1},
		{"empty", vcpus(), `{"return":0,"id":1}`, nil, 0},
		// Stops at the first failure; what was done before stays done.
		{"partial", vcpus(`{"logical-id":1,"online":false}`, `{"logical-id":3,"online":false}`, `{"logical-id":1,"online":true}`),
			`{"return":1,"id":1}`, []string{"cpu1=false", "cpu3=false"}, 1},
		{"first fails", vcpus(`{"logical-id":3,"online":false}`, `{"logical-id":1,"online":false}`),
			`{"error":{"class":"GenericError","desc":"sim cpu2/online: device or resource busy"},"id":1}`, []string{"cpu3=false"}, 0},
	}
	for _, tt := range tests {
		f := guest()
		f.fail = map[uint64]error{3: busy}
		got, audits := run(t, f, SetVCPUs, tt.args)
		if got != tt.want || strings.Join(f.setCalls, " ") != strings.Join(tt.calls, " ") {
			t.Errorf("%s: got %s after %v\nwant %s after %v", tt.name, got, f.setCalls, tt.want, tt.calls)
		}
		if len(audits) != 1 || audits[0].ContextMap()["command"] != SetVCPUs || audits[0].ContextMap()["offlined"] != tt.offlined {
			t.Errorf("%s: audit lines %+v", tt.name, audits)
		}
	}
}

type fakeErr struct {
	path  string
	errno syscall.Errno
}

func (e *fakeErr) Error() string { return "sim " + e.path + ": " + e.errno.Error() }
func (e *fakeErr) Unwrap() error { return e.errno }

func TestSetMemoryBlocks(t *testing.T) {
	f := guest()
	f.fail = map[uint64]error{
		7:  fmt.Errorf("%w: %w", hotplug.ErrNotFound, syscall.ENOENT),
		8:  fmt.Errorf("%w: %w", hotplug.ErrUnsupported, syscall.ENOENT),
		9:  &fakeErr{"memory9/state", syscall.EBUSY},
		10: errors.New("no errno"),
		11: deadline.ErrBusy,
		12: &deadline.TimeoutError{After: time.Minute},
	}
	got, audits := run(t, f, SetMemoryBlocks, `{"mem-blks":[{"phys-index":32,"online":false},{"phys-index":7,"online":false},`+
		`{"phys-index":8,"online":false},{"phys-index":9,"online":false,"can-offline":true},{"phys-index":10,"online":true},`+
		`{"phys-index":11,"online":true},{"phys-index":12,"online":false}]}`)
	want := `{"return":[{"phys-index":32,"response":"success"},{"phys-index":7,"response":"not-found","error-code":2},` +
		`{"phys-index":8,"response":"operation-not-supported","error-code":2},{"phys-index":9,"response":"operation-failed","error-code":16},` +
		`{"phys-index":10,"response":"operation-failed","error-code":5},{"phys-index":11,"response":"operation-failed","error-code":16},` +
		`{"phys-index":12,"response":"operation-failed","error-code":110}],"id":1}`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if len(f.setCalls) != 7 {
		t.Errorf("every block is tried: %v", f.setCalls)
	}
	if len(audits) != 1 || audits[0].ContextMap()["failed"] != int64(6) || audits[0].ContextMap()["offlined"] != int64(1) {
		t.Errorf("audit lines %+v", audits)
	}
	got, _ = run(t, guest(), SetMemoryBlocks, `{"mem-blks":[]}`)
	if got != `{"return":[],"id":1}` {
		t.Errorf("empty list: %s", got)
	}
	got, audits = run(t, guest(), SetMemoryBlocks, `{"mem-blks":[{"phys-index":1,"online":true},{"phys-index":-1,"online":true}]}`)
	if got != `{"error":{"class":"GenericError","desc":"Invalid parameter type for 'mem-blks[1].phys-index', expected: uint64"},"id":1}` || len(audits) != 0 {
		t.Errorf("negative index: %s, %d audit lines", got, len(audits))
	}
}

// The setters are refused while frozen; the readers are not.
func TestFrozenRule(t *testing.T) {
	for _, s := range Specs {
		if s.AllowedFrozen == strings.HasPrefix(s.Name, "guest-set-") {
			t.Errorf("%s: AllowedFrozen %v", s.Name, s.AllowedFrozen)
		}
	}
}

// Audit lines bound the ids they list but count every change.
func TestAuditBound(t *testing.T) {
	var c changes
	for i := range 100 {
		c.add(uint64(i), i%2 == 0)
	}
	if len(c.online) != maxAudited || len(c.offline) != maxAudited || c.onlined != 50 || c.offlined != 50 {
		t.Fatalf("%+v", c)
	}
}

// An Op that never ran (an actor fault) fails the request with its
// error and still leaves the one audit line.
func TestSetterOpFailed(t *testing.T) {
	for _, name := range []string{SetVCPUs, SetMemoryBlocks} {
		core, logs := observer.New(zap.InfoLevel)
		l := New(guest(), zap.New(core))
		step := l.Handle(&command.Request{Spec: spec(name), Args: json.RawMessage(`{"vcpus":[],"mem-blks":[]}`)})
		got := string(step.Then(nil, syscall.EIO).Line)
		if !strings.Contains(got, "input/output error") || logs.FilterMessage("audit").Len() != 1 {
			t.Errorf("%s: %s, %d audit lines", name, got, logs.Len())
		}
	}
}
