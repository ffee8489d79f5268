package blackbox

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The simulated guest's storage (os/sim/storage.go): / on LVM over a
// virtio partition, /data straight on a SCSI disk, /proc left out, /mnt
// mounted on a device sysfs does not have.
const storageWorld = `{"mounts":[
	{"path":"/","type":"ext4","dev":"253:0"},
	{"path":"/proc","type":"proc","dev":"0:21"},
	{"path":"/data","type":"xfs","dev":"8:16"},
	{"path":"/mnt","type":"ext4","dev":"9:9"}],
 "storage":{"disks":[
	{"name":"vda","dev":"252:0","address":{"bus-type":"virtio","pci":"0000:00:04.0","serial":"os"},
	 "partitions":[{"name":"vda1","dev":"252:1"}]},
	{"name":"sdb","dev":"8:16","address":{"bus-type":"scsi","pci":"0000:00:05.0","unit":2}},
	{"name":"dm-0","dev":"253:0","slaves":["vda1"],"alias":"vg-root"},
	{"name":"loop3","dev":"7:3","empty":true}],
  "usage":{"/":{"size":4096000,"free":1228800,"avail":1024000},"/data":{"size":8192,"free":8192,"avail":8192,"frsize":1024}},
  "trim":{"/mnt":{"error":"EIO"}}}}`

const (
	fsinfoReq = `{"execute":"guest-get-fsinfo"}`
	disksReq  = `{"execute":"guest-get-disks"}`
	fstrimReq = `{"execute":"guest-fstrim","arguments":{"minimum":4096}}`
	pingReq   = `{"execute":"guest-ping"}`

	vda1   = `{"pci-controller":{"domain":0,"bus":0,"slot":4,"function":0},"bus-type":"virtio","bus":0,"target":0,"unit":0,"serial":"os","dev":"/dev/vda1"}`
	sdb    = `{"pci-controller":{"domain":0,"bus":0,"slot":5,"function":0},"bus-type":"scsi","bus":0,"target":0,"unit":2,"dev":"/dev/sdb"}`
	rootFS = `{"name":"dm-0","mountpoint":"/","type":"ext4","used-bytes":2867200,"total-bytes":3891200,"total-bytes-privileged":4096000,"disk":[` + vda1 + `]}`
	// fsinfoWant is last mounted first, as qemu-ga lists them.
	fsinfoWant = `{"return":[` +
		`{"name":"9:9","mountpoint":"/mnt","type":"ext4","disk":[]},` +
		`{"name":"sdb","mountpoint":"/data","type":"xfs","used-bytes":0,"total-bytes":8192,"total-bytes-privileged":8192,"disk":[` + sdb + `]},` +
		rootFS + `]}`
)

func TestFsinfoSim(t *testing.T) {
	c := start(t, "--sim-config", writeWorld(t, storageWorld)).dial()
	call(t, c, fsinfoReq, fsinfoWant)
}

func TestDisksSim(t *testing.T) {
	c := start(t, "--sim-config", writeWorld(t, storageWorld)).dial()
	call(t, c, disksReq, `{"return":[`+
		`{"name":"/dev/dm-0","partition":false,"dependencies":["/dev/vda1"],"alias":"vg-root"},`+
		`{"name":"/dev/sdb","partition":false,"dependencies":[],"address":`+sdb+`},`+
		`{"name":"/dev/vda1","partition":true,"dependencies":["/dev/vda"]},`+
		`{"name":"/dev/vda","partition":false,"dependencies":[],"address":`+strings.Replace(vda1, "vda1", "vda", 1)+`}]}`)
}

// The default world has sizes and addresses for all its filesystems.
func TestFsinfoSimDefault(t *testing.T) {
	c := start(t).dial()
	write(t, c, fsinfoReq)
	got := reply(t, c)
	for _, want := range []string{`"mountpoint":"/home"`, `"mountpoint":"/boot"`, `"mountpoint":"/"`} {
		if !strings.Contains(got, want) {
			t.Errorf("no %s in %s", want, got)
		}
	}
	if strings.Count(got, `"total-bytes-privileged"`) != 3 || strings.Contains(got, `"/proc"`) {
		t.Errorf("fsinfo: %s", got)
	}
}

