//go:build libvirt

package libvirt

import (
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// accounts gives the guest what a password and keys need: root in
// /etc/passwd with home /root, an /etc/shadow entry (the reference layer
// brings the files; root's home is made here).
func accounts(t *testing.T, g *Guest) {
	t.Helper()
	sh(t, g, `grep -q '^root:' /etc/passwd 2>/dev/null || echo 'root:x:0:0:root:/root:/bin/sh' >>/etc/passwd
grep -q '^root:' /etc/shadow 2>/dev/null || echo 'root:*:19000:0:99999:7:::' >>/etc/shadow
chmod 600 /etc/shadow; mkdir -p /root`)
}

// shadowHash is root's password field in the guest's /etc/shadow.
func shadowHash(t *testing.T, g *Guest) string {
	t.Helper()
	return strings.TrimSpace(sh(t, g, `awk -F: '$1 == "root" { print $2 }' /etc/shadow`))
}

// crypt hashes password in the guest with busybox's mkpasswd, SHA-512
// with salt.
func crypt(t *testing.T, g *Guest, password, salt string) string {
	t.Helper()
	return strings.TrimSpace(sh(t, g, fmt.Sprintf("mkpasswd -m sha512 -S %s %s", salt, password)))
}

// testSetUserPassword: set-user-password changes root's hash in the
// guest's /etc/shadow to one of the password given; --encrypted sets
// exactly the hash given.
func testSetUserPassword(t *testing.T, g *Guest) {
	accounts(t, g)
	before := shadowHash(t, g)
	virsh(t, g, "set-user-password", g.Name, "root", "Lv-pass-1")
	after := shadowHash(t, g)
	f := strings.Split(after, "$") // "", id, salt, hash
	if after == before || len(f) != 4 || f[1] != "6" {
		t.Fatalf("root's hash %q -> %q: not changed to a SHA-512 crypt hash (the guest's PAM says sha512)", before, after)
	}
	if h := crypt(t, g, "Lv-pass-1", f[2]); h != after {
		t.Fatalf("the new hash %q is not Lv-pass-1's (%q)", after, h)
	}
	want := crypt(t, g, "Lv-pass-2", "goqgalv0")
	virsh(t, g, "set-user-password", g.Name, "root", want, "--encrypted")
	if got := shadowHash(t, g); got != want {
		t.Fatalf("after --encrypted root's hash is %q, want %q", got, want)
	}
}

// sshKey is a well-formed ed25519 public key line (the wire format
// OpenSSH writes), distinct per seed.
func sshKey(seed byte, comment string) string {
	var b []byte
	put := func(s []byte) {
		b = binary.BigEndian.AppendUint32(b, uint32(len(s)))
		b = append(b, s...)
	}
	pub := make([]byte, 32)
	for i := range pub {
		pub[i] = seed + byte(i)
	}
	put([]byte("ssh-ed25519"))
	put(pub)
	return "ssh-ed25519 " + base64.StdEncoding.EncodeToString(b) + " " + comment
}

func keysFile(t *testing.T, keys ...string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "keys")
	if err := os.WriteFile(p, []byte(strings.Join(keys, "\n")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// authorized is root's authorized_keys in the guest, its key lines sorted.
func authorized(t *testing.T, g *Guest) []string {
	t.Helper()
	var keys []string
	for _, l := range strings.Split(sh(t, g, "cat /root/.ssh/authorized_keys"), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			keys = append(keys, l)
		}
	}
	sort.Strings(keys)
	return keys
}

func sorted(s ...string) []string { sort.Strings(s); return s }

// testSSHKeys: set-user-sshkeys adds, --reset replaces and --remove
// drops keys in root's authorized_keys in the guest (0600 in a 0700
// .ssh), and get-user-sshkeys lists what the file holds.
func testSSHKeys(t *testing.T, g *Guest) {
	accounts(t, g)
	sh(t, g, "rm -rf /root/.ssh")
	k1, k2, k3 := sshKey(1, "one@lv"), sshKey(2, "two@lv"), sshKey(3, "three@lv")
	virsh(t, g, "set-user-sshkeys", g.Name, "root", "--file", keysFile(t, k1, k2))
	if got, want := authorized(t, g), sorted(k1, k2); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("after adding two keys the file holds %q", got)
	}
	if m := strings.Fields(sh(t, g, "stat -c %a /root/.ssh /root/.ssh/authorized_keys")); len(m) != 2 || m[0] != "700" || m[1] != "600" {
		t.Fatalf(".ssh and authorized_keys modes %v, want 700 600", m)
	}
	// virsh 9.0 prints the keys with nothing between them; the agents
	// list them last line first (qemu-ga prepends), goqga as qemu-ga.
	if listed := strings.TrimSpace(virsh(t, g, "get-user-sshkeys", g.Name, "root")); listed != k2+k1 {
		t.Fatalf("get-user-sshkeys printed %q, want %q", listed, k2+k1)
	}
	virsh(t, g, "set-user-sshkeys", g.Name, "root", "--reset", "--file", keysFile(t, k3))
	if got := authorized(t, g); strings.Join(got, "|") != k3 {
		t.Fatalf("after --reset the file holds %q, want only %q", got, k3)
	}
	virsh(t, g, "set-user-sshkeys", g.Name, "root", "--file", keysFile(t, k1))
	virsh(t, g, "set-user-sshkeys", g.Name, "root", "--remove", "--file", keysFile(t, k3))
	if got := authorized(t, g); strings.Join(got, "|") != k1 {
		t.Fatalf("after --remove the file holds %q, want only %q", got, k1)
	}
}
