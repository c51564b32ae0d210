package sls

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
)

// LogStoresPage is one ListLogStores answer.
type LogStoresPage struct {
	Count     int      `json:"count"`
	Total     int      `json:"total"`
	LogStores []string `json:"logstores"`
}

// ListLogStores is GET /logstores?offset=&size= (size at most 500).
func (c *Client) ListLogStores(ctx context.Context, offset, size int) (*LogStoresPage, error) {
	params := url.Values{"offset": {strconv.Itoa(offset)}, "size": {strconv.Itoa(size)}}
	var page LogStoresPage
	err := c.get(ctx, "/logstores", params, func(_ http.Header, b []byte) error {
		page = LogStoresPage{}
		if err := json.Unmarshal(b, &page); err != nil {
			return fmt.Errorf("reading logstores: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &page, nil
}

// logStoresPageSize is ListLogStores' documented maximum page size.
const logStoresPageSize = 500

// ListAllLogStores pages through ListLogStores until every name is read.
func (c *Client) ListAllLogStores(ctx context.Context) ([]string, error) {
	var all []string
	for {
		page, err := c.ListLogStores(ctx, len(all), logStoresPageSize)
		if err != nil {
			return nil, err
		}
		all = append(all, page.LogStores...)
		if len(page.LogStores) == 0 || len(all) >= page.Total {
			return all, nil
		}
	}
}
