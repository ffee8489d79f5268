//go:build vm

package vm

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/goqga/goqga/client"
)

// refAgent connects a host client to Debian's qemu-ga in g (a boot with
// GuestConfig.RefAgent); closed when t ends.
func refAgent(t *testing.T, g *Guest) *client.Client {
	t.Helper()
	c, err := g.DialRefAgent(time.Minute)
	if err != nil {
		t.Fatalf("qemu-ga in the guest: %v\nconsole:\n%s", err, g.ConsoleTail())
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// answers asks goqga and qemu-ga in the same guest the same question and
// returns both returns, decoded as generic JSON; an error reply from
// either fails t.
func answers(t *testing.T, ours, ref *client.Client, cmd string, args any) (got, want any) {
	t.Helper()
	var a, b json.RawMessage
	do(t, ours, cmd, args, &a)
	do(t, ref, cmd, args, &b)
	if err := json.Unmarshal(a, &got); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatal(err)
	}
	return got, want
}

// sameAnswer fails t unless both agents answer cmd alike once clean (nil:
// as is) has removed what may differ between two calls.
func sameAnswer(t *testing.T, ours, ref *client.Client, cmd string, args any, clean func(any) any) {
	t.Helper()
	got, want := answers(t, ours, ref, cmd, args)
	if clean != nil {
		got, want = clean(got), clean(want)
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("%s: goqga and qemu-ga differ (-qemu-ga +goqga):\n%s", cmd, d)
	}
}

// withoutStatistics drops the counters of an interface list: they move
// between the two calls.
func withoutStatistics(v any) any {
	list, _ := v.([]any)
	for _, e := range list {
		if m, ok := e.(map[string]any); ok {
			delete(m, "statistics")
		}
	}
	return v
}

// testSameAsQemuGA: goqga and Debian's qemu-ga 7.2, both in the same
// guest, give the same answers.
func testSameAsQemuGA(t *testing.T, g *Guest) {
	ours, ref := agent(t, g), refAgent(t, g)
	sameAnswer(t, ours, ref, "guest-network-get-interfaces", nil, withoutStatistics)
}
