package manpage

import (
	"strings"
	"testing"

	"github.com/spf13/pflag"
)

func TestWrite(t *testing.T) {
	fs := pflag.NewFlagSet("x", pflag.ContinueOnError)
	fs.StringP("path", "p", "/dev/x", "device `PATH` to open")
	fs.SortFlags = false
	fs.Bool("verbose", false, "say more")
	fs.String("hook", "", "run the `HOOK`")
	fs.Lookup("hook").NoOptDefVal = "/etc/h"
	fs.String("old", "", "old name")
	_ = fs.MarkHidden("old")
	var b strings.Builder
	err := Write(&b, Page{
		Name: "x", Section: "8", Version: "1.0", Manual: "Manual", Summary: "does x",
		Synopsis: "x [-p PATH]", Description: []string{"First.\n.dot line", "  code\\here"},
		Flags: fs, ShowDefault: func(f *pflag.Flag) bool { return f.Name == "path" },
		Sections: []Section{{"files", []string{"/etc/x"}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := `.TH X 8 "" "x 1.0" "Manual"
.SH NAME
x \- does x
.SH SYNOPSIS
.B x [\-p PATH]
.SH DESCRIPTION
First.
\&.dot line
.PP
.nf
  code\ehere
.fi
.SH OPTIONS
.TP
\fB\-p\fR, \fB\-\-path\fR=\fIPATH\fR
device PATH to open (default /dev/x)
.TP
\fB\-\-verbose\fR
say more
.TP
\fB\-\-hook\fR[=\fIHOOK\fR]
run the HOOK
.SH FILES
/etc/x
`
	if b.String() != want {
		t.Errorf("got:\n%s\nwant:\n%s", b.String(), want)
	}
}

func TestMissing(t *testing.T) {
	fs := pflag.NewFlagSet("x", pflag.ContinueOnError)
	fs.StringP("path", "p", "", "device `PATH`")
	fs.Bool("quiet", false, "say less")
	fs.Bool("old", false, "hidden")
	_ = fs.MarkHidden("old")
	var b strings.Builder
	if err := Write(&b, Page{Name: "x", Section: "1", Flags: fs}); err != nil {
		t.Fatal(err)
	}
	help := "  -p, --path=PATH  device PATH\n      --quiet  say less\n"
	if m, n := Missing(b.String(), help, fs); len(m) != 0 || n != 2 {
		t.Errorf("agreeing page and help: %v, %d", m, n)
	}
	if m, _ := Missing(b.String(), "      --quiet  say less\n", fs); len(m) != 1 || !strings.Contains(m[0], "--help lacks --path") {
		t.Errorf("help without --path: %v", m)
	}
	if m, _ := Missing(strings.ReplaceAll(b.String(), "say less", "says"), help, fs); len(m) != 1 || !strings.Contains(m[0], "the man page lacks --quiet") {
		t.Errorf("page with another text: %v", m)
	}
}

func TestMissingWrappedHelp(t *testing.T) {
	fs := pflag.NewFlagSet("x", pflag.ContinueOnError)
	fs.String("long", "", "a text long enough that --help wraps it onto a second line")
	var b strings.Builder
	if err := Write(&b, Page{Name: "x", Section: "1", Flags: fs}); err != nil {
		t.Fatal(err)
	}
	help := "      --long=string  a text long enough that --help wraps\n                     it onto a second line\n"
	if m, _ := Missing(b.String(), help, fs); len(m) != 0 {
		t.Errorf("wrapped help: %v", m)
	}
}
