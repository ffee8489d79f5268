package framer

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

// node is a generated JSON value, kept as a tree so tests can compute its
// depth and token count and inject a fault at a chosen place.
type node struct {
	scalar string   // raw text of a scalar; "" for containers
	object bool     // container kind
	keys   []string // raw quoted keys, objects only
	kids   []*node
	// badCloser renders the container with the wrong closing bracket.
	badCloser bool
}

var (
	genNumber = rapid.SampledFrom([]string{
		"0", "-0", "7", "-12", "3.25", "1e5", "1E+5", "-2.5e-3", "123456789012345678901234567890",
	})
	genKeyword = rapid.SampledFrom([]string{"true", "false", "null"})
	genSpace   = rapid.SampledFrom([]string{"", "", "", " ", "\n", "\t ", "\r\n", "  "})
	// Pieces of string bodies: plain text full of structural characters,
	// raw UTF-8 and every kind of escape.
	genStringPiece = rapid.SampledFrom([]string{
		"a", "guest-ping", "{", "}", "[", "]", ",", ":", " ", "é", "☃", "😀", "'",
		`\"`, `\\`, `\/`, `\b`, `\f`, `\n`, `\r`, `\t`, `\u00e9`, `\uD83D\uDE00`, `\"}`,
	})
	// Lexically bad scalars: each must give exactly one error.
	genBadScalar = rapid.SampledFrom([]string{
		"foo", "tru", "nul", "True", "@", "#!", "01", "1.", "-", "1e", "1.2.3", "--1", "\x01",
		`"\q"`, `"a\u12"`, `"\u"`, "\"a\x01b\"", "\"\n\"", `"\x41"`, "é",
	})
)

func genString(t *rapid.T, label string) string {
	pieces := rapid.SliceOfN(genStringPiece, 0, 6).Draw(t, label)
	return `"` + strings.Join(pieces, "") + `"`
}

func genNode(t *rapid.T, depth int) *node {
	maxKind := 4
	if depth >= 5 {
		maxKind = 2
	}
	switch rapid.IntRange(0, maxKind).Draw(t, "kind") {
	case 0:
		return &node{scalar: genNumber.Draw(t, "number")}
	case 1:
		return &node{scalar: genKeyword.Draw(t, "keyword")}
	case 2:
		return &node{scalar: genString(t, "string")}
	default:
		n := &node{object: rapid.Bool().Draw(t, "object")}
		for range rapid.IntRange(0, 4).Draw(t, "len") {
			if n.object {
				n.keys = append(n.keys, genString(t, "key"))
			}
			n.kids = append(n.kids, genNode(t, depth+1))
		}
		return n
	}
}

func (n *node) render(t *rapid.T) string {
	if n.isScalar() {
		return n.scalar
	}
	var sb strings.Builder
	open, close := "[", "]"
	if n.object {
		open, close = "{", "}"
	}
	if n.badCloser {
		close = map[string]string{"]": "}", "}": "]"}[close]
	}
	sb.WriteString(open)
	for i, kid := range n.kids {
		if i > 0 {
			sb.WriteString(genSpace.Draw(t, "ws") + ",")
		}
		sb.WriteString(genSpace.Draw(t, "ws"))
		if n.object {
			sb.WriteString(n.keys[i] + genSpace.Draw(t, "ws") + ":" + genSpace.Draw(t, "ws"))
		}
		sb.WriteString(kid.render(t))
	}
	sb.WriteString(genSpace.Draw(t, "ws") + close)
	return sb.String()
}

func (n *node) isScalar() bool { return n.scalar != "" }

func (n *node) depth() int {
	if n.isScalar() {
		return 0
	}
	d := 0
	for _, k := range n.kids {
		d = max(d, k.depth())
	}
	return d + 1
}

func (n *node) tokens() int {
	if n.isScalar() {
		return 1
	}
	c := 2 + len(n.kids) + max(len(n.kids)-1, 0) // brackets, values, commas
	if n.object {
		c += 2 * len(n.kids) // keys and colons
	}
	for _, k := range n.kids {
		c += k.tokens() - 1
	}
	return c
}

