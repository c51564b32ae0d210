// Package tcparams reads the parameters of a Tencent Cloud API 3.0 action
// for the emulated Tencent services: a POST's JSON body as is, a GET's
// flattened query turned back into that JSON, and a strict decode that
// rejects parameters the action does not define, as the real API does.
package tcparams

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"reflect"
	"strconv"
	"strings"
)

// FromQuery turns a GET query into the JSON the POST form would carry:
// "Filter.RetCode=x" -> {"Filter":{"RetCode":"x"}}, "Filters.0.Name=x" ->
// {"Filters":[{"Name":"x"}]}. Values stay strings; the Flex types accept them.
func FromQuery(raw string) ([]byte, error) {
	values, err := url.ParseQuery(raw)
	if err != nil {
		return nil, fmt.Errorf("the query string cannot be parsed: %v", err)
	}
	root := map[string]any{}
	for key, vs := range values {
		if err := setPath(root, strings.Split(key, "."), vs[0]); err != nil {
			return nil, fmt.Errorf("query parameter %q: %v", key, err)
		}
	}
	return json.Marshal(listify(root))
}

func setPath(node map[string]any, path []string, value string) error {
	if len(path) == 1 {
		// Keys come in any order: a structure set first is as much a clash
		// as a value set first.
		if _, isStruct := node[path[0]].(map[string]any); isStruct {
			return errors.New("is both a value and a structure")
		}
		node[path[0]] = value
		return nil
	}
	child, ok := node[path[0]].(map[string]any)
	if !ok {
		if _, taken := node[path[0]]; taken {
			return errors.New("is both a value and a structure")
		}
		child = map[string]any{}
		node[path[0]] = child
	}
	return setPath(child, path[1:], value)
}

// listify turns non-empty maps keyed 0..n-1 into arrays.
func listify(v any) any {
	m, ok := v.(map[string]any)
	if !ok || len(m) == 0 {
		return v
	}
	for k, child := range m {
		m[k] = listify(child)
	}
	list := make([]any, len(m))
	for k, child := range m {
		i, err := strconv.Atoi(k)
		if err != nil || i < 0 || i >= len(m) {
			return m
		}
		list[i] = child
	}
	return list
}

// Error is a parameter the action cannot take: Code is UnknownParameter
// (Name set) or InvalidParameter (Detail set).
type Error struct {
	Code   string
	Name   string
	Detail string
}

func (e *Error) Error() string { return e.Code + ": " + e.Name + e.Detail }

// Decode decodes an action's JSON parameters into a struct, rejecting
// names the struct does not have (UnknownParameter) and values of the
// wrong type (InvalidParameter).
func Decode(params []byte, into any) *Error {
	if len(bytes.TrimSpace(params)) == 0 {
		params = []byte("{}")
	}
	dec := json.NewDecoder(bytes.NewReader(params))
	dec.DisallowUnknownFields()
	if err := dec.Decode(into); err != nil {
		var typeErr *json.UnmarshalTypeError
		switch {
		case errors.As(err, &typeErr):
			return &Error{Code: "InvalidParameter", Detail: fmt.Sprintf("%s has the wrong type: want %s.", typeErr.Field, typeErr.Type)}
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			name := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
			return &Error{Code: "UnknownParameter", Name: name}
		default:
			return &Error{Code: "InvalidParameter", Detail: fmt.Sprintf("the body is not a JSON object: %v.", err)}
		}
	}
	return nil
}

// FlexInt is an integer parameter that also accepts a numeric string,
// since GET requests carry every value as a string. Set tells an absent
// parameter from an explicit 0.
type FlexInt struct {
	Value int64
	Set   bool
}

func (f *FlexInt) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	if s == "null" {
		return nil
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return &json.UnmarshalTypeError{Value: string(b), Type: reflect.TypeOf(int64(0))}
	}
	f.Value, f.Set = v, true
	return nil
}

// FlexBool is a boolean parameter that also accepts "true"/"false" strings
// (GET).
type FlexBool struct {
	Value bool
	Set   bool
}

func (f *FlexBool) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	if s == "null" {
		return nil
	}
	v, err := strconv.ParseBool(s)
	if err != nil {
		return &json.UnmarshalTypeError{Value: string(b), Type: reflect.TypeOf(false)}
	}
	f.Value, f.Set = v, true
	return nil
}

// FlexFloat is a float parameter that also accepts a numeric string (GET).
type FlexFloat struct {
	Value float64
	Set   bool
}

func (f *FlexFloat) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	if s == "null" {
		return nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return &json.UnmarshalTypeError{Value: string(b), Type: reflect.TypeOf(float64(0))}
	}
	f.Value, f.Set = v, true
	return nil
}
