package framer

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// render turns events into lines that read well in a diff.
func render(evs []Event) []string {
	out := []string{}
	for _, e := range evs {
		if e.Err != "" {
			out = append(out, "err: "+e.Err)
		} else {
			out = append(out, "msg: "+string(e.Msg))
		}
	}
	return out
}

// frames pushes chunks into a fresh framer and returns the rendered events.
func frames(l Limits, chunks ...[]byte) []string {
	return render(pushAll(New(l), chunks...))
}

func pushAll(f *Framer, chunks ...[]byte) []Event {
	var evs []Event
	for _, c := range chunks {
		f.Push(c, func(e Event) { evs = append(evs, e) })
	}
	return evs
}

func bytesOf(ss ...string) [][]byte {
	out := make([][]byte, len(ss))
	for i, s := range ss {
		out[i] = []byte(s)
	}
	return out
}

func msg(s string) string  { return "msg: " + s }
func perr(s string) string { return "err: " + s }

func nest(open, close string, n int) string {
	return strings.Repeat(open, n) + strings.Repeat(close, n)
}

const ping = `{"execute":"guest-ping"}`

func TestFramerTable(t *testing.T) {
	small := Limits{MaxBytes: 16, MaxTokens: 5, MaxDepth: 3}
	longKw := strings.Repeat("x", 40)
	tests := []struct {
		name   string
		limits Limits
		chunks []string
		want   []string
	}{
		{"one object", Limits{}, []string{ping}, []string{msg(ping)}},
		{"surrounding whitespace trimmed", Limits{}, []string{" \r\n\t" + ping + "\n\n"}, []string{msg(ping)}},
		{"inner whitespace kept", Limits{}, []string{"{ \"a\" :\n[ 1 , 2 ] }"}, []string{msg("{ \"a\" :\n[ 1 , 2 ] }")}},
		{"several per push, no newlines", Limits{}, []string{`{"a":1}{"b":2} {"c":3}` + "\n" + `[4]`},
			[]string{msg(`{"a":1}`), msg(`{"b":2}`), msg(`{"c":3}`), msg(`[4]`)}},
		{"split across pushes", Limits{}, []string{`{"exe`, `cute":"guest`, `-ping"`, `}`}, []string{msg(ping)}},
		{"message ends in the middle of a push", Limits{}, []string{`{"a":`, `1}{"b"`, `:2}`},
			[]string{msg(`{"a":1}`), msg(`{"b":2}`)}},
		{"proxmox: sync-delimited and command in one write", Limits{},
			[]string{"\xff" + `{"execute":"guest-sync-delimited","arguments":{"id":123}}` + ping},
			[]string{msg(`{"execute":"guest-sync-delimited","arguments":{"id":123}}`), msg(ping)}},
		{"braces inside strings", Limits{}, []string{`{"a":"}{][","b":"]"}`}, []string{msg(`{"a":"}{][","b":"]"}`)}},
		{"escaped quote and backslash", Limits{}, []string{`{"a":"\"}\\","b":"\\"}`}, []string{msg(`{"a":"\"}\\","b":"\\"}`)}},
		{"escape split after backslash", Limits{}, []string{`{"a":"x\`, `"}"}`}, []string{msg(`{"a":"x\"}"}`)}},
		{"unicode escape split", Limits{}, []string{`{"a":"\u00`, `e9\uD83D`, `\ude00"}`}, []string{msg(`{"a":"\u00e9\uD83D\ude00"}`)}},
		{"all simple escapes", Limits{}, []string{`["\"\\\/\b\f\n\r\t"]`}, []string{msg(`["\"\\\/\b\f\n\r\t"]`)}},
		{"raw UTF-8 split inside a rune", Limits{}, []string{"{\"a\":\"h\xc3", "\xa9 \xe2\x98", "\x83 \xf0\x9f\x98\x80\"}"},
			[]string{msg("{\"a\":\"hé ☃ 😀\"}")}},
		{"top-level scalars", Limits{}, []string{`42 "str" true null -1.5e3 false[1,2]0{}`},
			[]string{msg("42"), msg(`"str"`), msg("true"), msg("null"), msg("-1.5e3"), msg("false"), msg("[1,2]"), msg("0"), msg("{}")}},
		{"top-level number waits for its terminator", Limits{}, []string{"12", "34"}, []string{}},
		{"top-level number ended by next push", Limits{}, []string{"12", "34", "\n"}, []string{msg("1234")}},
		{"top-level string with escapes", Limits{}, []string{`"a\"b"`}, []string{msg(`"a\"b"`)}},
		{"stray closing brace", Limits{}, []string{"}" + ping}, []string{perr("JSON parse error, stray '}'"), msg(ping)}},
		{"stray closing bracket", Limits{}, []string{"]]" + ping},
			[]string{perr("JSON parse error, stray ']'"), perr("JSON parse error, stray ']'"), msg(ping)}},
		{"stray comma and colon", Limits{}, []string{`{},{}:`},
			[]string{msg("{}"), perr("JSON parse error, stray ','"), msg("{}"), perr("JSON parse error, stray ':'")}},
		{"invalid keyword at top level", Limits{}, []string{"foo " + ping},
			[]string{perr("JSON parse error, invalid keyword 'foo'"), msg(ping)}},
		{"invalid keyword ended by brace", Limits{}, []string{"foo" + ping},
			[]string{perr("JSON parse error, invalid keyword 'foo'"), msg(ping)}},
		{"invalid keyword inside", Limits{}, []string{`{"a": foo}` + ping},
			[]string{perr("JSON parse error, invalid keyword 'foo'"), msg(ping)}},
		{"keyword is case sensitive", Limits{}, []string{`[TRUE]`}, []string{perr("JSON parse error, invalid keyword 'TRUE'")}},
		{"keyword prefix", Limits{}, []string{`[tru]`}, []string{perr("JSON parse error, invalid keyword 'tru'")}},
		{"long keyword shown to 32 chars", Limits{}, []string{"[" + longKw + "]"},
			[]string{perr("JSON parse error, invalid keyword '" + longKw[:32] + "'")}},
		{"stray character", Limits{}, []string{"@ " + ping}, []string{perr("JSON parse error, stray '@'"), msg(ping)}},
		{"stray junk run is one error", Limits{}, []string{"@#$%" + ping}, []string{perr("JSON parse error, stray '@'"), msg(ping)}},
		{"stray UTF-8 letter", Limits{}, []string{"é " + ping}, []string{perr("JSON parse error, stray 'é'"), msg(ping)}},
		{"stray control byte", Limits{}, []string{"\x00" + ping}, []string{perr(`JSON parse error, stray '\x00'`), msg(ping)}},
		{"invalid numbers", Limits{}, []string{`[01][1.][-][1e][1.5e+][--1][1x]`},
			[]string{
				perr("JSON parse error, invalid number '01'"), perr("JSON parse error, invalid number '1.'"),
				perr("JSON parse error, invalid number '-'"), perr("JSON parse error, invalid number '1e'"),
				perr("JSON parse error, invalid number '1.5e+'"), perr("JSON parse error, invalid number '--1'"),
				perr("JSON parse error, invalid number '1x'"),
			}},
		{"valid numbers", Limits{}, []string{`[0,-0,1,-12,0.5,1e5,1E+5,1.25e-10,123456789012345678901234567890123456789]`},
			[]string{msg(`[0,-0,1,-12,0.5,1e5,1E+5,1.25e-10,123456789012345678901234567890123456789]`)}},
		{"bad escape", Limits{}, []string{`{"a":"\q}"}` + ping}, []string{perr(errEscape), msg(ping)}},
		{"bad escape at top level", Limits{}, []string{`"\x"` + ping}, []string{perr(errEscape), msg(ping)}},
		{"short unicode escape", Limits{}, []string{`{"a":"\u12"}` + ping}, []string{perr(errEscape), msg(ping)}},
		{"control character in string", Limits{}, []string{"{\"a\":\"x\ny\"}" + ping}, []string{perr(errControl), msg(ping)}},
		{"several lexical errors in one message give one error", Limits{}, []string{`{"a":foo,"b":"\q","c":@}` + ping},
			[]string{perr("JSON parse error, invalid keyword 'foo'"), msg(ping)}},
		{"mismatched closer", Limits{}, []string{"{]" + ping}, []string{perr("JSON parse error, mismatched ']'"), msg(ping)}},
		{"mismatched closer nested", Limits{}, []string{`{"a":[1}}` + ping}, []string{perr("JSON parse error, mismatched '}'"), msg(ping)}},
		{"discard tracks strings", Limits{}, []string{`{"a":foo,"b":"}}}"}` + ping},
			[]string{perr("JSON parse error, invalid keyword 'foo'"), msg(ping)}},
		{"discard tracks escapes", Limits{}, []string{`{"a":foo,"b":"\"}"}` + ping},
			[]string{perr("JSON parse error, invalid keyword 'foo'"), msg(ping)}},
		{"depth limit reached is fine", Limits{MaxDepth: 3}, []string{nest("[", "]", 3)}, []string{msg(nest("[", "]", 3))}},
		{"depth limit exceeded", Limits{MaxDepth: 3}, []string{nest("[", "]", 4) + "{}"}, []string{perr(ErrNestingDepth), msg("{}")}},
		{"depth limit exceeded, split", Limits{MaxDepth: 3}, []string{"[[[", "[", "{\"a\":[", "]}", "]]]]", "{}"}, []string{perr(ErrNestingDepth), msg("{}")}},
		{"size limit exact", small, []string{`{"a":"67890123"}`}, []string{msg(`{"a":"67890123"}`)}},
		{"size limit exceeded by closer", small, []string{`{"a":"678901234"}{}`}, []string{perr(ErrTokenSize), msg("{}")}},
		{"size limit exceeded in string", small, []string{`{"a":"6789012345678901234}"}{}`}, []string{perr(ErrTokenSize), msg("{}")}},
		{"size limit exceeded by top-level number", small, []string{"12345678901234567 {}"}, []string{perr(ErrTokenSize), msg("{}")}},
		{"size limit exceeded by top-level string", small, []string{`"12345678901234567" {}`}, []string{perr(ErrTokenSize), msg("{}")}},
		{"size limit counts inner whitespace", small, []string{"{               }{}"}, []string{perr(ErrTokenSize), msg("{}")}},
		{"token limit reached is fine", small, []string{"[1,2]"}, []string{msg("[1,2]")}},
		{"token limit exceeded", small, []string{"[1,2,3]{}"}, []string{perr(ErrTokenCount), msg("{}")}},
		{"token limit exceeded by an opener", small, []string{`[1,[[]]]{}`}, []string{perr(ErrTokenCount), msg("{}")}},
		{"sentinel drops partial message", Limits{}, []string{`{"execute":"stale`, "\xff" + ping}, []string{msg(ping)}},
		{"0xFE drops partial message", Limits{}, []string{`{"execute":"stale`, "\xfe" + ping}, []string{msg(ping)}},
		{"sentinel inside escape", Limits{}, []string{`{"a":"\`, "\xff" + ping}, []string{msg(ping)}},
		{"sentinel inside unicode escape", Limits{}, []string{`{"a":"\u0`, "\xff" + ping}, []string{msg(ping)}},
		{"sentinel drops pending top-level number", Limits{}, []string{"123\xff" + ping}, []string{msg(ping)}},
		{"sentinel drops partial keyword silently", Limits{}, []string{"[foo\xff" + ping}, []string{msg(ping)}},
		{"sentinels between messages are silent", Limits{}, []string{"\xff\xff\n\xfe" + ping + "\xff"}, []string{msg(ping)}},
		{"sentinel ends discarding", Limits{}, []string{`{"a": foo, "b": "{{{`, "\xff" + ping},
			[]string{perr("JSON parse error, invalid keyword 'foo'"), msg(ping)}},
		{"sentinel ends deep discarding", small, []string{"[[[[[[[[", "\xff{}"}, []string{perr(ErrNestingDepth), msg("{}")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			chunks := bytesOf(tt.chunks...)
			if diff := cmp.Diff(tt.want, frames(tt.limits, chunks...)); diff != "" {
				t.Errorf("events (-want +got):\n%s", diff)
			}
			// Split invariance on every case: all in one push, and one
			// byte per push.
			whole := bytes.Join(chunks, nil)
			if diff := cmp.Diff(tt.want, frames(tt.limits, whole)); diff != "" {
				t.Errorf("one push (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.want, frames(tt.limits, splitEvery(whole, 1)...)); diff != "" {
				t.Errorf("byte per push (-want +got):\n%s", diff)
			}
		})
	}
}

func splitEvery(b []byte, n int) [][]byte {
	var out [][]byte
	for len(b) > n {
		out = append(out, b[:n])
		b = b[n:]
	}
	return append(out, b)
}

func TestDepthDefaultLimit(t *testing.T) {
	ok := nest("[", "]", 1024)
	deep := nest("[", "]", 1025)
	got := frames(Limits{}, []byte(ok+deep+ok+nest("{\"a\":", "}", 1025)+ping))
	want := []string{msg(ok), perr(ErrNestingDepth), msg(ok), perr(ErrNestingDepth), msg(ping)}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
}

// A sentinel at any offset of a message, followed by the message, yields
// the message exactly once (twice when the first copy was already whole).
func TestSentinelAtEveryOffset(t *testing.T) {
	m := `{"execute":"guest-sync-delimited","arguments":{"id":1234,"s":"a\"}\u00e9"},"x":[true,null,-1.5]}`
	for _, sentinel := range []byte{0xFF, 0xFE} {
		for k := 0; k <= len(m); k++ {
			stream := m[:k] + string([]byte{sentinel}) + m
			want := []string{msg(m)}
			if k == len(m) {
				want = append(want, msg(m))
			}
			if diff := cmp.Diff(want, frames(Limits{}, []byte(stream))); diff != "" {
				t.Fatalf("sentinel %#x at offset %d (-want +got):\n%s", sentinel, k, diff)
			}
			if diff := cmp.Diff(want, frames(Limits{}, []byte(m[:k]), []byte{sentinel}, []byte(m))); diff != "" {
				t.Fatalf("sentinel %#x at offset %d, split (-want +got):\n%s", sentinel, k, diff)
			}
		}
	}
}

// However a bad message was cut off, a sentinel restores framing.
func TestSentinelAfterEveryBadPrefix(t *testing.T) {
	bad := `{"a": foo, "b": [1, "\q", @], "c": {{{`
	for k := 0; k <= len(bad); k++ {
		evs := pushAll(New(Limits{}), []byte(bad[:k]+"\xff"+ping))
		if len(evs) == 0 || string(evs[len(evs)-1].Msg) != ping {
			t.Fatalf("prefix %q: last event %v, want %s", bad[:k], render(evs), ping)
		}
		if len(evs) > 2 {
			t.Fatalf("prefix %q: more than one error: %v", bad[:k], render(evs))
		}
	}
}

func TestResetDropsPartialMessage(t *testing.T) {
	f := New(Limits{})
	pushAll(f, []byte(`{"execute":"guest-file-write","arguments":{"buf-b64":"AAAA`))
	if f.Pending() == 0 {
		t.Fatal("Pending() = 0 with a partial message")
	}
	f.Reset()
	if f.Pending() != 0 {
		t.Fatalf("Pending() = %d after Reset", f.Pending())
	}
	if diff := cmp.Diff([]string{msg(ping)}, render(pushAll(f, []byte(ping)))); diff != "" {
		t.Errorf("events after Reset (-want +got):\n%s", diff)
	}
}

// An oversized message stops being buffered as soon as it is over the limit.
func TestOversizeReleasesBuffer(t *testing.T) {
	l := Limits{MaxBytes: 1000}
	f := New(l)
	chunk := bytes.Repeat([]byte("A"), 300)
	var evs []Event
	push := func(b []byte) {
		f.Push(b, func(e Event) { evs = append(evs, e) })
		if f.Pending() > l.MaxBytes {
			t.Fatalf("Pending() = %d > MaxBytes", f.Pending())
		}
	}
	push([]byte(`{"a":"`))
	for range 10 {
		push(chunk)
	}
	if f.Pending() != 0 {
		t.Fatalf("Pending() = %d while discarding", f.Pending())
	}
	push([]byte(`"}` + ping))
	if diff := cmp.Diff([]string{perr(ErrTokenSize), msg(ping)}, render(evs)); diff != "" {
		t.Errorf("events (-want +got):\n%s", diff)
	}
}

// Msg belongs to the receiver: neither the caller reusing its read buffer
// nor later messages may change it.
func TestMsgIsOwned(t *testing.T) {
	f := New(Limits{})
	big := `{"a":"` + strings.Repeat("B", 200<<10) + `"}`
	var got [][]byte
	emit := func(e Event) { got = append(got, e.Msg) }
	buf := []byte(ping + `{"a":`)
	f.Push(buf, emit)
	for i := range buf {
		buf[i] = 'X'
	}
	f.Push([]byte(`1}`), emit)
	f.Push([]byte(big[:100]), emit)
	f.Push([]byte(big[100:]), emit)
	f.Push([]byte(ping), emit)
	want := []string{ping, `{"a":1}`, big, ping}
	if len(got) != len(want) {
		t.Fatalf("got %d messages, want %d", len(got), len(want))
	}
	for i := range want {
		if string(got[i]) != want[i] {
			t.Errorf("message %d changed: %.40q", i, got[i])
		}
	}
}

func TestLimitsDefaults(t *testing.T) {
	want := Limits{MaxBytes: 64 << 20, MaxTokens: 2097152, MaxDepth: 1024}
	if got := DefaultLimits(); got != want {
		t.Errorf("DefaultLimits() = %+v", got)
	}
	if got := New(Limits{MaxDepth: 7}).lim; got != (Limits{MaxBytes: 64 << 20, MaxTokens: 2097152, MaxDepth: 7}) {
		t.Errorf("New fills zero fields: %+v", got)
	}
}

func TestShownIsBounded(t *testing.T) {
	for _, raw := range []string{strings.Repeat("\x01", 32), strings.Repeat("é", 40), "ab'c\\d", "\xff\xfe"} {
		s := shown([]byte(raw), maxShown)
		if n := len([]rune(s)); n > maxShown {
			t.Errorf("shown(%q) = %q: %d chars", raw, s, n)
		}
		if !strings.HasPrefix(fmt.Sprintf("%q", s), `"`) {
			t.Errorf("shown(%q) not printable", raw)
		}
	}
}

// A large message is handed over in the buffer that assembled it, the next
// one is assembled in a buffer sized like it, and a small one releases both.
func TestLargeMessagesAreHandedOverAndSizedForTheNext(t *testing.T) {
	f := New(Limits{})
	big := []byte(`{"a":"` + strings.Repeat("B", 4<<20) + `"}`)
	var first []byte
	for i := range 3 {
		evs := pushAll(f, big[:100], big[100:300<<10], big[300<<10:])
		if len(evs) != 1 || !bytes.Equal(evs[0].Msg, big) {
			t.Fatalf("message %d not framed whole", i)
		}
		if cap(f.buf) != 0 {
			t.Fatalf("message %d: the framer kept a %d-byte buffer it had handed over", i, cap(f.buf))
		}
		if i > 0 && cap(evs[0].Msg) != len(big)+len(big)/4 {
			// sized once from the last message: no regrowth, no copy
			t.Fatalf("message %d assembled in %d bytes, want %d", i, cap(evs[0].Msg), len(big)+len(big)/4)
		}
		if i == 0 {
			first = evs[0].Msg
		}
	}
	if !bytes.Equal(first, big) {
		t.Fatal("a handed-over message changed when the next one was framed")
	}
	pushAll(f, []byte(`{"execute":`), []byte(`"guest-ping"}`))
	if f.nextCap != 0 || cap(f.buf) > keepBufCap {
		t.Errorf("after a small message: next size %d, buffer %d bytes; want both released", f.nextCap, cap(f.buf))
	}
}

// A buffer given back is where the next large message is assembled; after
// a small message nothing is kept.
func TestRecycledBufferCarriesTheNextLargeMessage(t *testing.T) {
	f := New(Limits{})
	big := func(c byte) []byte { return []byte(`{"a":"` + strings.Repeat(string(c), 2<<20) + `"}`) }
	first := pushAll(f, big('A')[:100], big('A')[100:])[0].Msg
	second := pushAll(f, big('B')[:100], big('B')[100:])[0].Msg
	f.Recycle(second)
	third := pushAll(f, big('C')[:100], big('C')[100:])
	if len(third) != 1 || !bytes.Equal(third[0].Msg, big('C')) {
		t.Fatal("the message assembled in a recycled buffer is wrong")
	}
	if &third[0].Msg[0] != &second[:1][0] {
		t.Error("the recycled buffer was not used")
	}
	if !bytes.Equal(first, big('A')) {
		t.Error("a message not given back was touched")
	}
	pushAll(f, []byte(`{"execute":"guest-ping"}`))
	f.Recycle(third[0].Msg)
	if f.spare != nil {
		t.Error("a buffer was kept after a small message")
	}
}

// A buffer over maxSpare is never kept: one huge write must not pin its
// memory while the host is quiet.
func TestRecycleKeepsNoHugeBuffer(t *testing.T) {
	f := New(Limits{})
	huge := []byte(`{"a":"` + strings.Repeat("H", 9<<20) + `"}`)
	pushAll(f, huge[:100], huge[100:])
	msg := pushAll(f, huge[:100], huge[100:])[0].Msg
	f.Recycle(msg)
	if f.spare != nil {
		t.Fatalf("a %d-byte buffer was kept", cap(msg))
	}
}