func (n *node) all() []*node {
	out := []*node{n}
	for _, k := range n.kids {
		out = append(out, k.all()...)
	}
	return out
}

// render a value so that it is complete on its own: a top-level number or
// keyword needs a terminator.
func terminated(s string) string { return s + "\n" }

// tb is what the checks need from *testing.T, *testing.F and *rapid.T.
type tb interface {
	Helper()
	Fatalf(format string, args ...any)
}

// checkEvents verifies what must hold for any input: one of Msg/Err per
// event, Msg trimmed, sentinel-free and within the limit.
func checkEvents(t tb, l Limits, evs []Event) {
	t.Helper()
	l = l.withDefaults()
	for _, e := range evs {
		if (e.Msg == nil) == (e.Err == "") {
			t.Fatalf("event must carry exactly one of Msg and Err: %+v", e)
		}
		if e.Msg == nil {
			continue
		}
		if len(e.Msg) > l.MaxBytes {
			t.Fatalf("Msg of %d bytes over MaxBytes %d", len(e.Msg), l.MaxBytes)
		}
		if isSpace(e.Msg[0]) || isSpace(e.Msg[len(e.Msg)-1]) {
			t.Fatalf("Msg carries whitespace: %q", e.Msg)
		}
		if bytes.IndexByte(e.Msg, 0xff) >= 0 || bytes.IndexByte(e.Msg, 0xfe) >= 0 {
			t.Fatalf("Msg contains a sentinel: %q", e.Msg)
		}
	}
}

// pushChunks pushes data cut at the given points and checks Pending after
// every push.
func pushChunks(t tb, l Limits, data []byte, cuts []int) []Event {
	t.Helper()
	f := New(l)
	lim := f.lim.MaxBytes
	var evs []Event
	emit := func(e Event) { evs = append(evs, e) }
	prev := 0
	for _, c := range append(slices.Sorted(slices.Values(cuts)), len(data)) {
		f.Push(data[prev:c], emit)
		prev = c
		if f.Pending() > lim {
			t.Fatalf("Pending() = %d > MaxBytes %d", f.Pending(), lim)
		}
	}
	return evs
}

func drawCuts(t *rapid.T, n int) []int {
	return rapid.SliceOfN(rapid.IntRange(0, n), 0, 20).Draw(t, "cuts")
}

// Valid values, however spaced and however split, come out exactly as
// written and without errors.
func TestPropertyValidValuesRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var stream strings.Builder
		var want []string
		for range rapid.IntRange(1, 5).Draw(t, "count") {
			s := genNode(t, 0).render(t)
			want = append(want, msg(s))
			stream.WriteString(genSpace.Draw(t, "lead") + s + " ")
		}
		data := []byte(stream.String())
		evs := pushChunks(t, Limits{}, data, drawCuts(t, len(data)))
		checkEvents(t, Limits{}, evs)
		if diff := cmp.Diff(want, render(evs)); diff != "" {
			t.Fatalf("events (-want +got):\n%s", diff)
		}
	})
}

// Any stream, cut anywhere, gives the same events as the whole stream in one
// push; with tight limits too, so the limit paths are split as well.
func TestPropertySplitInvariance(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		data := genStream(t)
		l := rapid.SampledFrom([]Limits{{}, {MaxBytes: 20, MaxTokens: 6, MaxDepth: 2}, {MaxBytes: 7, MaxTokens: 3, MaxDepth: 1}}).Draw(t, "limits")
		whole := pushChunks(t, l, data, nil)
		checkEvents(t, l, whole)
		split := pushChunks(t, l, data, drawCuts(t, len(data)))
		if diff := cmp.Diff(render(whole), render(split)); diff != "" {
			t.Fatalf("stream %q (-whole +split):\n%s", data, diff)
		}
	})
}

