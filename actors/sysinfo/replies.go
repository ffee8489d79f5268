package sysinfo

import (
	"github.com/goqga/goqga/os/sysinfo"
	"github.com/goqga/goqga/os/users"
)

// HostName is guest-get-host-name's reply.
type HostName struct {
	HostName string `json:"host-name"`
}

// Timezone is guest-get-timezone's reply; libvirt requires offset.
type Timezone struct {
	Zone   string `json:"zone,omitempty"`
	Offset int    `json:"offset"`
}

// OSInfo is guest-get-osinfo's reply: a member is present exactly when
// qemu-ga's would be (os-release keys present but empty included).
type OSInfo struct {
	KernelRelease *string `json:"kernel-release,omitempty"`
	KernelVersion *string `json:"kernel-version,omitempty"`
	Machine       *string `json:"machine,omitempty"`
	ID            *string `json:"id,omitempty"`
	Name          *string `json:"name,omitempty"`
	PrettyName    *string `json:"pretty-name,omitempty"`
	Version       *string `json:"version,omitempty"`
	VersionID     *string `json:"version-id,omitempty"`
	Variant       *string `json:"variant,omitempty"`
	VariantID     *string `json:"variant-id,omitempty"`
}

// User is one entry of guest-get-users; libvirt requires login-time.
type User struct {
	User      string  `json:"user"`
	LoginTime float64 `json:"login-time"`
}

// Load is guest-get-load's reply.
type Load struct {
	Load1m  float64 `json:"load1m"`
	Load5m  float64 `json:"load5m"`
	Load15m float64 `json:"load15m"`
}

// osInfo fills the reply from uname and the os-release keys.
func osInfo(u sysinfo.Uname, rel map[string]string) *OSInfo {
	get := func(k string) *string {
		if v, ok := rel[k]; ok {
			return &v
		}
		return nil
	}
	return &OSInfo{
		KernelRelease: &u.Release, KernelVersion: &u.Version, Machine: &u.Machine,
		ID: get("ID"), Name: get("NAME"), PrettyName: get("PRETTY_NAME"), Version: get("VERSION"),
		VersionID: get("VERSION_ID"), Variant: get("VARIANT"), VariantID: get("VARIANT_ID"),
	}
}

// mergeUsers keeps one entry per user, in order of first appearance,
// with the earliest login, as qemu-ga does over utmp.
func mergeUsers(logins []users.Login) []User {
	out := []User{} // [] when nobody is logged in, not null
	at := map[string]int{}
	for _, l := range logins {
		t := float64(l.Sec) + float64(l.Usec)/1e6
		if i, ok := at[l.User]; ok {
			out[i].LoginTime = min(out[i].LoginTime, t)
			continue
		}
		at[l.User] = len(out)
		out = append(out, User{User: l.User, LoginTime: t})
	}
	return out
}
