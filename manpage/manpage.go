package manpage

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/pflag"
)

// Page is one man page.
type Page struct {
	Name, Section, Version, Manual string
	Summary                        string   // the NAME line's text after "\-"
	Synopsis                       string   // one line, plain text
	Description                    []string // paragraphs
	Flags                          *pflag.FlagSet
	// ShowDefault reports whether a flag's default is appended, as --help
	// appends it; nil never appends.
	ShowDefault func(*pflag.Flag) bool
	Sections    []Section // after OPTIONS
}

// Section is a titled list of paragraphs; a paragraph starting with "  "
// is kept verbatim (no filling), like a code block.
type Section struct {
	Title      string
	Paragraphs []string
}

// Write renders the page.
func Write(w io.Writer, p Page) error {
	var b strings.Builder
	fmt.Fprintf(&b, ".TH %s %s \"\" \"%s %s\" \"%s\"\n", strings.ToUpper(p.Name), p.Section,
		esc(p.Name), esc(p.Version), esc(p.Manual))
	fmt.Fprintf(&b, ".SH NAME\n%s \\- %s\n", esc(p.Name), esc(p.Summary))
	fmt.Fprintf(&b, ".SH SYNOPSIS\n.B %s\n", esc(p.Synopsis))
	section(&b, Section{"DESCRIPTION", p.Description})
	if p.Flags != nil {
		b.WriteString(".SH OPTIONS\n")
		p.Flags.VisitAll(func(f *pflag.Flag) {
			if !f.Hidden {
				option(&b, f, p.ShowDefault != nil && p.ShowDefault(f))
			}
		})
	}
	for _, s := range p.Sections {
		section(&b, s)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func section(b *strings.Builder, s Section) {
	b.WriteString(".SH " + esc(strings.ToUpper(s.Title)) + "\n")
	for i, para := range s.Paragraphs {
		if i > 0 {
			b.WriteString(".PP\n")
		}
		if strings.HasPrefix(para, "  ") {
			b.WriteString(".nf\n" + lines(para) + ".fi\n")
			continue
		}
		b.WriteString(lines(para))
	}
}

// option writes one flag as a tagged paragraph: the forms in bold, the
// value name in italics, then the usage text.
func option(b *strings.Builder, f *pflag.Flag, showDefault bool) {
	name, text := pflag.UnquoteUsage(f)
	head := `\fB\-\-` + esc(f.Name) + `\fR`
	if f.Shorthand != "" {
		head = `\fB\-` + esc(f.Shorthand) + `\fR, ` + head
	}
	switch {
	case name == "":
	case f.NoOptDefVal != "":
		head += `[=\fI` + esc(name) + `\fR]`
	default:
		head += `=\fI` + esc(name) + `\fR`
	}
	if showDefault {
		text += fmt.Sprintf(" (default %s)", f.DefValue)
	}
	b.WriteString(".TP\n" + head + "\n" + lines(text))
}

// lines escapes text line by line, ending with a newline.
func lines(text string) string {
	var b strings.Builder
	for _, l := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
		b.WriteString(escLine(l) + "\n")
	}
	return b.String()
}

// esc escapes roff's backslash and the hyphen-minus of options and paths.
func esc(s string) string {
	return strings.NewReplacer(`\`, `\e`, "-", `\-`).Replace(s)
}

// escLine also protects a line that roff would read as a request.
func escLine(s string) string {
	s = esc(s)
	if strings.HasPrefix(s, ".") || strings.HasPrefix(s, "'") {
		s = `\&` + s
	}
	return s
}
