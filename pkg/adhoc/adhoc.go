// Package adhoc reads the ad-hoc filters Grafana sends with a query (the
// editor copies a dashboard's filters into the query's "adhocFilters") and
// turns each filter's value into patterns the services can write in their
// own search languages: literal text with "*" wildcards, one or more
// alternatives. It knows no vendor syntax; each service writes its own.
package adhoc

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// Operators Grafana's ad-hoc filters use that the services can express.
const (
	Equal    = "="
	NotEqual = "!="
	Match    = "=~"
	NotMatch = "!~"
)

// Field is the query JSON field the filters travel in.
const Field = "adhocFilters"

// Filter is one ad-hoc filter: key, operator and value.
type Filter struct {
	Key      string `json:"key"`
	Operator string `json:"operator"`
	Value    string `json:"value"`
}

// Negated reports a filter that excludes what it matches.
func (f Filter) Negated() bool { return f.Operator == NotEqual || f.Operator == NotMatch }

// String is the filter as a person reads it in an error.
func (f Filter) String() string { return fmt.Sprintf("%s %s %q", f.Key, f.Operator, f.Value) }

// Piece is a run of literal text, or a wildcard standing for any text.
type Piece struct {
	Text     string
	Wildcard bool
}

// Pattern is one alternative of a filter's value: pieces in order.
type Pattern []Piece

// Literal is the pattern's text when it has no wildcard.
func (p Pattern) Literal() (string, bool) {
	var b strings.Builder
	for _, piece := range p {
		if piece.Wildcard {
			return "", false
		}
		b.WriteString(piece.Text)
	}
	return b.String(), true
}

// Parse reads the "adhocFilters" of a query JSON: absent or empty is none.
// Every filter is checked; the error names each bad one and what to fix.
func Parse(raw json.RawMessage) ([]Filter, error) {
	var wrapper struct {
		Filters json.RawMessage `json:"adhocFilters"`
	}
	if err := json.Unmarshal(raw, &wrapper); err != nil || len(wrapper.Filters) == 0 || string(wrapper.Filters) == "null" {
		return nil, nil // the query's own decoder reports bad JSON
	}
	var filters []Filter
	if err := json.Unmarshal(wrapper.Filters, &filters); err != nil {
		return nil, fmt.Errorf(`adhocFilters must be a list of {"key", "operator", "value"} objects with text values: %v`, err)
	}
	var errs []error
	for i := range filters {
		f := &filters[i]
		f.Key = strings.TrimSpace(f.Key)
		f.Operator = strings.TrimSpace(f.Operator)
		if f.Key == "" {
			errs = append(errs, fmt.Errorf("ad-hoc filter %d has no key; choose the field to filter on", i+1))
			continue
		}
		if _, err := f.Patterns(); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	return filters, nil
}

// Patterns is the filter's value as alternatives: one literal for = and !=,
// the regular expression's alternatives for =~ and !~.
func (f Filter) Patterns() ([]Pattern, error) {
	switch f.Operator {
	case Equal, NotEqual:
		return []Pattern{{{Text: f.Value}}}, nil
	case Match, NotMatch:
		return regexPatterns(f)
	default:
		return nil, fmt.Errorf("ad-hoc filter %s: the operator %q is not supported; use =, !=, =~ or !~", f, f.Operator)
	}
}

// regexPatterns reads the regular expressions search languages can say:
// alternatives (a|b) of literal text (with \-escapes) and .* wildcards,
// matched whole as Grafana's ad-hoc filters are; ^ and $ at the ends are
// allowed and change nothing.
func regexPatterns(f Filter) ([]Pattern, error) {
	expr := strings.TrimSuffix(strings.TrimPrefix(f.Value, "^"), "$")
	if strings.HasSuffix(expr, `\`) && !strings.HasSuffix(f.Value, "$") {
		return nil, fmt.Errorf("ad-hoc filter %s: the regular expression ends with a lone backslash", f)
	}
	var out []Pattern
	var current Pattern
	var text strings.Builder
	flush := func() {
		if text.Len() > 0 {
			current = append(current, Piece{Text: text.String()})
			text.Reset()
		}
	}
	for i := 0; i < len(expr); i++ {
		c := expr[i]
		switch {
		case c == '\\' && i+1 < len(expr):
			i++
			text.WriteByte(expr[i])
		case c == '.' && i+1 < len(expr) && expr[i+1] == '*':
			i++
			flush()
			if n := len(current); n == 0 || !current[n-1].Wildcard {
				current = append(current, Piece{Wildcard: true})
			}
		case c == '|':
			flush()
			out = append(out, current)
			current = nil
		case strings.IndexByte(`.[](){}?+*^$\`, c) >= 0:
			return nil, fmt.Errorf("ad-hoc filter %s: %q is more than the search can match; use literal text, .* and alternatives such as a|b.*", f, string(c))
		default:
			text.WriteByte(c)
		}
	}
	flush()
	out = append(out, current)
	for _, p := range out {
		if len(p) == 0 {
			return nil, fmt.Errorf("ad-hoc filter %s: an alternative of the regular expression is empty", f)
		}
	}
	return out, nil
}
