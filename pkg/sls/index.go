package sls

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
)

// IndexField is one field of a logstore's index.
type IndexField struct {
	Name string `json:"name"`
	Type string `json:"type"`
}

// GetIndex lists the indexed fields of a logstore (GET /logstores/<name>/index),
// sorted by name. A logstore without an index answers IndexConfigNotExist.
func (c *Client) GetIndex(ctx context.Context, logstore string) ([]IndexField, error) {
	if err := checkLogstore(logstore); err != nil {
		return nil, err
	}
	var fields []IndexField
	err := c.get(ctx, logsPath(logstore)+"/index", nil, func(_ http.Header, b []byte) error {
		var body struct {
			Keys map[string]struct {
				Type string `json:"type"`
			} `json:"keys"`
		}
		if err := json.Unmarshal(b, &body); err != nil {
			return fmt.Errorf("reading index: %w", err)
		}
		fields = fields[:0]
		for name, k := range body.Keys {
			fields = append(fields, IndexField{Name: name, Type: k.Type})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(fields, func(i, j int) bool { return fields[i].Name < fields[j].Name })
	return fields, nil
}
