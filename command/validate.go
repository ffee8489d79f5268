package command

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
)

// Validate checks raw (the request's "arguments", nil when absent) against
// spec and returns a GenericError with qemu-ga's wording, or nil.
func Validate(spec *Spec, raw json.RawMessage) *Error {
	if len(raw) == 0 {
		// No arguments: the common case (guest-ping) needs no decoding.
		return checkFields("", spec.Args, nil)
	}
	var v any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return Errorf("JSON parse error, %v", err)
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return Errorf("QMP input member 'arguments' must be an object")
	}
	return checkFields("", spec.Args, obj)
}

// checkFields checks obj's members against fields in declaration order,
// then reports the first unexpected member (alphabetically, so the text
// is stable), as qemu's input visitor does after visiting a struct.
func checkFields(prefix string, fields []Field, obj map[string]any) *Error {
	for _, f := range fields {
		val, present := obj[f.Name]
		name := join(prefix, f.Name)
		if !present {
			if !f.Optional {
				return Errorf("Parameter '%s' is missing", name)
			}
			continue
		}
		if err := check(name, f.Type, val); err != nil {
			return err
		}
	}
	return unexpected(prefix, fields, obj)
}

func unexpected(prefix string, fields []Field, obj map[string]any) *Error {
	var extra []string
	for k := range obj {
		if !slices.ContainsFunc(fields, func(f Field) bool { return f.Name == k }) {
			extra = append(extra, k)
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

func check(name string, t Type, v any) *Error {
	if !matches(t, v) {
		return Errorf("Invalid parameter type for '%s', expected: %s", name, expected(t))
	}
	switch t.Kind {
	case Enum:
		if s := v.(string); !slices.Contains(t.Values, s) {
			return Errorf("Parameter '%s' does not accept value '%s'", name, s)
		}
	case Object:
		return checkFields(name, t.Fields, v.(map[string]any))
	case Array:
		for i, e := range v.([]any) {
			if err := check(fmt.Sprintf("%s[%d]", name, i), *t.Elem, e); err != nil {
				return err
			}
		}
	case Alt:
		for _, a := range t.Alts {
			if matches(a, v) {
				return check(name, a, v)
			}
		}
	}
	return nil
}

// matches reports whether v has the JSON shape t needs (values inside
// enums and objects are checked separately).
func matches(t Type, v any) bool {
	switch t.Kind {
	case Int:
		n, ok := v.(json.Number)
		if !ok {
			return false
		}
		_, err := strconv.ParseInt(string(n), 10, 64)
		return err == nil
	case Str, Enum:
		_, ok := v.(string)
		return ok
	case Bool:
		_, ok := v.(bool)
		return ok
	case Number:
		_, ok := v.(json.Number)
		return ok
	case Object:
		_, ok := v.(map[string]any)
		return ok
	case Array:
		_, ok := v.([]any)
		return ok
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