// genStream mixes valid values, faulty values, truncated values, random
// bytes and sentinels.
func genStream(t *rapid.T) []byte {
	var out []byte
	junk := rapid.SliceOfN(rapid.SampledFrom([]byte("{}[]\":,\\ \nau01-.eE@\x00\x1f\xff\xfe")), 0, 12)
	for range rapid.IntRange(0, 6).Draw(t, "parts") {
		switch rapid.IntRange(0, 4).Draw(t, "part") {
		case 0:
			out = append(out, genNode(t, 0).render(t)...)
		case 1:
			out = append(out, faulty(t).render(t)...)
		case 2:
			s := genNode(t, 0).render(t)
			out = append(out, s[:rapid.IntRange(0, len(s)).Draw(t, "cut")]...)
		case 3:
			out = append(out, junk.Draw(t, "junk")...)
		default:
			out = append(out, rapid.SampledFrom([]byte{0xff, 0xfe, ' '}).Draw(t, "sep"))
		}
	}
	return out
}

// faulty returns a value with exactly one lexical fault or bracket mismatch.
func faulty(t *rapid.T) *node {
	v := genNode(t, 0)
	nodes := v.all()
	target := nodes[rapid.IntRange(0, len(nodes)-1).Draw(t, "target")]
	if target.isScalar() {
		target.scalar = genBadScalar.Draw(t, "bad")
	} else {
		target.badCloser = true
	}
	return v
}

// Exactly one error per bad message, and the next message frames.
func TestPropertyOneErrorPerBadMessage(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		data := []byte(faulty(t).render(t) + genSpace.Draw(t, "sep") + " " + ping)
		evs := pushChunks(t, Limits{}, data, drawCuts(t, len(data)))
		got := render(evs)
		if len(got) != 2 || !strings.HasPrefix(got[0], "err: JSON parse error, ") || got[1] != msg(ping) {
			t.Fatalf("stream %q: events %q, want one parse error then the ping", data, got)
		}
	})
}

// Each limit: a value exactly at it frames; one over it gives exactly one
// error with qemu-ga's text, then the next message frames.
func TestPropertyLimits(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		v := genNode(t, 0)
		s := v.render(t)
		exact := Limits{MaxBytes: len(s), MaxTokens: v.tokens(), MaxDepth: max(v.depth(), 1)}
		under := exact
		var wantErr string
		switch rapid.IntRange(0, 2).Draw(t, "limit") {
		case 0:
			under.MaxBytes--
			wantErr = ErrTokenSize
		case 1:
			under.MaxTokens--
			wantErr = ErrTokenCount
		default:
			under.MaxDepth--
			wantErr = ErrNestingDepth
		}
		// The ping that follows must fit every limit.
		if under.MaxBytes < len(ping) || under.MaxTokens < 5 || under.MaxDepth < 1 {
			t.Skip("value too small to tighten this limit")
		}
		exact.MaxBytes = max(exact.MaxBytes, len(ping))
		exact.MaxTokens = max(exact.MaxTokens, 5)
		data := []byte(terminated(s) + ping)
		cuts := drawCuts(t, len(data))
		if diff := cmp.Diff([]string{msg(s), msg(ping)}, render(pushChunks(t, exact, data, cuts))); diff != "" {
			t.Fatalf("at the limits %+v (-want +got):\n%s", exact, diff)
		}
		if diff := cmp.Diff([]string{perr(wantErr), msg(ping)}, render(pushChunks(t, under, data, cuts))); diff != "" {
			t.Fatalf("over the limits %+v (-want +got):\n%s", under, diff)
		}
	})
}

// For any prefix, garbage or partial JSON, a sentinel followed by a request
// yields that request as the last event.
func TestPropertySentinelResyncs(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		prefix := genStream(t)
		sentinel := rapid.SampledFrom([]byte{0xff, 0xfe}).Draw(t, "sentinel")
		data := append(append(prefix, sentinel), ping...)
		l := rapid.SampledFrom([]Limits{{}, {MaxBytes: 30, MaxTokens: 6, MaxDepth: 2}}).Draw(t, "limits")
		evs := pushChunks(t, l, data, drawCuts(t, len(data)))
		if len(evs) == 0 || string(evs[len(evs)-1].Msg) != ping {
			t.Fatalf("stream %q: events %q, want the ping last", data, render(evs))
		}
	})
}
