package accounts

import "github.com/goqga/goqga/faults"

// WithFaults puts the fault points os.getpwnam, os.chpasswd,
// os.read_keys and os.write_keys in front of a; each takes the user name
// as its target.
func WithFaults(a Accounts, inj *faults.Injector) Accounts {
	if inj == nil {
		return a
	}
	return faulty{a: a, inj: inj}
}

type faulty struct {
	a   Accounts
	inj *faults.Injector
}

func (f faulty) Lookup(name string) (User, error) {
	return faults.Call(f.inj, pointGetpwnam, name, func() (User, error) { return f.a.Lookup(name) })
}

func (f faulty) SetPassword(name string, password []byte, crypted bool) error {
	_, err := faults.Call(f.inj, pointChpasswd, name, func() (struct{}, error) {
		return struct{}{}, f.a.SetPassword(name, password, crypted)
	})
	return err
}

func (f faulty) ReadKeys(u User) ([]byte, error) {
	return faults.Call(f.inj, pointReadKeys, u.Name, func() ([]byte, error) { return f.a.ReadKeys(u) })
}

func (f faulty) WriteKeys(u User, content []byte) error {
	_, err := faults.Call(f.inj, pointWriteKeys, u.Name, func() (struct{}, error) {
		return struct{}{}, f.a.WriteKeys(u, content)
	})
	return err
}

var (
	pointGetpwnam  = faults.Declare("os.getpwnam", "looking a user up in the passwd database (the three guest-ssh-* commands)", "the user name")
	pointChpasswd  = faults.Declare("os.chpasswd", "before running chpasswd", "the user name")
	pointReadKeys  = faults.Declare("os.read_keys", "reading a user's ~/.ssh/authorized_keys (get, add without reset, remove)", "the user name")
	pointWriteKeys = faults.Declare("os.write_keys", "replacing a user's ~/.ssh/authorized_keys (add, remove)", "the user name")
)
