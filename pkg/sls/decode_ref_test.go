package sls

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
)

// The json.Decoder based decoder the scanner in decode.go replaced, kept as
// the reference the scanner is compared with (TestDecodeMatchesReference,
// FuzzDecodeLogsBody) and measured against (BenchmarkDecodeReference).

func refDecodeLogsBody(body []byte) (logsBody, error) {
	var out logsBody
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	tok, err := dec.Token()
	if err != nil {
		return out, fmt.Errorf("reading logs: %w", err)
	}
	switch tok {
	case json.Delim('['):
		out.Logs, err = refDecodeLogArray(dec, body)
	case json.Delim('{'):
		err = refDecodeLogsObject(dec, body, &out)
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

// refDecodeLogsObject reads {"progress":..,"count":..,"logs":[..]} after its '{'.
func refDecodeLogsObject(dec *json.Decoder, body []byte, out *logsBody) error {
	for dec.More() {
		key, err := refObjectKey(dec)
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
			if out.Logs, err = refDecodeLogArray(dec, body); err != nil {
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

// refDecodeLogArray reads log objects up to and including the closing ']'.
func refDecodeLogArray(dec *json.Decoder, body []byte) ([]Log, error) {
	var logs []Log
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		if tok != json.Delim('{') {
			return nil, fmt.Errorf("log %d is not an object", len(logs))
		}
		l, err := refDecodeLog(dec, body)
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
func refDecodeLog(dec *json.Decoder, body []byte) (Log, error) {
	var l Log
	for dec.More() {
		key, err := refObjectKey(dec)
		if err != nil {
			return nil, err
		}
		if c := refNextValueByte(body, dec.InputOffset()); c == '{' || c == '[' {
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

// refNextValueByte is the first byte of the value after offset (past the
// colon and white space), or 0.
func refNextValueByte(body []byte, offset int64) byte {
	for i := int(offset); i >= 0 && i < len(body); i++ {
		switch c := body[i]; c {
		case ' ', '\t', '\n', '\r', ':':
		default:
			return c
		}
	}
	return 0
}

func refObjectKey(dec *json.Decoder) (string, error) {
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
