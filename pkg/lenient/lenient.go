// Package lenient reads JSON numbers and booleans the way people and
// vendors actually write them: provisioning YAML, old dashboards and the
// vendors' APIs send 5, 5.0 and "5" for the same number, and true, "true"
// and 1 for the same flag. It is the one place those spellings are accepted.
package lenient

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// ErrNotFinite is a number too large for float64.
var ErrNotFinite = errors.New("not a finite number")

// Number is a JSON number or a numeric string; null and "" leave it as it was.
type Number float64

// UnmarshalJSON accepts 12, 12.5, "12" and "12.5". "NaN" and "Inf" are
// read as such, so that the caller, which knows the field's name and
// range, rejects them (Finite, Whole); a number beyond float64 is refused.
func (n *Number) UnmarshalJSON(b []byte) error {
	f, set, err := ParseNumber(string(b))
	if set {
		*n = f
	}
	return err
}

// ParseNumber reads the raw JSON value raw (a number, a string holding
// one, or null) as Number.UnmarshalJSON does; set is false when raw leaves
// a Number as it was (null, ""). The vendor clients' own scanners call it
// with the raw value, so that they read numbers exactly as encoding/json
// with a Number field does.
func ParseNumber(raw string) (n Number, set bool, err error) {
	s := strings.Trim(strings.TrimSpace(raw), `"`)
	if s == "" || s == "null" {
		return 0, false, nil
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if errors.Is(err, strconv.ErrRange) && math.IsInf(f, 0) {
		return 0, false, fmt.Errorf("%q is %w", s, ErrNotFinite)
	}
	if err != nil {
		return 0, false, fmt.Errorf("%q is not a number", s)
	}
	return Number(f), true, nil
}

// Finite reports whether the number is neither NaN nor infinite.
func (n Number) Finite() bool {
	f := float64(n)
	return !math.IsNaN(f) && !math.IsInf(f, 0)
}

// Whole is the number as an int, or an error naming the field when it has a
// fraction or is not finite.
func (n Number) Whole(field string) (int, error) {
	f := float64(n)
	if !n.Finite() || f != math.Trunc(f) || math.Abs(f) > 1<<53 {
		return 0, fmt.Errorf("%s must be a whole number, got %v", field, f)
	}
	return int(f), nil
}

// Bool is true, "true" or 1, or false, "false", 0, "" or null.
type Bool bool

// UnmarshalJSON accepts the spellings above in any letter case.
func (b *Bool) UnmarshalJSON(raw []byte) error {
	switch strings.ToLower(strings.Trim(strings.TrimSpace(string(raw)), `"`)) {
	case "true", "1":
		*b = true
	case "false", "0", "", "null":
		*b = false
	default:
		return fmt.Errorf("%s is not true or false", raw)
	}
	return nil
}

// StringList is a list of strings, written as ["a", "b"] or as "a, b"
// (what people type into a text box); blanks are trimmed and empty items
// dropped.
type StringList []string

// UnmarshalJSON accepts both spellings.
func (l *StringList) UnmarshalJSON(raw []byte) error {
	var list []string
	if err := json.Unmarshal(raw, &list); err != nil {
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return fmt.Errorf("%s is neither a list of strings nor a comma-separated string", raw)
		}
		list = strings.Split(s, ",")
	}
	out := StringList{}
	for _, v := range list {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	if len(out) == 0 {
		out = nil
	}
	*l = out
	return nil
}
