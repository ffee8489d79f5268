package process

import (
	"os"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"
)

// defaultPath is GLib's search path when PATH is unset.
const defaultPath = "/bin:/usr/bin:."

// lookPath finds file as GLib's g_spawn with G_SPAWN_SEARCH_PATH does,
// which is what qemu-ga uses: a name with '/' is taken as it is; any
// other is searched in the PATH lookupEnv gives (searchEnv), and a
// candidate that exists but cannot be executed is remembered, so the
// error is EACCES rather than ENOENT when nothing better is found.
func lookPath(file string, lookupEnv func(string) (string, bool)) (string, error) {
	if file == "" {
		return "", syscall.ENOENT
	}
	if strings.Contains(file, "/") {
		return file, nil
	}
	path, ok := lookupEnv("PATH")
	if !ok {
		path = defaultPath
	}
	sawEACCES := false
	for _, dir := range strings.Split(path, ":") {
		if dir == "" {
			dir = "."
		}
		cand := dir + "/" + file
		switch err := executable(cand); {
		case err == nil:
			return cand, nil
		case err == syscall.EACCES:
			sawEACCES = true
		}
	}
	if sawEACCES {
		return "", syscall.EACCES
	}
	return "", syscall.ENOENT
}

// executable reports what execve(2) would say about p's permissions: nil,
// EACCES (a directory, no exec bit) or ENOENT-like errors.
func executable(p string) error {
	st, err := os.Stat(p)
	if err != nil {
		return syscall.ENOENT
	}
	if !st.Mode().IsRegular() {
		return syscall.EACCES
	}
	if err := unix.Access(p, unix.X_OK); err != nil {
		return syscall.EACCES
	}
	return nil
}

// searchEnv is the environment a PATH search reads, as qemu-ga 7.2 (GLib
// 2.74) does it: the child's PATH when its env (the host's "env") sets
// one, else the agent's.
func searchEnv(s Spec, agent func(string) (string, bool)) func(string) (string, bool) {
	if s.EnvSet {
		for _, kv := range s.Env {
			if v, ok := strings.CutPrefix(kv, "PATH="); ok {
				return func(string) (string, bool) { return v, true }
			}
		}
	}
	return agent
}