// fstrim: qemu-ga's per-path results, one journal line per trim, one
// audit line, and refused while frozen.
func TestFstrimSim(t *testing.T) {
	a, j := startJournaled(t, "--sim-config", writeWorld(t, storageWorld))
	c := a.dial()
	call(t, c, fstrimReq, `{"return":{"paths":[`+
		`{"path":"/mnt","error":"failed to trim: Input/output error"},`+
		`{"path":"/data","trimmed":8192,"minimum":4096},`+
		`{"path":"/","trimmed":1228800,"minimum":4096}]}}`)
	j.expect(t, `{"minimum":4096,"mount":"/","op":"fstrim","trimmed":1228800}`,
		`{"minimum":4096,"mount":"/data","op":"fstrim","trimmed":8192}`)
	// The log reaches stderr's pipe a moment after the reply: wait for it.
	audits := func() int { return strings.Count(a.stderr.String(), `"command": "guest-fstrim"`) }
	for i := 0; i < 1000 && audits() == 0; i++ { // up to 10 s: CI machines are loaded
		time.Sleep(10 * time.Millisecond)
	}
	if n := audits(); n != 1 {
		t.Errorf("%d audit lines for one fstrim:\n%s", n, a.stderr)
	}
	call(t, c, freezeReq, `{"return":3}`)
	call(t, c, fstrimReq, refusedFrozen("guest-fstrim"))
	call(t, c, thawReq, `{"return":3}`)
}

// A statvfs that hangs costs its filesystem's sizes after the deadline;
// the next fsinfo answers at once, without asking the hung mount again.
func TestFsinfoHungStatvfs(t *testing.T) {
	c := start(t, "--sim-config", writeWorld(t, storageWorld), "--faults", "os.statvfs@/data=hang").dial()
	want := strings.Replace(fsinfoWant, `"used-bytes":0,"total-bytes":8192,"total-bytes-privileged":8192,`, "", 1)
	for i, limit := range []time.Duration{4 * time.Second, time.Second} {
		t0 := time.Now()
		call(t, c, fsinfoReq, want)
		if d := time.Since(t0); d > limit {
			t.Errorf("fsinfo %d took %v", i, d)
		}
	}
}

// A FITRIM that hangs holds only its own request: once the host gives up
// on that session, a new one is served at once by every domain, fsinfo
// included (trim is a domain of its own).
func TestFstrimHungOthersAnswer(t *testing.T) {
	a := start(t, "--sim-config", writeWorld(t, storageWorld), "--faults", "os.fitrim@/data=hang")
	c := a.dial()
	write(t, c, fstrimReq, pingReq)
	time.Sleep(200 * time.Millisecond) // the trim is stuck in FITRIM
	c.Close()
	d := a.dial()
	t0 := time.Now()
	call(t, d, `{"execute":"guest-sync","arguments":{"id":7}}`, `{"return":7}`)
	call(t, d, pingReq, `{"return":{}}`)
	call(t, d, statusReq, `{"return":"thawed"}`)
	call(t, d, fsinfoReq, fsinfoWant)
	write(t, d, disksReq)
	if got := reply(t, d); !strings.HasPrefix(got, `{"return":[{"name":"/dev/dm-0"`) {
		t.Errorf("disks: %s", got)
	}
	if el := time.Since(t0); el > time.Second {
		t.Errorf("the others took %v while a trim hung", el)
	}
}

// A world the storage backends cannot serve stops the agent at start-up,
// naming what is wrong.
func TestStorageSimConfigErrors(t *testing.T) {
	for world, want := range map[string]string{
		`{"storage":{"disks":[{"name":"dm-0","dev":"253:0","slaves":["vdz"]}]}}`: `unknown slave "vdz"`,
		`{"storage":{"usage":{"/":{"size":10,"free":20,"avail":5}}}}`:            "want avail <= free <= size",
		`{"storage":{"trim":{"/":{"error":"EWHAT"}}}}`:                           `unknown errno "EWHAT"`,
	} {
		_, stderr, code := runAgent(t, nil, "-m", "unix-listen", "-p", filepath.Join(t.TempDir(), "s"),
			"-t", t.TempDir(), "--os", "sim", "--sim-config", writeWorld(t, world))
		if code == 0 || !strings.Contains(stderr, want) {
			t.Errorf("%s: exit %d, stderr %q, want %q", world, code, stderr, want)
		}
	}
}
