package main

import (
	"encoding/json"
	"hash/fnv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/goqga/goqga/command"
	"github.com/goqga/goqga/test/jsonoracle"
)

// FuzzDispatch feeds any framed message to the real registry, routing,
// gate and domains (see rig): one well-formed reply each, no panic, no
// request left waiting.
func FuzzDispatch(f *testing.F) {
	f.Add([]byte(`{"execute":"guest-ping","id":1}`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		r := newRig(t)
		reps := r.send(raw)
		if len(reps) != 1 {
			t.Fatalf("%d replies to %q", len(reps), raw)
		}
		id, execute := envelopeOf(raw)
		spec := r.reg.Lookup(execute)
		if reps[0].None && (spec == nil || !spec.NoSuccessResponse) {
			t.Fatalf("no reply to %q", raw)
		}
		checkReply(t, reps[0], id, spec != nil && spec.Delimited)
		if r.d.Held() != 0 {
			t.Fatalf("%d requests left waiting", r.d.Held())
		}
	})
}

// envelopeOf returns the id a reply must echo (nil: none) and the command
// name of a well-formed request object.
func envelopeOf(raw []byte) (json.RawMessage, string) {
	var env map[string]json.RawMessage
	if !jsonoracle.Strict(raw) || json.Unmarshal(raw, &env) != nil {
		return nil, "" // a parse error: it has no id to echo
	}
	var name string
	_ = json.Unmarshal(env["execute"], &name)
	for k := range env {
		if k != "execute" && k != "arguments" && k != "id" {
			return env["id"], "" // refused before any command runs
		}
	}
	return env["id"], name
}

// FuzzCommandArgs sends every registered command arguments built from
// the fuzzer's bytes: used as they are when they are JSON, else as the
// entropy of a generator that follows the command's Spec (right types
// mostly, wrong ones sometimes), so the fuzzer reaches past validation
// into each domain's Logic. One well-formed reply each, no panic.
func FuzzCommandArgs(f *testing.F) {
	f.Add("guest-ping", []byte(nil))
	f.Fuzz(func(t *testing.T, name string, entropy []byte) {
		r := newRig(t)
		spec := r.pick(name)
		args := json.RawMessage(entropy)
		if !json.Valid(entropy) {
			args = genArgs(spec, &source{b: entropy}, r.dir)
		}
		msg, _ := json.Marshal(map[string]any{"execute": spec.Name, "arguments": args, "id": 7})
		reps := r.send(msg)
		if len(reps) != 1 {
			t.Fatalf("%d replies to %s", len(reps), msg)
		}
		if reps[0].None && !spec.NoSuccessResponse {
			t.Fatalf("no reply to %s", msg)
		}
		checkReply(t, reps[0], json.RawMessage("7"), spec.Delimited)
		if r.d.Held() != 0 {
			t.Fatalf("%d requests left waiting", r.d.Held())
		}
	})
}

// pick maps any name to a registered command: itself when registered,
// else one chosen by its hash.
func (r *rig) pick(name string) *command.Spec {
	if s := r.reg.Lookup(name); s != nil {
		return s
	}
	all := r.reg.All()
	h := fnv.New32a()
	h.Write([]byte(name))
	return all[int(h.Sum32()%uint32(len(all)))]
}

// source hands out the fuzzer's bytes; zeros when they run out.
type source struct {
	b []byte
	i int
}

func (s *source) byte() byte {
	if s.i >= len(s.b) {
		return 0
	}
	s.i++
	return s.b[s.i-1]
}

func (s *source) pick(n int) int { return int(s.byte()) % n }

// genArgs builds an arguments object for spec: each field present (an
// optional one sometimes not), of its type (sometimes not), sometimes
// one member too many.
func genArgs(spec *command.Spec, s *source, dir string) json.RawMessage {
	obj := genObject(spec.Args, s, dir, 0)
	if s.pick(16) == 0 {
		obj["bogus"] = json.RawMessage(`1`)
	}
	b, _ := json.Marshal(obj)
	return b
}

