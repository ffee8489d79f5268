package faults

import (
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestParseGood(t *testing.T) {
	type want struct {
		point, target string
		hasTarget     bool
		fault         Fault
		count         int64
	}
	tests := []struct {
		spec string
		want []want
		str  string // canonical String(); "" means same as spec
	}{
		{"os.freeze=error(EBUSY)", []want{{point: "os.freeze", fault: Fault{Action: Error, Errno: syscall.EBUSY}}}, ""},
		{"os.open@/etc/shadow=error(EACCES)*2", []want{{point: "os.open", target: "/etc/shadow", hasTarget: true, fault: Fault{Action: Error, Errno: syscall.EACCES}, count: 2}}, ""},
		{"actor.files=delay(250ms)", []want{{point: "actor.files", fault: Fault{Action: Delay, Delay: 250 * time.Millisecond}}}, ""},
		{"os.read=hang", []want{{point: "os.read", fault: Fault{Action: Hang}}}, ""},
		{"os.fs-freeze_2.x=panic*1", []want{{point: "os.fs-freeze_2.x", fault: Fault{Action: Panic}, count: 1}}, ""},
		{"channel.write=drop", []want{{point: "channel.write", fault: Fault{Action: Drop}}}, ""},
		{"channel.write=corrupt*3", []want{{point: "channel.write", fault: Fault{Action: Corrupt}, count: 3}}, ""},
		{"channel.read=error(ECONNRESET)", []want{{point: "channel.read", fault: Fault{Action: Error, Errno: syscall.ECONNRESET}}}, ""},
		{"os.ioctl=error(EOPNOTSUPP)", []want{{point: "os.ioctl", fault: Fault{Action: Error, Errno: syscall.EOPNOTSUPP}}}, ""},
		{" os.a = error( EIO ) * 2 ,\tos.b@/x=y = hang ", []want{
			{point: "os.a", fault: Fault{Action: Error, Errno: syscall.EIO}, count: 2},
			{point: "os.b", target: "/x=y", hasTarget: true, fault: Fault{Action: Hang}},
		}, "os.a=error(EIO)*2,os.b@/x=y=hang"},
		{"os.a=delay(1m30s)", []want{{point: "os.a", fault: Fault{Action: Delay, Delay: 90 * time.Second}}}, ""},
		{"os.a=delay(0)", []want{{point: "os.a", fault: Fault{Action: Delay}}}, "os.a=delay(0s)"},
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			inj, err := Parse(tt.spec)
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			var got []want
			for _, r := range inj.rules {
				got = append(got, want{r.point, r.target, r.hasTarget, r.fault, r.count})
			}
			if d := cmp.Diff(tt.want, got, cmp.AllowUnexported(want{})); d != "" {
				t.Errorf("rules (-want +got):\n%s", d)
			}
			str := tt.str
			if str == "" {
				str = tt.spec
			}
			if inj.String() != str {
				t.Errorf("String() = %q, want %q", inj.String(), str)
			}
		})
	}
}

func TestParseEmpty(t *testing.T) {
	for _, spec := range []string{"", "  ", "\t"} {
		inj, err := Parse(spec)
		if inj != nil || err != nil {
			t.Errorf("Parse(%q) = %v, %v; want nil, nil", spec, inj, err)
		}
	}
}

