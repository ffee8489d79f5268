package blackbox

import (
	"strings"
	"testing"
)

// The credentials domain's black-box tests run the simulated guest: its
// users (root, and alice with one key, unless a world says otherwise)
// live in --sim-config, and every password or key change is journaled
// by user name and counts. No real password or key is ever touched here.

const aliceKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGoqgaSimulatedAliceKey alice@example"

func TestCredentialsSim(t *testing.T) {
	a, j := startJournaled(t)
	c := a.dial()
	call(t, c, `{"execute":"guest-ssh-get-authorized-keys","arguments":{"username":"alice"},"id":1}`,
		`{"return":{"keys":["`+aliceKey+`"]},"id":1}`)
	call(t, c, `{"execute":"guest-ssh-add-authorized-keys","arguments":{"username":"alice","keys":["ssh-rsa AAAAB3 new","`+aliceKey+`"]}}`,
		`{"return":{}}`)
	call(t, c, `{"execute":"guest-ssh-get-authorized-keys","arguments":{"username":"alice"}}`,
		`{"return":{"keys":["ssh-rsa AAAAB3 new","`+aliceKey+`"]}}`)
	call(t, c, `{"execute":"guest-ssh-remove-authorized-keys","arguments":{"username":"alice","keys":["`+aliceKey+`","ssh-rsa absent"]}}`,
		`{"return":{}}`)
	call(t, c, `{"execute":"guest-ssh-remove-authorized-keys","arguments":{"username":"alice","keys":["ssh-rsa absent"]}}`,
		`{"return":{}}`)
	call(t, c, `{"execute":"guest-ssh-add-authorized-keys","arguments":{"username":"root","keys":["k1","k2"],"reset":true}}`,
		`{"return":{}}`)
	call(t, c, `{"execute":"guest-ssh-get-authorized-keys","arguments":{"username":"root"}}`,
		`{"return":{"keys":["k2","k1"]}}`)
	call(t, c, `{"execute":"guest-set-user-password","arguments":{"username":"alice","password":"aHVudGVyMg==","crypted":false}}`,
		`{"return":{}}`)
	call(t, c, `{"execute":"guest-set-user-password","arguments":{"username":"root","password":"JDYkc2FsdCRoYXNo","crypted":true}}`,
		`{"return":{}}`)
	j.expect(t,
		`{"bytes":93,"lines":2,"op":"write-keys","user":"alice"}`,
		`{"bytes":19,"lines":1,"op":"write-keys","user":"alice"}`,
		`{"bytes":6,"lines":2,"op":"write-keys","user":"root"}`,
		`{"crypted":false,"op":"set-password","user":"alice"}`,
		`{"crypted":true,"op":"set-password","user":"root"}`)
	// One audit line per change that reached the OS, none with a secret.
	a.stop()
	log := a.stderr.String()
	if n := strings.Count(log, "credentials.audit\taudit"); n != 6 {
		t.Errorf("%d audit lines, want 6:\n%s", n, log)
	}
	for _, secret := range []string{"hunter2", "aHVudGVyMg", "JDYk", "$6$salt", "AAAAB3", "k1", "GoqgaSimulated"} {
		if strings.Contains(log, secret) {
			t.Errorf("the log holds %q:\n%s", secret, log)
		}
	}
}

func TestCredentialsErrors(t *testing.T) {
	a, j := startJournaled(t)
	c := a.dial()
	for _, tt := range []struct{ req, want string }{
		{`{"execute":"guest-ssh-get-authorized-keys","arguments":{"username":"root"}}`,
			`failed to read '/root/.ssh/authorized_keys': Failed to open file “/root/.ssh/authorized_keys”: No such file or directory`},
		{`{"execute":"guest-ssh-get-authorized-keys","arguments":{"username":"bob"}}`, `failed to lookup user 'bob': no such user`},
		{`{"execute":"guest-ssh-add-authorized-keys","arguments":{"username":"bob","keys":["k"]}}`, `failed to lookup user 'bob': no such user`},
		{`{"execute":"guest-ssh-add-authorized-keys","arguments":{"username":"alice","keys":["a\nb"]}}`, `invalid OpenSSH public key: 'a\nb'`},
		{`{"execute":"guest-ssh-add-authorized-keys","arguments":{"username":"alice","keys":["a\u0000b"]}}`, `invalid OpenSSH public key: 'a\u0000b'`},
		{`{"execute":"guest-ssh-remove-authorized-keys","arguments":{"username":"alice","keys":["# c"]}}`, `invalid OpenSSH public key: '# c'`},
		{`{"execute":"guest-set-user-password","arguments":{"username":"bob","password":"eA==","crypted":false}}`,
			`child process has failed to set user password: chpasswd: (line 1, user bob) password not changed`},
		{`{"execute":"guest-set-user-password","arguments":{"username":"alice","password":"***","crypted":false}}`,
			`Base64 data contains invalid characters`},
		{`{"execute":"guest-set-user-password","arguments":{"username":"alice","password":"YQpi","crypted":false}}`,
			`forbidden characters in raw password`},
		{`{"execute":"guest-set-user-password","arguments":{"username":"root:0","password":"YQ==","crypted":false}}`,
			`forbidden characters in username`},
	} {
		call(t, c, tt.req, `{"error":{"class":"GenericError","desc":"`+tt.want+`"}}`)
	}
	// Missing arguments are the validator's, as for every command.
	write(t, c, `{"execute":"guest-set-user-password","arguments":{"username":"alice","password":"YQ=="}}`)
	if r := reply(t, c); !strings.Contains(r, `"GenericError"`) || !strings.Contains(r, "crypted") {
		t.Fatalf("missing crypted: %s", r)
	}
	j.expect(t)
}

