package command

// Kind is the JSON shape an argument must have.
type Kind int

const (
	Int    Kind = iota // a JSON integer that fits int64
	Str                // a JSON string
	Bool               // true or false
	Number             // any JSON number
	Enum               // a string from Type.Values
	Object             // an object with Type.Fields
	Array              // an array of *Type.Elem
	Any                // anything
	Alt                // the first of Type.Alts whose JSON shape matches
)

// Type describes an argument's value.
type Type struct {
	Kind   Kind
	Name   string   // QAPI type name, used in "expected:" texts when set
	Values []string // Enum
	Fields []Field  // Object
	Elem   *Type    // Array
	Alts   []Type   // Alt: alternatives, tried by JSON shape (qemu's alternates)
}

// Field is one named argument (or one member of an object argument).
type Field struct {
	Name     string
	Type     Type
	Optional bool
}

// Spec declares one command.
type Spec struct {
	Name string
	// Domain names the actor that owns the command (core, files, freeze, ...).
	Domain string
	Args   []Field
	// NoSuccessResponse is set for commands that answer only on failure
	// (guest-shutdown, guest-suspend-*): success-response false in guest-info.
	NoSuccessResponse bool
	// AllowedFrozen commands run while filesystems are frozen (or may be).
	AllowedFrozen bool
	// Delimited replies are prefixed with 0xFF (guest-sync-delimited only).
	Delimited bool
}

// Convenience constructors keep registry tables short and readable.

// Arg is a required argument.
func Arg(name string, t Type) Field { return Field{Name: name, Type: t} }

// Opt is an optional argument.
func Opt(name string, t Type) Field { return Field{Name: name, Type: t, Optional: true} }

var (
	TInt    = Type{Kind: Int}
	TStr    = Type{Kind: Str}
	TBool   = Type{Kind: Bool}
	TNumber = Type{Kind: Number}
	TAny    = Type{Kind: Any}
)

// TEnum is a string restricted to values.
func TEnum(name string, values ...string) Type { return Type{Kind: Enum, Name: name, Values: values} }

// TArray is an array of elem.
func TArray(elem Type) Type { return Type{Kind: Array, Elem: &elem} }

// TObject is an object with the given members.
func TObject(name string, fields ...Field) Type {
	return Type{Kind: Object, Name: name, Fields: fields}
}

// TAlt is a QAPI alternate: the value may take any of the given shapes.
func TAlt(name string, alts ...Type) Type { return Type{Kind: Alt, Name: name, Alts: alts} }
