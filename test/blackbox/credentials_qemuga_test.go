package blackbox

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/goqga/goqga/client"
)

// credBlocked is dangerous without the credentials commands: the
// comparison below sends them only requests that change nothing (bad
// arguments, unknown users), and reads keys of made-up users whose homes
// are temporary directories.
var credBlocked = strings.NewReplacer(",guest-set-user-password", "",
	",guest-ssh-add-authorized-keys,guest-ssh-remove-authorized-keys", "").Replace(dangerous)

// fakeUsers are passwd lines for users that exist only in the test's
// private mount namespace, where this file is bind-mounted on /etc/passwd.
const fakeUsers = `goqgacmp1:x:4241:4241::HOME/h1:/bin/sh
goqgacmp2:x:4242:4242::HOME/h2:/bin/sh
goqgacmp3:x:4243:4243::HOME/h3:/bin/sh
`

// credNamespace starts Debian's qemu-ga and our agent (--os linux) in a
// private mount namespace whose /etc/passwd adds fakeUsers, and returns
// the temporary directory of their homes and their sockets. It needs
// root (unshare -m).
func credNamespace(t *testing.T) (dir, theirs, ours string) {
	t.Helper()
	needQemuGA(t)
	if out, err := exec.Command("unshare", "-m", "true").CombinedOutput(); err != nil {
		t.Skipf("no private mount namespace here (CI runs as root): %v %s", err, out)
	}
	real, err := os.ReadFile("/etc/passwd")
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(real, []byte("goqgacmp")) || bytes.Contains(real, []byte("goqga-nosuchuser")) {
		t.Fatal("this machine has a user the test means to make up")
	}
	dir = t.TempDir()
	passwd := append(real, strings.ReplaceAll(fakeUsers, "HOME", dir)...)
	if err := os.WriteFile(filepath.Join(dir, "passwd"), passwd, 0o644); err != nil {
		t.Fatal(err)
	}
	mustMkdir(t, dir+"/h1/.ssh", dir+"/h2", dir+"/h3/.ssh")
	mustWrite(t, dir+"/h1/.ssh/authorized_keys", "ssh-ed25519 AAAA1 one\n# comment\n\n  ssh-rsa AAAA2 two  \n\tssh-rsa AAAA3 three\r\n#last")
	mustWrite(t, dir+"/secret", "root:$6$not-a-key$hash:19000:0:99999:7:::\n")
	if err := os.Symlink(dir+"/secret", dir+"/h3/.ssh/authorized_keys"); err != nil {
		t.Fatal(err)
	}
	// The password requests below name a user that does not exist, so
	// chpasswd changes nothing; a copy of /etc/shadow is bind-mounted over
	// it as well, so that even a mistake here could not touch the real one.
	shadow, err := os.ReadFile("/etc/shadow")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "shadow"), shadow, 0o600); err != nil {
		t.Fatal(err)
	}
	theirs, ours = bothInNamespaceBlocking(t, dir, []string{"-m", "--propagation", "private"},
		"set -e\nmount --bind "+dir+"/passwd /etc/passwd\nmount --bind "+dir+"/shadow /etc/shadow\n", credBlocked)
	return dir, theirs, ours
}