// A world with its own users; the journal shows what changed.
func TestCredentialsSimConfig(t *testing.T) {
	world := writeWorld(t, `{"users":[
		{"name":"ops","uid":1500,"gid":1500,"home":"/srv/ops","authorized_keys":"# managed\nssh-rsa A1 one\n\nssh-rsa A2 two\n"},
		{"name":"locked","uid":1501,"gid":1501,"home":"/home/locked","no_password_change":true}]}`)
	a, j := startJournaled(t, "--sim-config", world)
	c := a.dial()
	call(t, c, `{"execute":"guest-ssh-get-authorized-keys","arguments":{"username":"ops"}}`,
		`{"return":{"keys":["ssh-rsa A2 two","ssh-rsa A1 one"]}}`)
	call(t, c, `{"execute":"guest-ssh-get-authorized-keys","arguments":{"username":"alice"}}`,
		`{"error":{"class":"GenericError","desc":"failed to lookup user 'alice': no such user"}}`)
	call(t, c, `{"execute":"guest-set-user-password","arguments":{"username":"locked","password":"eA==","crypted":false}}`,
		`{"error":{"class":"GenericError","desc":"child process has failed to set user password: chpasswd: (line 1, user locked) password not changed"}}`)
	call(t, c, `{"execute":"guest-ssh-remove-authorized-keys","arguments":{"username":"ops","keys":["ssh-rsa A1 one"]}}`, `{"return":{}}`)
	j.expect(t, `{"bytes":26,"lines":3,"op":"write-keys","user":"ops"}`)
}

// While frozen, all four are refused, get included.
func TestCredentialsFrozen(t *testing.T) {
	a, j := startJournaled(t)
	c := a.dial()
	call(t, c, freezeReq, `{"return":3}`)
	for _, req := range []string{
		`{"execute":"guest-set-user-password","arguments":{"username":"alice","password":"eA==","crypted":false}}`,
		`{"execute":"guest-ssh-get-authorized-keys","arguments":{"username":"alice"}}`,
		`{"execute":"guest-ssh-add-authorized-keys","arguments":{"username":"alice","keys":["k"]}}`,
		`{"execute":"guest-ssh-remove-authorized-keys","arguments":{"username":"alice","keys":["k"]}}`,
	} {
		cmd := strings.Split(req, `"`)[3]
		call(t, c, req, refusedFrozen(cmd))
	}
	call(t, c, thawReq, `{"return":3}`)
	call(t, c, `{"execute":"guest-ssh-add-authorized-keys","arguments":{"username":"alice","keys":["k"]}}`, `{"return":{}}`)
	if got := j.lines(t); len(got) != 7 || !strings.Contains(got[6], "write-keys") {
		t.Fatalf("journal %v", got)
	}
}

func TestCredentialsFaults(t *testing.T) {
	a, j := startJournaled(t, "--faults", "os.getpwnam@bob=error(EIO),os.read_keys@alice=error(EACCES)*1,os.write_keys=error(ENOSPC)*1,os.chpasswd@root=error(EPERM)")
	c := a.dial()
	for _, tt := range []struct{ req, want string }{
		{`{"execute":"guest-ssh-get-authorized-keys","arguments":{"username":"bob"}}`,
			`{"error":{"class":"GenericError","desc":"failed to lookup user 'bob': Input/output error"}}`},
		{`{"execute":"guest-ssh-get-authorized-keys","arguments":{"username":"alice"}}`,
			`{"error":{"class":"GenericError","desc":"failed to read '/home/alice/.ssh/authorized_keys': Permission denied"}}`},
		{`{"execute":"guest-ssh-add-authorized-keys","arguments":{"username":"alice","keys":["k"]}}`,
			`{"error":{"class":"GenericError","desc":"failed to write to '/home/alice/.ssh/authorized_keys': No space left on device"}}`},
		{`{"execute":"guest-ssh-add-authorized-keys","arguments":{"username":"alice","keys":["k"]}}`, `{"return":{}}`},
		{`{"execute":"guest-set-user-password","arguments":{"username":"root","password":"eA==","crypted":false}}`,
			`{"error":{"class":"GenericError","desc":"failed to set user password: Operation not permitted"}}`},
	} {
		call(t, c, tt.req, tt.want)
	}
	j.expect(t, `{"bytes":76,"lines":2,"op":"write-keys","user":"alice"}`)
}
