package slsemu

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// defaultImportLogstore receives loaded logs that name no __logstore__.
const defaultImportLogstore = "imported"

// loadFile reads extra logs from a JSON array or NDJSON file. Each object
// needs __time__ (Unix seconds, number or string); __logstore__, __topic__
// and __source__ are optional; every other key is content (values printed
// as strings).
func (s *Server) loadFile(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("slsemu: load %s: %w", path, err)
	}
	objs, err := decodeLogObjects(data)
	if err != nil {
		return fmt.Errorf("slsemu: load %s: %w", path, err)
	}
	byStore := map[string][]Log{}
	var order []string
	for i, obj := range objs {
		l, store, err := logFromObject(obj)
		if err != nil {
			return fmt.Errorf("slsemu: load %s: log %d: %w", path, i+1, err)
		}
		if _, ok := byStore[store]; !ok {
			order = append(order, store)
		}
		byStore[store] = append(byStore[store], l)
	}
	for _, store := range order {
		if err := s.AppendLogs(store, byStore[store]); err != nil {
			return fmt.Errorf("slsemu: load %s: %w", path, err)
		}
	}
	return nil
}

func decodeLogObjects(data []byte) ([]map[string]any, error) {
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) > 0 && trimmed[0] == '[' {
		var objs []map[string]any
		dec := json.NewDecoder(bytes.NewReader(trimmed))
		dec.UseNumber()
		if err := dec.Decode(&objs); err != nil {
			return nil, fmt.Errorf("not a JSON array of objects: %w", err)
		}
		return objs, nil
	}
	var objs []map[string]any
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		var obj map[string]any
		dec := json.NewDecoder(bytes.NewReader(line))
		dec.UseNumber()
		if err := dec.Decode(&obj); err != nil {
			return nil, fmt.Errorf("line %d is not a JSON object: %w", n, err)
		}
		objs = append(objs, obj)
	}
	return objs, sc.Err()
}

func logFromObject(obj map[string]any) (Log, string, error) {
	l := Log{Contents: map[string]string{}}
	store := defaultImportLogstore
	rawTime, ok := obj["__time__"]
	if !ok {
		return l, "", fmt.Errorf("__time__ (Unix seconds) is missing")
	}
	t, err := strconv.ParseFloat(strings.TrimSpace(fmt.Sprint(rawTime)), 64)
	if err != nil {
		return l, "", fmt.Errorf("__time__ %v is not Unix seconds", rawTime)
	}
	l.Time = int64(t)
	for k, v := range obj {
		text := fmt.Sprint(v)
		if v == nil {
			text = ""
		} else if _, isObj := v.(map[string]any); isObj {
			b, _ := json.Marshal(v)
			text = string(b)
		} else if _, isArr := v.([]any); isArr {
			b, _ := json.Marshal(v)
			text = string(b)
		}
		switch k {
		case "__time__":
		case "__logstore__":
			store = text
		case "__topic__":
			l.Topic = text
		case "__source__":
			l.Source = text
		default:
			l.Contents[k] = text
		}
	}
	return l, store, nil
}
