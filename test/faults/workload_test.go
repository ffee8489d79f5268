package faults

import (
	"encoding/json"
	"time"

	"github.com/goqga/goqga/client"
)

// step is one request of a workload and what came back.
type step struct {
	cmd   string
	args  any
	reply *client.Reply // nil: no reply
}

// workload drives one domain through its commands once.
type workload func(f *fixture) []step

type args = map[string]any

// run records each call as a step.
type recorder struct {
	f     *fixture
	steps []step
}

func (r *recorder) do(cmd string, a any) *client.Reply {
	r.f.t.Helper()
	rep := r.f.call(cmd, a)
	r.steps = append(r.steps, step{cmd: cmd, args: a, reply: rep})
	return rep
}

// filesWork opens a file, writes, seeks, reads, flushes and closes it:
// every os.* call of the files domain. A failed open ends it (there is
// no handle to go on with).
func filesWork(f *fixture) []step {
	r := &recorder{f: f}
	rep := r.do("guest-file-open", args{"path": "/data.txt", "mode": "w+"})
	var h int64
	if rep == nil || rep.Error != nil || json.Unmarshal(rep.Return, &h) != nil {
		return r.steps
	}
	r.do("guest-file-write", args{"handle": h, "buf-b64": "aGVsbG8gd29ybGQ="})
	r.do("guest-file-seek", args{"handle": h, "offset": 0, "whence": "set"})
	r.do("guest-file-read", args{"handle": h, "count": 5})
	r.do("guest-file-flush", args{"handle": h})
	r.do("guest-file-close", args{"handle": h})
	return r.steps
}

// powerWork suspends and shuts the simulated guest down every way.
func powerWork(f *fixture) []step {
	r := &recorder{f: f}
	for _, cmd := range []string{"guest-suspend-ram", "guest-suspend-disk", "guest-suspend-hybrid"} {
		r.do(cmd, nil)
	}
	r.do("guest-shutdown", nil)
	for _, m := range []string{"halt", "reboot"} {
		r.do("guest-shutdown", args{"mode": m})
	}
	return r.steps
}

func netWork(f *fixture) []step {
	r := &recorder{f: f}
	r.do("guest-network-get-interfaces", nil)
	r.do("guest-network-get-route", nil)
	return r.steps
}

// hardwareWork reads the simulated vCPUs and memory blocks and takes one
// of each offline and back online, one set request each (a panic then
// costs one restart a round).
func hardwareWork(f *fixture) []step {
	r := &recorder{f: f}
	r.do("guest-get-vcpus", nil)
	r.do("guest-set-vcpus", args{"vcpus": []args{{"logical-id": 1, "online": false}, {"logical-id": 1, "online": true}}})
	r.do("guest-get-memory-blocks", nil)
	r.do("guest-set-memory-blocks", args{"mem-blks": []args{{"phys-index": 3, "online": false}, {"phys-index": 3, "online": true}}})
	r.do("guest-get-memory-block-info", nil)
	return r.steps
}

func statsWork(f *fixture) []step {
	r := &recorder{f: f}
	r.do("guest-get-cpustats", nil)
	r.do("guest-get-diskstats", nil)
	return r.steps
}

// filesystemWork asks the default simulated guest's filesystems and disks.
func filesystemWork(f *fixture) []step {
	r := &recorder{f: f}
	r.do("guest-get-fsinfo", nil)
	r.do("guest-get-disks", nil)
	return r.steps
}

// trimWork trims the default simulated guest's filesystems.
func trimWork(f *fixture) []step {
	r := &recorder{f: f}
	r.do("guest-fstrim", args{"minimum": 0})
	return r.steps
}

// credWork lists alice's keys, adds a key to root's and removes it, and
// sets alice's password: every os.* call of the credentials domain.
func credWork(f *fixture) []step {
	r := &recorder{f: f}
	r.do("guest-ssh-get-authorized-keys", args{"username": "alice"})
	r.do("guest-ssh-add-authorized-keys", args{"username": "root", "keys": []string{"ssh-ed25519 AAAAfault k"}})
	r.do("guest-ssh-remove-authorized-keys", args{"username": "root", "keys": []string{"ssh-ed25519 AAAAfault k"}})
	r.do("guest-set-user-password", args{"username": "alice", "password": "aHVudGVyMg==", "crypted": false})
	return r.steps
}

func coreWork(f *fixture) []step {
	r := &recorder{f: f}
	r.do("guest-ping", nil)
	r.do("guest-sync", args{"id": 77})
	r.do("guest-info", nil)
	return r.steps
}

// freezeWork freezes and thaws, asking the status around both.
func freezeWork(f *fixture) []step {
	r := &recorder{f: f}
	for _, cmd := range []string{"guest-fsfreeze-status", "guest-fsfreeze-freeze", "guest-fsfreeze-status", "guest-fsfreeze-thaw", "guest-fsfreeze-status"} {
		r.do(cmd, nil)
	}
	return r.steps
}

// baseline is what each command answers with no fault: "" success,
// "(none)" no reply, else an error text.
var baseline = map[string]string{
	"guest-suspend-ram":    "(none)",
	"guest-suspend-disk":   "(none)",
	"guest-suspend-hybrid": "GenericError: the requested suspend mode is not supported by the guest",
	"guest-shutdown":       "(none)",
}

// execWork runs the simulated guest's echo and collects its result. The
// polls while it runs are not steps (how many there are is timing); the
// step is the answer that ends the process's life in the table.
func execWork(f *fixture) []step {
	r := &recorder{f: f}
	rep := r.do("guest-exec", args{"path": "/bin/echo", "arg": []string{"hi"}, "capture-output": true})
	var started struct{ Pid int }
	if rep == nil || rep.Error != nil || json.Unmarshal(rep.Return, &started) != nil {
		return r.steps
	}
	a := args{"pid": started.Pid}
	for range 500 {
		st := f.call("guest-exec-status", a)
		if st == nil || st.Error != nil || string(st.Return) != `{"exited":false}` {
			r.steps = append(r.steps, step{cmd: "guest-exec-status", args: a, reply: st})
			return r.steps
		}
		time.Sleep(2 * time.Millisecond)
	}
	f.t.Fatalf("process %d never ended", started.Pid)
	return nil
}
