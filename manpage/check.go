package manpage

import (
	"strings"

	"github.com/spf13/pflag"
)

// Plain strips the roff escapes Write uses, leaving text to search.
func Plain(roff string) string {
	return strings.NewReplacer(`\-`, "-", `\e`, `\`, `\fB`, "", `\fR`, "", `\fI`, "", `\&`, "").Replace(roff)
}

// Missing lists, for each visible flag of fs, what the page (roff) or the
// help text lacks: the option's long form, or its usage text (compared
// with white space collapsed: --help wraps lines). Empty means the page
// and the help agree on every option. The count of visible flags is
// returned so a caller can tell an empty set.
func Missing(roff, help string, fs *pflag.FlagSet) (missing []string, visible int) {
	page, help := collapse(Plain(roff)), collapse(help)
	fs.VisitAll(func(f *pflag.Flag) {
		if f.Hidden {
			return
		}
		visible++
		_, text := pflag.UnquoteUsage(f)
		text = collapse(text)
		for _, where := range []struct{ name, text string }{{"the man page", page}, {"--help", help}} {
			if !strings.Contains(where.text, "--"+f.Name) || !strings.Contains(where.text, text) {
				missing = append(missing, where.name+" lacks --"+f.Name+" or its text "+`"`+text+`"`)
			}
		}
	})
	return missing, visible
}

func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }
