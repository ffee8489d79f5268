package blackbox

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/goqga/goqga/client"
)

const netCall = `{"execute":"guest-network-get-interfaces"}`

const zeroStats = `{"rx-bytes":0,"rx-packets":0,"rx-errs":0,"rx-dropped":0,"tx-bytes":0,"tx-packets":0,"tx-errs":0,"tx-dropped":0}`

func TestNetSimDefault(t *testing.T) {
	c := start(t).dial()
	write(t, c, netCall)
	expect(t, c, `{"return":[`+
		`{"name":"lo","hardware-address":"00:00:00:00:00:00","ip-addresses":[`+
		`{"ip-address":"127.0.0.1","ip-address-type":"ipv4","prefix":8},`+
		`{"ip-address":"::1","ip-address-type":"ipv6","prefix":128}],"statistics":`+zeroStats+`},`+
		`{"name":"eth0","hardware-address":"52:54:00:12:34:56","ip-addresses":[`+
		`{"ip-address":"192.0.2.10","ip-address-type":"ipv4","prefix":24},`+
		`{"ip-address":"2001:db8::10","ip-address-type":"ipv6","prefix":64}],"statistics":`+zeroStats+`}]}`)
}

// writeWorld writes a --sim-config file.
func writeWorld(t *testing.T, world string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "world.json")
	if err := os.WriteFile(p, []byte(world), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// A configured guest: no addresses means name and MAC only, no MAC means
// no hardware-address, counters come from the world.
func TestNetSimConfig(t *testing.T) {
	world := writeWorld(t, `{"interfaces":[
		{"name":"ens3","mac":"52:54:00:AB:CD:EF","addrs":["fe80::5054:ff:feab:cdef/64","198.51.100.7/25"],
		 "stats":{"rx-bytes":1000,"rx-packets":10,"rx-errs":1,"rx-dropped":2,"tx-bytes":500,"tx-packets":5,"tx-errs":3,"tx-dropped":4}},
		{"name":"ens4","mac":"52:54:00:00:00:02"},
		{"name":"wg0","addrs":["10.8.0.2/32"]}]}`)
	c := start(t, "--sim-config", world).dial()
	write(t, c, `{"execute":"guest-network-get-interfaces","id":"n"}`)
	expect(t, c, `{"return":[`+
		`{"name":"ens3","hardware-address":"52:54:00:ab:cd:ef","ip-addresses":[`+
		`{"ip-address":"198.51.100.7","ip-address-type":"ipv4","prefix":25},`+
		`{"ip-address":"fe80::5054:ff:feab:cdef","ip-address-type":"ipv6","prefix":64}],`+
		`"statistics":{"rx-bytes":1000,"rx-packets":10,"rx-errs":1,"rx-dropped":2,"tx-bytes":500,"tx-packets":5,"tx-errs":3,"tx-dropped":4}},`+
		`{"name":"ens4","hardware-address":"52:54:00:00:00:02"},`+
		`{"name":"wg0","ip-addresses":[{"ip-address":"10.8.0.2","ip-address-type":"ipv4","prefix":32}],"statistics":`+zeroStats+`}],"id":"n"}`)
}

func TestNetSimConfigErrors(t *testing.T) {
	world := writeWorld(t, `{"interfaces":[{"name":"eth0","addrs":["192.0.2.1"]}]}`)
	_, stderr, code := runAgent(t, nil, "-m", "unix-listen", "-p", filepath.Join(t.TempDir(), "s"),
		"-t", t.TempDir(), "--os", "sim", "--sim-config", world)
	if code == 0 || !strings.Contains(stderr, `bad address "192.0.2.1"`) {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
}

func TestNetFaults(t *testing.T) {
	c := start(t, "--faults", "os.netinfo@links=error(EIO)*1,os.netinfo@/proc/net/dev=error(ENOENT)").dial()
	write(t, c, netCall, netCall)
	expect(t, c,
		`{"error":{"class":"GenericError","desc":"failed to list network interfaces: injected fault: input/output error"}}`,
		`{"return":[`+
			`{"name":"lo","hardware-address":"00:00:00:00:00:00","ip-addresses":[`+
			`{"ip-address":"127.0.0.1","ip-address-type":"ipv4","prefix":8},`+
			`{"ip-address":"::1","ip-address-type":"ipv6","prefix":128}]},`+
			`{"name":"eth0","hardware-address":"52:54:00:12:34:56","ip-addresses":[`+
			`{"ip-address":"192.0.2.10","ip-address-type":"ipv4","prefix":24},`+
			`{"ip-address":"2001:db8::10","ip-address-type":"ipv6","prefix":64}]}]}`)
}

// qemuGA is Debian's qemu-ga; the comparison tests need it (.ci/run
// installs it).
const qemuGA = "/usr/sbin/qemu-ga"

// dangerous are blocked in both agents whenever they run against the
// real machine: nothing may freeze, stop or change it.
const dangerous = "guest-shutdown,guest-suspend-disk,guest-suspend-ram,guest-suspend-hybrid," +
	"guest-fsfreeze-freeze,guest-fsfreeze-freeze-list,guest-set-time,guest-set-vcpus," +
	"guest-set-memory-blocks,guest-set-user-password,guest-exec,guest-file-open,guest-fstrim," +
	"guest-ssh-add-authorized-keys,guest-ssh-remove-authorized-keys"

// netIface is one interface of a reply, loosely typed for comparison.
type netIface struct {
	Name       string            `json:"name"`
	HWAddr     *string           `json:"hardware-address"`
	Addrs      []json.RawMessage `json:"ip-addresses"`
	Statistics map[string]uint64 `json:"statistics"`
}

func interfaces(t *testing.T, sock string) []netIface {
	t.Helper()
	c, err := client.Dial("unix", sock, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	var out []netIface
	if err := c.Do("guest-network-get-interfaces", nil, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// compareNet checks ours against qemu-ga's answer, fetched first:
// everything equal, except counters, which may only have grown since.
func compareNet(theirs, ours []netIface) []string {
	var diffs []string
	if len(theirs) != len(ours) {
		return []string{"interface count differs"}
	}
	for i := range theirs {
		a, b := theirs[i], ours[i]
		if a.Name != b.Name || !reflect.DeepEqual(a.HWAddr, b.HWAddr) {
			diffs = append(diffs, "interface "+a.Name+"/"+b.Name+": name or hardware-address")
		}
		if !reflect.DeepEqual(canon(a.Addrs), canon(b.Addrs)) {
			diffs = append(diffs, a.Name+": ip-addresses")
		}
		if (a.Statistics == nil) != (b.Statistics == nil) || len(a.Statistics) != len(b.Statistics) {
			diffs = append(diffs, a.Name+": statistics presence or keys")
		}
		for k, v := range a.Statistics {
			if w, ok := b.Statistics[k]; !ok || w < v {
				diffs = append(diffs, a.Name+": statistics "+k+" went backwards or is missing")
			}
		}
	}
	return diffs
}

// canon re-encodes addresses so key order does not matter.
func canon(raws []json.RawMessage) []map[string]any {
	out := make([]map[string]any, len(raws))
	for i, r := range raws {
		_ = json.Unmarshal(r, &out[i])
	}
	return out
}

// startQemuGA runs Debian's qemu-ga on a unix socket, the dangerous
// commands blocked.
func startQemuGA(t testing.TB) string {
	t.Helper()
	sock, _ := startQemuGAPid(t)
	return sock
}

// startQemuGAPid is startQemuGA that also returns qemu-ga's pid.
func startQemuGAPid(t testing.TB) (string, int) { return startQemuGABlocking(t, dangerous) }

// startQemuGABlocking is startQemuGAPid with its own block list.
func startQemuGABlocking(t testing.TB, block string) (string, int) {
	t.Helper()
	dir := t.TempDir()
	sock := filepath.Join(dir, "qemu-ga.sock")
	cmd := exec.Command(qemuGA, "-m", "unix-listen", "-p", sock, "-t", dir, "-b", block)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	waitPath(t, sock)
	return sock, cmd.Process.Pid
}

func waitPath(t testing.TB, p string) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if _, err := os.Stat(p); err == nil {
			return
		}
	}
	t.Fatalf("%s never appeared", p)
}

func needQemuGA(t testing.TB) {
	if _, err := os.Stat(qemuGA); err != nil {
		t.Skip("qemu-ga is not installed (.ci/run installs it)")
	}
}

// TestNetMatchesQemuGA compares the Linux backend with qemu-ga on this
// machine's own network. Both only read it.
func TestNetMatchesQemuGA(t *testing.T) {
	needQemuGA(t)
	theirSock := startQemuGA(t)
	ours := start(t, "--os", "linux", "-b", dangerous)
	// Interfaces may come and go on a shared machine: one retry.
	var diffs []string
	for range 2 {
		theirs := interfaces(t, theirSock)
		if diffs = compareNet(theirs, interfaces(t, ours.sock)); len(diffs) == 0 {
			if len(theirs) == 0 || theirs[0].Name != "lo" {
				t.Fatalf("unexpected reply %+v", theirs)
			}
			return
		}
	}
	t.Fatalf("differences from qemu-ga: %v", diffs)
}

// nsSetup builds a network namespace with what getifaddrs makes subtle:
// a point-to-point address, an alias label, IPv4-mapped and -compatible
// IPv6 addresses, links without hardware address or without addresses.
const nsSetup = `set -e
ip link set lo up
ip tuntap add t1 mode tun
ip tuntap add tp0 mode tap
ip tuntap add t2 mode tun
ip link set t1 up
ip link set tp0 up
ip addr add 10.1.2.3/24 dev tp0 label tp0:1
ip addr add 10.1.3.3/16 dev tp0
ip addr add 10.9.9.1 peer 10.9.9.2/32 dev t1
ip addr add 2001:db8::5/64 dev tp0 nodad
ip addr add ::1.2.3.4/96 dev tp0 nodad
ip addr add ::ffff:1.2.3.4/96 dev tp0 nodad
ip addr add 2001:db8:0:0:1:0:0:1/64 dev t1 nodad
`

// TestNetMatchesQemuGAInNamespace runs both agents in a private network
// namespace with awkward interfaces. It needs unshare(CLONE_NEWNET) and
// /dev/net/tun; without them only the host comparison runs.
func TestNetMatchesQemuGAInNamespace(t *testing.T) {
	needQemuGA(t)
	if out, err := exec.Command("unshare", "-n", "sh", "-c", "ip tuntap add t0 mode tun").CombinedOutput(); err != nil {
		t.Skipf("no private network namespace with tun here: %v %s", err, out)
	}
	theirs, ours := bothInNamespace(t, t.TempDir(), []string{"-n"}, nsSetup)
	a, b := interfaces(t, theirs), interfaces(t, ours)
	if diffs := compareNet(a, b); len(diffs) > 0 {
		t.Fatalf("differences from qemu-ga: %v\nqemu-ga: %+v\ngoqga:   %+v", diffs, a, b)
	}
	var names []string
	for _, i := range b {
		names = append(names, i.Name)
	}
	if got := strings.Join(names, " "); got != "lo t1 tp0 t2 tp0:1" {
		t.Fatalf("interfaces %q: the namespace was not set up as expected", got)
	}
}

// bothInNamespace runs Debian's qemu-ga and goqga's Linux backend, the
// dangerous commands blocked in both, in one new namespace (unshare with
// args) after the shell script setup, each with a state directory under
// dir; it returns their sockets once both exist. Both are killed when t
// ends.
func bothInNamespace(t *testing.T, dir string, args []string, setup string) (theirs, ours string) {
	t.Helper()
	return bothInNamespaceBlocking(t, dir, args, setup, dangerous)
}

// bothInNamespaceBlocking is bothInNamespace with blocked disabled
// instead of dangerous (the credentials comparison sends the credentials
// commands only requests that change nothing).
func bothInNamespaceBlocking(t *testing.T, dir string, args []string, setup, blocked string) (theirs, ours string) {
	t.Helper()
	theirs, ours = filepath.Join(dir, "qemu-ga.sock"), filepath.Join(dir, "goqga.sock")
	script := setup + "mkdir -p " + dir + "/q " + dir + "/g\n" +
		qemuGA + " -m unix-listen -p " + theirs + " -t " + dir + "/q -b " + blocked + " &\n" +
		"exec " + agentBin + " -m unix-listen -p " + ours + " -t " + dir + "/g --os linux -b " + blocked + "\n"
	cmd := exec.Command("unshare", append(args, "sh", "-c", script)...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	var stderr syncBuffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		_ = cmd.Wait()
		if t.Failed() {
			t.Logf("namespace stderr:\n%s", stderr.String())
		}
	})
	waitPath(t, theirs)
	waitPath(t, ours)
	return theirs, ours
}
