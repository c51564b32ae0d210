package sls

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Field is one key of a log or SQL row. SLS sends every value as a string
// (the seed's example sends __time__ as a number); null is kept apart from "".
type Field struct {
	Key   string
	Value string
	Null  bool
}

// Log is one log line or SQL result row, keys in the order SLS sent them
// (for SQL, the order of the select list).
type Log []Field

// Get returns the value of key.
func (l Log) Get(key string) (string, bool) {
	for _, f := range l {
		if f.Key == key {
			return f.Value, !f.Null
		}
	}
	return "", false
}

// Progress values of x-log-progress.
const (
	ProgressComplete   = "Complete"
	ProgressIncomplete = "Incomplete"
)

// logsBody is a decoded GetLogs/GetProjectLogs body. The seed's text says the
// body is an array of logs while its example shows an object with progress,
// count and logs; both are accepted.
type logsBody struct {
	Logs     []Log
	Progress string
	Count    int64
	HasCount bool
}

func decodeLogsBody(body []byte) (logsBody, error) {
	var out logsBody
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return out, fmt.Errorf("reading logs: %w", err)
	}
	switch tok {
	case json.Delim('['):
		out.Logs, err = decodeLogArray(dec, body)
	case json.Delim('{'):
		err = decodeLogsObject(dec, body, &out)
	default:
		return out, fmt.Errorf("logs body starts with %v, want an array or object", tok)
	}
	if err != nil {
		return out, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return out, errors.New("unexpected data after the logs body")
	}
	return out, nil
}

// decodeLogsObject reads {"progress":..,"count":..,"logs":[..]} after its '{'.
func decodeLogsObject(dec *json.Decoder, body []byte, out *logsBody) error {
	for dec.More() {
		key, err := objectKey(dec)
		if err != nil {
			return err
		}
		switch key {
		case "logs":
			tok, err := dec.Token()
			if err != nil {
				return err
			}
			if tok == nil {
				continue
			}
			if tok != json.Delim('[') {
				return errors.New(`"logs" is not an array`)
			}
			if out.Logs, err = decodeLogArray(dec, body); err != nil {
				return err
			}
		case "progress":
			if err := dec.Decode(&out.Progress); err != nil {
				return fmt.Errorf(`reading "progress": %w`, err)
			}
		case "count":
			var n json.Number
			if err := dec.Decode(&n); err != nil {
				return fmt.Errorf(`reading "count": %w`, err)
			}
			if v, err := n.Int64(); err == nil {
				out.Count, out.HasCount = v, true
			}
		default:
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return err
			}
		}
	}
	_, err := dec.Token() // '}'
	return err
}

// decodeLogArray reads log objects up to and including the closing ']'.
func decodeLogArray(dec *json.Decoder, body []byte) ([]Log, error) {
	var logs []Log
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		if tok != json.Delim('{') {
			return nil, fmt.Errorf("log %d is not an object", len(logs))
		}
		l, err := decodeLog(dec, body)
		if err != nil {
			return nil, fmt.Errorf("log %d: %w", len(logs), err)
		}
		logs = append(logs, l)
	}
	if _, err := dec.Token(); err != nil { // ']'
		return nil, err
	}
	return logs, nil
}

// decodeLog reads one log object after its '{', keeping key order. body is
// the decoder's whole input: peeking at it tells a plain value (read as a
// token, the fast path, as SLS sends strings) from nested JSON (kept raw).
func decodeLog(dec *json.Decoder, body []byte) (Log, error) {
	var l Log
	for dec.More() {
		key, err := objectKey(dec)
		if err != nil {
			return nil, err
		}
		if c := nextValueByte(body, dec.InputOffset()); c == '{' || c == '[' {
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return nil, fmt.Errorf("value of %q: %w", key, err)
			}
			l = append(l, Field{Key: key, Value: string(raw)})
			continue
		}
		tok, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("value of %q: %w", key, err)
		}
		switch v := tok.(type) {
		case string:
			l = append(l, Field{Key: key, Value: v})
		case json.Number:
			l = append(l, Field{Key: key, Value: v.String()})
		case bool:
			l = append(l, Field{Key: key, Value: strconv.FormatBool(v)})
		case nil:
			l = append(l, Field{Key: key, Null: true})
		default:
			return nil, fmt.Errorf("value of %q: unexpected %v", key, tok)
		}
	}
	_, err := dec.Token() // '}'
	return l, err
}

// nextValueByte is the first byte of the value after offset (past the
// colon and white space), or 0.
func nextValueByte(body []byte, offset int64) byte {
	for i := int(offset); i >= 0 && i < len(body); i++ {
		switch c := body[i]; c {
		case ' ', '\t', '\n', '\r', ':':
		default:
			return c
		}
	}
	return 0
}

func objectKey(dec *json.Decoder) (string, error) {
	tok, err := dec.Token()
	if err != nil {
		return "", err
	}
	key, ok := tok.(string)
	if !ok {
		return "", fmt.Errorf("expected an object key, got %v", tok)
	}
	return key, nil
}

// headerInt parses an integer response header such as x-log-count.
func headerInt(v string) (int64, bool) {
	n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	return n, err == nil
}
