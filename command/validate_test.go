package command

import "testing"

var testSpec = &Spec{Name: "t", Args: []Field{
	Arg("id", TInt),
	Opt("mode", TEnum("Mode", "halt", "reboot")),
	Opt("whence", TAlt("GuestFileWhence", TInt, TEnum("QGASeek", "set", "cur", "end"))),
	Opt("vcpus", TArray(TObject("GuestLogicalProcessor", Arg("logical-id", TInt), Arg("online", TBool)))),
	Opt("s", TStr),
	Opt("n", TNumber),
}}

func TestValidate(t *testing.T) {
	cases := []struct{ args, want string }{
		{`{"id":1}`, ""},
		{`{"id":-9223372036854775808}`, ""},
		{``, "Parameter 'id' is missing"},
		{`{}`, "Parameter 'id' is missing"},
		{`{"foo":1}`, "Parameter 'id' is missing"},
		{`{"id":1,"foo":1,"bar":2}`, "Parameter 'bar' is unexpected"},
		{`{"id":"1"}`, "Invalid parameter type for 'id', expected: integer"},
		{`{"id":1.5}`, "Invalid parameter type for 'id', expected: integer"},
		{`{"id":9223372036854775808}`, "Invalid parameter type for 'id', expected: integer"},
		{`{"id":null}`, "Invalid parameter type for 'id', expected: integer"},
		{`{"id":1,"mode":"halt"}`, ""},
		{`{"id":1,"mode":"bogus"}`, "Parameter 'mode' does not accept value 'bogus'"},
		{`{"id":1,"mode":3}`, "Invalid parameter type for 'mode', expected: string"},
		{`{"id":1,"whence":2}`, ""},
		{`{"id":1,"whence":"end"}`, ""},
		{`{"id":1,"whence":"bogus"}`, "Parameter 'whence' does not accept value 'bogus'"},
		{`{"id":1,"whence":true}`, "Invalid parameter type for 'whence', expected: GuestFileWhence"},
		{`{"id":1,"vcpus":[{"logical-id":0,"online":true}]}`, ""},
		{`{"id":1,"vcpus":[{"logical-id":0,"online":true},{"logical-id":1}]}`, "Parameter 'vcpus[1].online' is missing"},
		{`{"id":1,"vcpus":[{"logical-id":0,"online":1}]}`, "Invalid parameter type for 'vcpus[0].online', expected: boolean"},
		{`{"id":1,"vcpus":[{"logical-id":0,"online":true,"x":1}]}`, "Parameter 'vcpus[0].x' is unexpected"},
		{`{"id":1,"vcpus":{}}`, "Invalid parameter type for 'vcpus', expected: array"},
		{`{"id":1,"s":1}`, "Invalid parameter type for 's', expected: string"},
		{`{"id":1,"n":1.5e3}`, ""},
		{`[]`, "QMP input member 'arguments' must be an object"},
	}
	for _, c := range cases {
		got := ""
		if err := Validate(testSpec, []byte(c.args)); err != nil {
			got = err.Desc
			if err.Class != ClassGeneric {
				t.Errorf("%s: class %s", c.args, err.Class)
			}
		}
		if got != c.want {
			t.Errorf("Validate(%s) = %q, want %q", c.args, got, c.want)
		}
	}
}

func FuzzValidate(f *testing.F) {
	f.Add(`{"id":1,"vcpus":[{"logical-id":0,"online":true}]}`)
	f.Add(`{"id":1,"whence":"set"}`)
	f.Fuzz(func(t *testing.T, args string) {
		_ = Validate(testSpec, []byte(args))
	})
}

// FuzzValidateSplitAgrees: arguments split by Decode validate exactly as
// the same arguments scanned by Validate, duplicates and nesting included.
func FuzzValidateSplitAgrees(f *testing.F) {
	f.Add(`{"id":1,"vcpus":[{"logical-id":0,"online":true}]}`)
	f.Add(`{"id":1,"whence":"set","id":"x"}`)
	f.Add(`{"arguments":{"id":2}}`)
	f.Fuzz(func(t *testing.T, args string) {
		msg := []byte(`{"arguments":` + args + `,"execute":"x"}`)
		env, derr := Decode(msg)
		if derr != nil || env.Args == nil {
			return
		}
		if env.ArgMembers == nil {
			t.Fatalf("Decode(%q) did not split its arguments", msg)
		}
		got, want := ValidateSplit(testSpec, env.Args, env.ArgMembers), Validate(testSpec, env.Args)
		if (got == nil) != (want == nil) || (got != nil && got.Desc != want.Desc) {
			t.Fatalf("arguments %s: split %v, scanned %v", args, got, want)
		}
	})
}