func mustMkdir(t *testing.T, dirs ...string) {
	t.Helper()
	for _, d := range dirs {
		if err := os.MkdirAll(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
}

func mustWrite(t *testing.T, p, content string) {
	t.Helper()
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}

// askCall sends one command on a fresh connection (unix-listen serves one
// client at a time) and returns the reply.
func askCall(t *testing.T, sock, cmd string, args any) *client.Reply {
	t.Helper()
	c, err := client.Dial("unix", sock, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetTimeout(10 * time.Second)
	r, err := c.Call(cmd, args)
	if err != nil {
		t.Fatalf("%s: %v", cmd, err)
	}
	return r
}

type m = map[string]any

// TestCredentialsMatchQemuGA compares replies with Debian's qemu-ga 7.2
// for reads and for requests that fail before changing anything.
func TestCredentialsMatchQemuGA(t *testing.T) {
	_, theirs, ours := credNamespace(t)
	same := []struct {
		cmd  string
		args m
	}{
		{"guest-ssh-get-authorized-keys", m{"username": "goqgacmp1"}},
		{"guest-ssh-get-authorized-keys", m{"username": "goqgacmp2"}}, // no .ssh
		{"guest-ssh-get-authorized-keys", m{"username": "nobody"}},    // home /nonexistent
		{"guest-ssh-add-authorized-keys", m{"username": "goqgacmp1", "keys": []string{"ok", "not a\nkey"}}},
		{"guest-ssh-add-authorized-keys", m{"username": "goqga-nosuchuser", "keys": []string{"#comment"}}},
		{"guest-ssh-remove-authorized-keys", m{"username": "goqgacmp1", "keys": []string{"x\ny"}}},
		{"guest-set-user-password", m{"username": "goqga-nosuchuser", "password": "aGVs*bG8=", "crypted": false}},
		{"guest-set-user-password", m{"username": "goqga-nosuchuser", "password": "YQpi", "crypted": false}},
		{"guest-set-user-password", m{"username": "goqga:nosuchuser", "password": "YQ==", "crypted": true}},
		{"guest-set-user-password", m{"username": "goqga\nnosuchuser", "password": "YQ==", "crypted": true}},
	}
	for _, tt := range same {
		a, b := askCall(t, theirs, tt.cmd, tt.args), askCall(t, ours, tt.cmd, tt.args)
		if !sameReply(a, b) {
			t.Errorf("%s %v:\nqemu-ga: %s\ngoqga:   %s", tt.cmd, tt.args, a.Raw, b.Raw)
		}
	}
	// The comparison compared keys, not two lookup failures.
	if r := askCall(t, ours, "guest-ssh-get-authorized-keys", m{"username": "goqgacmp1"}); string(r.Return) != `{"keys":["ssh-rsa AAAA3 three","ssh-rsa AAAA2 two","ssh-ed25519 AAAA1 one"]}` {
		t.Errorf("goqgacmp1's keys: %s", r.Raw)
	}
	// Same start; qemu-ga's tail is unhelpful ("Success": glib's text for
	// errno 0) or 7.2's (no chpasswd output; 11.1 appends it, as we do).
	prefixes := []struct {
		cmd    string
		args   m
		prefix string
	}{
		{"guest-ssh-get-authorized-keys", m{"username": "goqga-nosuchuser"}, "failed to lookup user 'goqga-nosuchuser': "},
		{"guest-ssh-add-authorized-keys", m{"username": "goqga-nosuchuser", "keys": []string{"k"}}, "failed to lookup user 'goqga-nosuchuser': "},
		{"guest-ssh-remove-authorized-keys", m{"username": "goqga-nosuchuser", "keys": []string{"k"}}, "failed to lookup user 'goqga-nosuchuser': "},
		// An unknown user: chpasswd (through PAM, without -e, so it locks
		// and writes nothing) refuses it.
		{"guest-set-user-password", m{"username": "goqga-nosuchuser", "password": "eA==", "crypted": false}, "child process has failed to set user password"},
	}
	for _, tt := range prefixes {
		for who, sock := range map[string]string{"qemu-ga": theirs, "goqga": ours} {
			r := askCall(t, sock, tt.cmd, tt.args)
			if r.Error == nil || r.Error.Class != "GenericError" || !strings.HasPrefix(r.Error.Desc, tt.prefix) {
				t.Errorf("%s %s %v: %s, want a GenericError starting %q", who, tt.cmd, tt.args, r.Raw, tt.prefix)
			}
		}
	}
}

// sameReply compares two replies as values (qemu-ga puts spaces after
// ':' and ',').
func sameReply(a, b *client.Reply) bool {
	if (a.Error == nil) != (b.Error == nil) {
		return false
	}
	if a.Error != nil {
		return *a.Error == *b.Error
	}
	var x, y any
	return json.Unmarshal(a.Return, &x) == nil && json.Unmarshal(b.Return, &y) == nil && equalJSON(x, y)
}

func equalJSON(x, y any) bool {
	bx, _ := json.Marshal(x)
	by, _ := json.Marshal(y)
	return bytes.Equal(bx, by)
}

// authorized_keys of goqgacmp3 is the user's symbolic link to a file
// they cannot read (standing for /etc/shadow): qemu-ga reads it through
// the link and hands its lines to the host; goqga refuses.
func TestCredentialsSymlinkBetterThanQemuGA(t *testing.T) {
	dir, theirs, ours := credNamespace(t)
	a := askCall(t, theirs, "guest-ssh-get-authorized-keys", m{"username": "goqgacmp3"})
	if !strings.Contains(string(a.Return), "not-a-key") {
		t.Errorf("qemu-ga no longer follows the link (%s): update docs/CREDENTIALS.md", a.Raw)
	}
	b := askCall(t, ours, "guest-ssh-get-authorized-keys", m{"username": "goqgacmp3"})
	want := "failed to read '" + dir + "/h3/.ssh/authorized_keys': refusing '" + dir + "/h3/.ssh/authorized_keys': it is a symbolic link"
	if b.Error == nil || b.Error.Desc != want {
		t.Fatalf("goqga: %s, want %q", b.Raw, want)
	}
}
