package stats

import (
	"encoding/json"
	"strings"
	"syscall"
	"testing"

	"github.com/goqga/goqga/command"
	"github.com/goqga/goqga/os/kstat"
)

type fake struct {
	cpus  []kstat.CPUStat
	disks []kstat.DiskStat
	err   error
	calls int
}

func (f *fake) CPUStats() ([]kstat.CPUStat, error)   { f.calls++; return f.cpus, f.err }
func (f *fake) DiskStats() ([]kstat.DiskStat, error) { f.calls++; return f.disks, f.err }

func run(t *testing.T, f *fake, name string) string {
	t.Helper()
	l := New(f, nil)
	l.Ticks = 100
	req := &command.Request{Spec: &command.Spec{Name: name, Domain: Name}}
	step := l.Handle(req)
	if f.calls != 0 {
		t.Fatal("Handle read the OS inside the actor")
	}
	if step.Op == nil {
		return strings.TrimSpace(string(step.Reply.Line))
	}
	res, err := step.Op()
	return strings.TrimSpace(string(step.Then(res, err).Line))
}

func ticks(n int, v ...uint64) kstat.CPUStat {
	var c kstat.CPUStat
	c.N = n
	copy(c.Ticks[:], v)
	return c
}

// The fields qemu-ga shows for each number of counters, in ms.
func TestCPUStats(t *testing.T) {
	f := &fake{cpus: []kstat.CPUStat{
		ticks(10, 7383, 0, 1608, 28798, 195, 0, 127, 6, 0, 0),
		ticks(4, 1, 2, 3, 4),
		ticks(5, 1, 2, 3, 4, 5),
		ticks(6, 1, 2, 3, 4, 5, 6),
		ticks(8, 1, 2, 3, 4, 5, 6, 7, 8),
		ticks(9, 1, 2, 3, 4, 5, 6, 7, 8, 9),
	}}
	f.cpus[1].CPU = 1
	want := `{"return":[` +
		`{"type":"linux","cpu":0,"user":73830,"nice":0,"system":16080,"idle":287980,"iowait":1950,"irq":0,"softirq":1270,"steal":60,"guest":0,"guestnice":0},` +
		`{"type":"linux","cpu":1,"user":10,"nice":20,"system":30,"idle":40},` +
		`{"type":"linux","cpu":0,"user":10,"nice":20,"system":30,"idle":40,"iowait":50},` +
		`{"type":"linux","cpu":0,"user":10,"nice":20,"system":30,"idle":40,"iowait":50,"irq":60,"softirq":0},` +
		`{"type":"linux","cpu":0,"user":10,"nice":20,"system":30,"idle":40,"iowait":50,"irq":60,"softirq":70,"steal":80},` +
		`{"type":"linux","cpu":0,"user":10,"nice":20,"system":30,"idle":40,"iowait":50,"irq":60,"softirq":70,"steal":80,"guest":90}]}`
	if got := run(t, f, GetCPUStats); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	got := run(t, &fake{err: syscall.ENOENT}, GetCPUStats)
	if got != `{"error":{"class":"GenericError","desc":"failed to read CPU statistics: no such file or directory"}}` {
		t.Errorf("error: %s", got)
	}
	if got := run(t, &fake{}, GetCPUStats); got != `{"return":[]}` {
		t.Errorf("none: %s", got)
	}
}

func disk(name string, n int) kstat.DiskStat {
	d := kstat.DiskStat{Major: 8, Minor: 1, Name: name, N: n}
	for i := range n {
		d.Counters[i] = uint64(i + 1)
	}
	return d
}

func TestDiskStats(t *testing.T) {
	f := &fake{disks: []kstat.DiskStat{disk("sda", 17), disk("sda1", 4), disk("sdb", 11), disk("sdc", 15), disk("odd", 7)}}
	var got []struct {
		Name  string            `json:"name"`
		Stats map[string]uint64 `json:"stats"`
	}
	line := run(t, f, GetDiskStats)
	var env struct{ Return json.RawMessage }
	json.Unmarshal([]byte(line), &env)
	if err := json.Unmarshal(env.Return, &got); err != nil || len(got) != 5 {
		t.Fatalf("%s: %v", line, err)
	}
	full := `{"name":"sda","major":8,"minor":1,"stats":{"read-sectors":3,"read-ios":1,"read-merges":2,"write-sectors":7,"write-ios":5,"write-merges":6,` +
		`"discard-sectors":14,"discard-ios":12,"discard-merges":13,"flush-ios":16,"read-ticks":4,"write-ticks":8,"discard-ticks":15,"flush-ticks":17,` +
		`"ios-pgr":9,"total-ticks":10,"weight-ticks":11}}`
	if !strings.HasPrefix(line, `{"return":[`+full+`,`) {
		t.Errorf("17 counters: got %s\nwant it to start with %s", line, full)
	}
	want := map[string]map[string]uint64{
		"sda1": {"read-ios": 1, "read-sectors": 2, "write-ios": 3, "write-sectors": 4},
		"odd":  {},
	}
	for _, d := range got {
		if w, ok := want[d.Name]; ok && len(d.Stats) != len(w) {
			t.Errorf("%s: %v, want %v", d.Name, d.Stats, w)
		}
		for k, v := range want[d.Name] {
			if d.Stats[k] != v {
				t.Errorf("%s: %s = %d, want %d", d.Name, k, d.Stats[k], v)
			}
		}
	}
	if len(got[2].Stats) != 11 || len(got[3].Stats) != 15 {
		t.Errorf("11 and 15 counters: %v %v", got[2].Stats, got[3].Stats)
	}
}

func TestFrozenRule(t *testing.T) {
	for _, s := range Specs {
		if !s.AllowedFrozen {
			t.Errorf("%s reads /proc only and should run while frozen", s.Name)
		}
	}
}
