package vm

// DefaultAgentArgs run the agent as a distro would: the default method
// (virtio-serial on org.qemu.guest_agent.0) and the real Linux backend;
// the state directory on /run, a tmpfs no freeze touches.
var DefaultAgentArgs = []string{"-t", "/run/goqga"}

// Prepare fetches (or finds in the cache) the guest's parts, builds the
// agent into dir and returns Options for a default guest in dir. Callers
// change Guest (and Dir: each VM needs its own) before Start or Boot.
func Prepare(dir string, logf func(string, ...any)) (Options, error) {
	if err := RequireTools(); err != nil {
		return Options{}, err
	}
	cache := CacheDir()
	a, err := FetchAssets(cache, logf)
	if err != nil {
		return Options{}, err
	}
	base, err := BaseLayer(a, cache)
	if err != nil {
		return Options{}, err
	}
	ref, err := RefAgentLayer(cache)
	if err != nil {
		return Options{}, err
	}
	agent, err := BuildAgent(dir)
	if err != nil {
		return Options{}, err
	}
	return Options{
		Dir: dir, Kernel: a.Kernel, Base: base, RefLayer: ref,
		Guest: GuestConfig{Agent: agent, AgentArgs: DefaultAgentArgs, Disks: DefaultDisks, NIC: DefaultNIC},
	}, nil
}
