package querytext

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
)

// variablePattern matches Grafana's template variable forms: $name,
// ${name}, ${name:format}, ${name.path} and the old [[name]] and
// [[name:format]]. A name starts with a letter or "_", so "$1" (a regular
// expression's back-reference in SQL) and "$.a" (a JSON path) are not
// variables. A "$" after a backslash is an escaped dollar, not a variable.
var variablePattern = regexp.MustCompile(`(^|[^\\])(\$[A-Za-z_]\w*|\$\{[A-Za-z_]\w*(?:[.:][^}]*)?\}|\[\[[A-Za-z_]\w*(?::[^\]]*)?\]\])`)

// UnresolvedVariable returns the first template variable left in text as
// written ("$status", "${status:csv}", "[[status]]"), or "" when there is
// none. Grafana replaces dashboard variables before a query reaches the
// plugin, so one left means it is not defined where the query runs (an
// alert rule has no dashboard variables) and the vendor would search for
// the literal text, matching nothing.
//
// Names starting with "__" are not reported: they are macros the services
// expand themselves ($__timeFilter, $__interval, ${__from}) or refuse with
// their own error. Variables are looked for everywhere, string literals of
// SQL included, since `status = '$status'` is the usual way to template
// SQL; a literal "$name" in SQL can be written as '$' || 'name'.
func UnresolvedVariable(text string) string {
	if !strings.ContainsAny(text, "$[") {
		return ""
	}
	for _, m := range variablePattern.FindAllStringSubmatch(text, -1) {
		ref := m[2]
		if strings.HasPrefix(strings.TrimLeft(ref, "$[{"), "__") {
			continue
		}
		return ref
	}
	return ""
}

// VariableError is the error for a query field whose text still holds a
// template variable, or nil; field is the name of the field in the query
// JSON ("query", "logstore").
func VariableError(field, text string) error {
	ref := UnresolvedVariable(text)
	if ref == "" {
		return nil
	}
	return fmt.Errorf("%q holds the template variable %s, which Grafana did not replace: define it on the dashboard, "+
		"or write the value itself (alert rules have no dashboard variables)", field, ref)
}

// Field is one text field of a query as sent to the vendor.
type Field struct {
	Name, Text string
}

// VariablesError checks every field, in order, with VariableError and
// joins what it finds; nil when no field holds a variable.
func VariablesError(fields ...Field) error {
	var errs []error
	for _, f := range fields {
		if err := VariableError(f.Name, f.Text); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