func TestParseBad(t *testing.T) {
	tests := []struct{ spec, err string }{
		{"os.freeze=explode", `fault "os.freeze=explode": unknown action "explode" (want error(ERRNO), delay(D), hang, panic, drop, corrupt)`},
		{"os.freeze", `fault "os.freeze": missing "=" (want POINT[@TARGET]=ACTION[*COUNT])`},
		{"os.a=hang,", `fault "": empty item (want POINT[@TARGET]=ACTION[*COUNT])`},
		{"os.a=hang,,os.b=hang", `fault "": empty item (want POINT[@TARGET]=ACTION[*COUNT])`},
		{"=hang", `fault "=hang": missing point (want os.CALL, actor.DOMAIN, channel.read or channel.write)`},
		{"disk.read=hang", `fault "disk.read=hang": unknown point "disk.read" (want os.CALL, actor.DOMAIN, channel.read or channel.write)`},
		{"os.=hang", `fault "os.=hang": point "os." has an empty name after the prefix`},
		{"os.Open=hang", `fault "os.Open=hang": point "os.Open" has a bad character 'O' (want [a-z0-9_.-])`},
		{"os.open@=hang", `fault "os.open@=hang": empty target after "@"`},
		{"os.open=error(EFOO)", `fault "os.open=error(EFOO)": unknown errno "EFOO" (want a symbolic name such as EIO, ENOSPC, EBUSY)`},
		{"os.open=error(5)", `fault "os.open=error(5)": unknown errno "5" (want a symbolic name such as EIO, ENOSPC, EBUSY)`},
		{"os.open=error()", `fault "os.open=error()": unknown errno "" (want a symbolic name such as EIO, ENOSPC, EBUSY)`},
		{"os.open=error(EIO,EPERM)", `fault "os.open=error(EIO,EPERM)": unknown errno "EIO,EPERM" (want a symbolic name such as EIO, ENOSPC, EBUSY)`},
		{"os.open=error(EIO", `fault "os.open=error(EIO": unknown action "error(EIO" (want error(ERRNO), delay(D), hang, panic, drop, corrupt)`},
		{"os.open=delay(soon)", `fault "os.open=delay(soon)": bad delay "soon" (want a non-negative Go duration such as 250ms)`},
		{"os.open=delay(-1s)", `fault "os.open=delay(-1s)": bad delay "-1s" (want a non-negative Go duration such as 250ms)`},
		{"os.open=hang*0", `fault "os.open=hang*0": bad count "0" (want a positive integer)`},
		{"os.open=hang*-2", `fault "os.open=hang*-2": bad count "-2" (want a positive integer)`},
		{"os.open=hang*x", `fault "os.open=hang*x": bad count "x" (want a positive integer)`},
		{"os.open=hang*", `fault "os.open=hang*": bad count "" (want a positive integer)`},
		{"os.write=drop", `fault "os.write=drop": action drop applies only to channel points, not "os.write"`},
		{"actor.files=corrupt", `fault "actor.files=corrupt": action corrupt applies only to channel points, not "actor.files"`},
		{"channel.read=drop", `fault "channel.read=drop": action drop applies only to channel.write, not "channel.read"`},
		{"channel.write=panic*1", `fault "channel.write=panic*1": action panic applies only to os and actor points, not "channel.write" (the channel is not supervised: use error, delay or hang)`},
		{"channel.x=delay(1s)", `fault "channel.x=delay(1s)": unknown point "channel.x" (the channel has channel.read and channel.write)`},
		{"os.a=hang, os.b=HANG", `fault "os.b=HANG": unknown action "HANG" (want error(ERRNO), delay(D), hang, panic, drop, corrupt)`},
	}
	for _, tt := range tests {
		t.Run(tt.spec, func(t *testing.T) {
			inj, err := Parse(tt.spec)
			if err == nil {
				t.Fatalf("Parse(%q) = %v, want error", tt.spec, inj)
			}
			if err.Error() != tt.err {
				t.Errorf("error:\n got %s\nwant %s", err, tt.err)
			}
		})
	}
}

func TestActionString(t *testing.T) {
	for a, want := range map[Action]string{None: "none", Error: "error", Corrupt: "corrupt", Action(42): "Action(42)"} {
		if a.String() != want {
			t.Errorf("%d.String() = %q, want %q", int(a), a.String(), want)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"os.freeze=error(EBUSY)", "os.open@/a=b=error(EACCES)*2, channel.write=drop*1",
		"actor.files=delay(250ms)", "os.a@(,)=hang", "os.a=error(EIO,x)", "channel.x=corrupt*9",
		"", ",", "=", "*", "os.a@x@y=panic",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, spec string) {
		inj, err := Parse(spec)
		if err != nil || inj == nil {
			return
		}
		s1 := inj.String()
		inj2, err := Parse(s1)
		if err != nil {
			t.Fatalf("Parse(%q) ok, but its rendering %q fails: %v", spec, s1, err)
		}
		if s2 := inj2.String(); s2 != s1 {
			t.Fatalf("round trip of %q: %q then %q", spec, s1, s2)
		}
	})
}