func genObject(fields []command.Field, s *source, dir string, depth int) map[string]json.RawMessage {
	obj := map[string]json.RawMessage{}
	for _, f := range fields {
		if (f.Optional && s.pick(3) == 0) || s.pick(32) == 0 {
			continue
		}
		obj[f.Name] = genValue(f.Type, s, dir, depth+1)
	}
	return obj
}

// interesting values the domains treat specially.
var (
	ints    = []string{"0", "1", "-1", "1000", "1001", "4096", "50331648", "50331649", "9223372036854775807", "-9223372036854775808", "2"}
	strs    = []string{"", "r", "w", "a+", "r+b", "zz", "set", "cur", "end", "halt", "reboot", "powerdown", "/", "/home", "/nope", "relative", "aGVsbG8=", "aGVs\nbG8=", "!!", "\u00ff\u0000"}
	wrongly = []string{`null`, `true`, `1.5`, `"x"`, `[]`, `{}`, `18446744073709551616`}
)

func genValue(t command.Type, s *source, dir string, depth int) json.RawMessage {
	if s.pick(16) == 0 || depth > 4 {
		return json.RawMessage(wrongly[s.pick(len(wrongly))])
	}
	switch t.Kind {
	case command.Int, command.Number:
		if s.pick(2) == 0 {
			return json.RawMessage(strconv.Itoa(int(int8(s.byte()))))
		}
		return json.RawMessage(ints[s.pick(len(ints))])
	case command.Bool:
		return json.RawMessage([]string{"true", "false"}[s.pick(2)])
	case command.Str:
		return genString(s, dir)
	case command.Enum:
		if len(t.Values) > 0 && s.pick(4) != 0 {
			return quote(t.Values[s.pick(len(t.Values))])
		}
		return genString(s, dir)
	case command.Array:
		n := s.pick(4)
		elems := make([]json.RawMessage, n)
		for i := range elems {
			elems[i] = genValue(*t.Elem, s, dir, depth+1)
		}
		b, _ := json.Marshal(elems)
		return b
	case command.Object:
		b, _ := json.Marshal(genObject(t.Fields, s, dir, depth))
		return b
	case command.Alt:
		return genValue(t.Alts[s.pick(len(t.Alts))], s, dir, depth)
	}
	return json.RawMessage(wrongly[s.pick(len(wrongly))])
}

// genString is an interesting string, a file in the rig's directory (so
// opens succeed), or random bytes.
func genString(s *source, dir string) json.RawMessage {
	switch s.pick(4) {
	case 0:
		return quote(dir + "/f" + strconv.Itoa(s.pick(4)))
	case 1:
		b := make([]byte, s.pick(24))
		for i := range b {
			b[i] = s.byte()
		}
		return quote(string(b))
	}
	return quote(strs[s.pick(len(strs))])
}

func quote(v string) json.RawMessage {
	b, _ := json.Marshal(v)
	return b
}

// Every registered command has seeds of its own, so the corpus keeps
// reaching every domain's Logic as commands are added.
func TestEveryCommandHasArgSeeds(t *testing.T) {
	ents, err := os.ReadDir(filepath.Join("testdata", "fuzz", "FuzzCommandArgs"))
	if err != nil {
		t.Fatal(err)
	}
	seeded := map[string]bool{}
	for _, e := range ents {
		b, err := os.ReadFile(filepath.Join("testdata", "fuzz", "FuzzCommandArgs", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.SplitN(string(b), "\n", 3)
		if len(lines) > 1 {
			if name, err := strconv.Unquote(strings.TrimSuffix(strings.TrimPrefix(lines[1], "string("), ")")); err == nil {
				seeded[name] = true
			}
		}
	}
	reg, err := registry()
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range reg.All() {
		if !seeded[s.Name] {
			t.Errorf("no FuzzCommandArgs seed for %s in testdata/fuzz/FuzzCommandArgs", s.Name)
		}
	}
}
