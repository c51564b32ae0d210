package lenient

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"unicode/utf8"
)

// DecodeQuery reads a query's JSON object into v, a pointer to a struct
// with json tags; empty JSON leaves v as it is (a query with no fields gets
// every default). A query that does not decode is read again field by field
// so that a value of the wrong type is reported with its field, what was
// given and what is expected, in words (`"logstore" must be text, got the
// number 5`); "not valid JSON" is kept for JSON that does not parse. Unknown fields are ignored, as older
// and newer editors share dashboards.
func DecodeQuery(raw []byte, v any) error {
	return Decode(raw, v, "the query")
}

// Decode is DecodeQuery for any JSON object people write (a query, a data
// source's jsonData); what names it in messages ("the query", "jsonData").
func Decode(raw []byte, v any, what string) error {
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil
	}
	// The usual object decodes at once; only a failed one is read again
	// field by field, to say which field is wrong.
	firstErr := json.Unmarshal(raw, v)
	if firstErr == nil {
		return nil
	}
	if !json.Valid(raw) {
		var se *json.SyntaxError
		if err := json.Unmarshal(raw, new(any)); errors.As(err, &se) {
			return fmt.Errorf("%s JSON is not valid: %v (at byte %d)", what, se, se.Offset)
		}
		return fmt.Errorf("%s JSON is not valid", what)
	}
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.Elem().Kind() != reflect.Struct {
		// A programming error, not the user's: say so plainly.
		return fmt.Errorf("lenient.Decode needs a pointer to a struct, got %T", v)
	}
	if err := decodeObject(raw, rv.Elem(), "", what); err != nil {
		return err
	}
	// Field by field found nothing wrong although the whole did not
	// decode: never go on with half-read values.
	return fmt.Errorf("%s could not be read: %v", what, firstErr)
}

// decodeObject decodes the JSON object raw into the struct sv, field by
// field; path is the dotted name of sv in the query ("" at the top), what
// names it for people when it is not an object.
func decodeObject(raw []byte, sv reflect.Value, path, what string) error {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(raw, &obj); err != nil {
		return fmt.Errorf("%s must be a JSON object ({\"name\": value, ...}), got %s", what, Describe(raw))
	}
	st := sv.Type()
	for i := 0; i < st.NumField(); i++ {
		sf := st.Field(i)
		if sf.Anonymous && sf.Type.Kind() == reflect.Struct && sf.Tag.Get("json") == "" {
			// An embedded struct's fields are read as the object's own,
			// as encoding/json promotes them.
			if err := decodeObject(raw, sv.Field(i), path, what); err != nil {
				return err
			}
			continue
		}
		name, _, _ := strings.Cut(sf.Tag.Get("json"), ",")
		if !sf.IsExported() || name == "-" {
			continue
		}
		if name == "" {
			name = sf.Name // encoding/json's rule for an untagged field
		}
		value, ok := lookup(obj, name)
		if !ok || bytes.Equal(bytes.TrimSpace(value), []byte("null")) {
			continue
		}
		fieldPath := name
		if path != "" {
			fieldPath = path + "." + name
		}
		if err := decodeField(value, sv.Field(i), fieldPath); err != nil {
			return err
		}
	}
	return nil
}

// lookup finds a key as encoding/json does: the exact name first, else
// the first key equal to it in any letter case.
func lookup(obj map[string]json.RawMessage, name string) (json.RawMessage, bool) {
	if v, ok := obj[name]; ok {
		return v, true
	}
	for k, v := range obj {
		if strings.EqualFold(k, name) {
			return v, true
		}
	}
	return nil, false
}

var unmarshalerType = reflect.TypeFor[json.Unmarshaler]()

// decodeField decodes one field's value; a nested plain struct (such as
// SCF's "filter") is decoded field by field too, so its errors name the
// inner field ("filter.retCode").
func decodeField(raw []byte, fv reflect.Value, path string) error {
	t := fv.Type()
	if t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Struct && !t.Implements(unmarshalerType) {
		target := reflect.New(t.Elem())
		if err := decodeObject(raw, target.Elem(), path, quote(path)); err != nil {
			return err
		}
		fv.Set(target)
		return nil
	}
	if t.Kind() == reflect.Struct && !reflect.PointerTo(t).Implements(unmarshalerType) {
		return decodeObject(raw, fv, path, quote(path))
	}
	target := reflect.New(t)
	if err := json.Unmarshal(raw, target.Interface()); err != nil {
		if errors.Is(err, ErrNotFinite) {
			return &FieldError{Field: path, Want: "a finite number", Got: Describe(raw)}
		}
		return &FieldError{Field: path, Want: expected(t), Got: Describe(raw)}
	}
	fv.Set(target.Elem())
	return nil
}

// FieldError is a query field whose value has the wrong type.
type FieldError struct {
	// Field is the field's dotted path in the query JSON, e.g. "filter.retCode".
	Field string
	// Want says what the field takes, e.g. "text".
	Want string
	// Got describes the value given, e.g. "the number 5".
	Got string
}

func (e *FieldError) Error() string {
	return fmt.Sprintf("%s must be %s, got %s", quote(e.Field), e.Want, e.Got)
}

func quote(field string) string { return `"` + field + `"` }

var (
	numberType     = reflect.TypeFor[Number]()
	boolType       = reflect.TypeFor[Bool]()
	stringListType = reflect.TypeFor[StringList]()
	rawMessageType = reflect.TypeFor[json.RawMessage]()
)

// expected says in words what a Go type accepts, in the query's terms.
func expected(t reflect.Type) string {
	switch t {
	case numberType:
		return `a number (5 or "5")`
	case boolType:
		return "true or false"
	case stringListType:
		return `a list of text (["a", "b"]) or comma-separated text ("a, b")`
	case rawMessageType:
		return "a JSON value"
	}
	switch t.Kind() {
	case reflect.Pointer:
		return expected(t.Elem())
	case reflect.String:
		return "text"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "a list of " + plural(t.Elem())
	case reflect.Map, reflect.Struct:
		return "an object"
	}
	return "a value of another type"
}

func plural(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "text"
	case reflect.Bool:
		return "true/false values"
	case reflect.Struct, reflect.Map:
		return "objects"
	}
	return "numbers"
}

// maxShown bounds how much of a given value an error message repeats.
const maxShown = 40

// Describe says in words what a JSON value is: `the number 5`,
// `the text "abc"`, `true`, `a list ([1, 2])`, `an object`, `null`.
func Describe(raw []byte) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return "nothing"
	}
	switch raw[0] {
	case '"':
		var s string
		if json.Unmarshal(raw, &s) == nil {
			return "the text " + fmt.Sprintf("%q", shorten(s))
		}
	case '[':
		return "a list (" + shorten(string(raw)) + ")"
	case '{':
		return "an object"
	case 't', 'f':
		return "the value " + string(raw)
	case 'n':
		return "null"
	}
	return "the number " + shorten(string(raw))
}

func shorten(s string) string {
	if len(s) <= maxShown {
		return s
	}
	cut := maxShown
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
