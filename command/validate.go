package command

import (
	"fmt"
	"slices"
	"strconv"
)

// Validate checks raw (the request's "arguments", nil when absent) against
// spec and returns a GenericError with qemu-ga's wording, or nil. It walks
// the raw JSON: no argument is decoded or copied.
func Validate(spec *Spec, raw []byte) *Error {
	return ValidateSplit(spec, raw, nil)
}

// ValidateSplit is Validate for arguments Decode has already split into
// members (Envelope.ArgMembers); with split nil it scans raw itself.
func ValidateSplit(spec *Spec, raw []byte, split *Members) *Error {
	if len(raw) == 0 {
		// No arguments: the common case (guest-ping) needs no scanning.
		return checkFields("", spec.Args, nil)
	}
	if split != nil {
		return checkFields("", spec.Args, split.ms)
	}
	ms, err := members(raw)
	if err != nil {
		if len(raw) > 0 && raw[0] != '{' {
			return Errorf("QMP input member 'arguments' must be an object")
		}
		return parseError(err)
	}
	return checkFields("", spec.Args, ms)
}

// checkFields checks an object's members against fields in declaration
// order, then reports the first unexpected member (alphabetically, so the
// text is stable), as qemu's input visitor does after visiting a struct.
func checkFields(prefix string, fields []Field, ms []member) *Error {
	for _, f := range fields {
		val := find(ms, f.Name)
		name := join(prefix, f.Name)
		if val == nil {
			if !f.Optional {
				return Errorf("Parameter '%s' is missing", name)
			}
			continue
		}
		if err := check(name, f.Type, val); err != nil {
			return err
		}
	}
	return unexpected(prefix, fields, ms)
}

func unexpected(prefix string, fields []Field, ms []member) *Error {
	var extra []string
	for _, m := range ms {
		if !slices.ContainsFunc(fields, func(f Field) bool { return f.Name == m.name }) {
			extra = append(extra, m.name)
		}
	}
	if len(extra) == 0 {
		return nil
	}
	slices.Sort(extra)
	return Errorf("Parameter '%s' is unexpected", join(prefix, extra[0]))
}

func join(prefix, name string) string {
	if prefix == "" {
		return name
	}
	return prefix + "." + name
}

func check(name string, t Type, v []byte) *Error {
	if !matches(t, v) {
		return Errorf("Invalid parameter type for '%s', expected: %s", name, expected(t))
	}
	switch t.Kind {
	case Enum:
		if s, _ := unquote(v); !slices.Contains(t.Values, s) {
			return Errorf("Parameter '%s' does not accept value '%s'", name, s)
		}
	case Object:
		ms, err := members(v)
		if err != nil {
			return parseError(err)
		}
		return checkFields(name, t.Fields, ms)
	case Array:
		return checkElements(name, *t.Elem, v)
	case Alt:
		for _, a := range t.Alts {
			if matches(a, v) {
				return check(name, a, v)
			}
		}
	}
	return nil
}

func checkElements(name string, elem Type, v []byte) *Error {
	es, err := elements(v)
	if err != nil {
		return parseError(err)
	}
	for i, e := range es {
		if err := check(fmt.Sprintf("%s[%d]", name, i), elem, e); err != nil {
			return err
		}
	}
	return nil
}

// matches reports whether the raw value v has the JSON shape t needs
// (values inside enums and objects are checked separately).
func matches(t Type, v []byte) bool {
	switch t.Kind {
	case Int:
		_, err := strconv.ParseInt(string(v), 10, 64)
		return err == nil
	case Str, Enum:
		return v[0] == '"'
	case Bool:
		return string(v) == "true" || string(v) == "false"
	case Number:
		return v[0] == '-' || (v[0] >= '0' && v[0] <= '9')
	case Object:
		return v[0] == '{'
	case Array:
		return v[0] == '['
	case Alt:
		return slices.ContainsFunc(t.Alts, func(a Type) bool { return matches(a, v) })
	}
	return true
}

func expected(t Type) string {
	if t.Name != "" && t.Kind != Enum {
		return t.Name
	}
	switch t.Kind {
	case Int:
		return "integer"
	case Str, Enum:
		return "string"
	case Bool:
		return "boolean"
	case Number:
		return "number"
	case Object:
		return "object"
	case Array:
		return "array"
	}
	return "value"
}
