package sim

// User is one account of the simulated guest: its passwd entry and its
// ~/.ssh/authorized_keys.
type User struct {
	Name string `json:"name"`
	UID  int    `json:"uid"`
	GID  int    `json:"gid"`
	Home string `json:"home"`
	// AuthorizedKeys is the content of ~/.ssh/authorized_keys; nil: no
	// such file (nor .ssh).
	AuthorizedKeys *string `json:"authorized_keys,omitempty"`
	// NoPasswordChange makes chpasswd fail for this user, as a PAM module
	// refusing the new password would.
	NoPasswordChange bool `json:"no_password_change,omitempty"`
}

// DefaultUsers are root, without keys, and an unprivileged alice with one.
func DefaultUsers() []User {
	keys := "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGoqgaSimulatedAliceKey alice@example\n"
	return []User{
		{Name: "root", UID: 0, GID: 0, Home: "/root"},
		{Name: "alice", UID: 1000, GID: 1000, Home: "/home/alice", AuthorizedKeys: &keys},
	}
}
