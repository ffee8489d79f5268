// Package manpage writes a man page (roff, man macros) whose OPTIONS
// section is generated from a program's own pflag.FlagSet, the one its
// --help prints, so the page cannot drift from the program.
//
// Invariants: every visible flag of the set appears, in the set's order,
// with its short and long form, its value name and its usage text as
// --help shows them (and the default, when --help shows one); hidden flags
// (deprecated aliases) appear only if a section mentions them. The output
// depends only on its input: no date, so packages build reproducibly.
// Text is escaped for roff: backslashes, and a leading '.' or '\”.
package manpage
