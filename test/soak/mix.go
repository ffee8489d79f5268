package soak

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
)

// kind is one request of the mix and how its reply must look.
type kind struct {
	name   string
	weight int
	fails  bool // the reply is an error
	build  func(s *session, id uint64) []byte
}

func request(cmd string, args any, id uint64) []byte {
	m := map[string]any{"execute": cmd, "id": id}
	if args != nil {
		m["arguments"] = args
	}
	b, _ := json.Marshal(m)
	return b
}

// mix is the workload; weights are out of their sum.
var mix = []kind{
	{"guest-ping", 24, false, func(_ *session, id uint64) []byte { return request("guest-ping", nil, id) }},
	{"guest-sync", 8, false, func(_ *session, id uint64) []byte {
		return request("guest-sync", map[string]any{"id": id}, id)
	}},
	{"guest-sync-delimited", 4, false, func(_ *session, id uint64) []byte {
		return append([]byte{0xFF}, request("guest-sync-delimited", map[string]any{"id": id}, id)...)
	}},
	{"guest-info", 4, false, func(_ *session, id uint64) []byte { return request("guest-info", nil, id) }},
	{"guest-network-get-interfaces", 8, false, func(_ *session, id uint64) []byte {
		return request("guest-network-get-interfaces", nil, id)
	}},
	{"guest-fsfreeze-status", 8, false, func(_ *session, id uint64) []byte {
		return request("guest-fsfreeze-status", nil, id)
	}},
	{"guest-file-write", 12, false, func(s *session, id uint64) []byte {
		return request("guest-file-write", map[string]any{"handle": s.handle(), "buf-b64": "c29hayB0ZXN0IGRhdGEK"}, id)
	}},
	{"guest-file-seek", 8, false, func(s *session, id uint64) []byte {
		return request("guest-file-seek", map[string]any{"handle": s.handle(), "offset": 0, "whence": "set"}, id)
	}},
	{"guest-file-read", 12, false, func(s *session, id uint64) []byte {
		return request("guest-file-read", map[string]any{"handle": s.handle(), "count": 64}, id)
	}},
	{"guest-file-flush", 2, false, func(s *session, id uint64) []byte {
		return request("guest-file-flush", map[string]any{"handle": s.handle()}, id)
	}},
	{"unknown command", 2, true, func(_ *session, id uint64) []byte { return request("guest-no-such-command", nil, id) }},
	{"bad arguments", 2, true, func(_ *session, id uint64) []byte {
		return request("guest-file-read", map[string]any{"handle": "not a number"}, id)
	}},
	{"unknown handle", 2, true, func(_ *session, id uint64) []byte {
		return request("guest-file-read", map[string]any{"handle": 1 << 40}, id)
	}},
}

var totalWeight = func() int {
	n := 0
	for _, k := range mix {
		n += k.weight
	}
	return n
}()

// pick chooses a kind by weight.
func pick(rng *rand.Rand) *kind {
	n := rng.IntN(totalWeight)
	for i := range mix {
		if n < mix[i].weight {
			return &mix[i]
		}
		n -= mix[i].weight
	}
	panic(fmt.Sprintf("weight %d out of range", n))
}
