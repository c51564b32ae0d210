package cls

import (
	"context"
	"regexp"
	"strings"
)

// lookupPage is the Limit of DescribeTopics and DescribeLogsets: CLS's
// maximum (CLS.md §2.8).
const lookupPage = 100

// maxLookupPages stops a listing that never ends (a total that keeps
// growing, or an endpoint that ignores Offset): 100,000 entries.
const maxLookupPages = 1000

type filter struct {
	Key    string   `json:"Key"`
	Values []string `json:"Values"`
}

type listRequest struct {
	Filters []filter `json:"Filters,omitempty"`
	Offset  int      `json:"Offset"`
	Limit   int      `json:"Limit"`
}

type topicsResponse struct {
	Topics []struct {
		TopicID   string `json:"TopicId"`
		TopicName string `json:"TopicName"`
		LogsetID  string `json:"LogsetId"`
		Index     *bool  `json:"Index"`
		Period    *int64 `json:"Period"`
	} `json:"Topics"`
	TotalCount int `json:"TotalCount"`
}

type logsetsResponse struct {
	Logsets []struct {
		LogsetID   string `json:"LogsetId"`
		LogsetName string `json:"LogsetName"`
		TopicCount int64  `json:"TopicCount"`
	} `json:"Logsets"`
	TotalCount int `json:"TotalCount"`
}

// topicIDPattern is a topic id: a UUID.
var topicIDPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// Topics lists the region's log topics, every page. A nameFilter matches
// topic names fuzzily; one that is a topic id (a UUID) finds that topic
// instead, as Tencent's own topic picker does (CLS.md §2.8).
func (c *Client) Topics(ctx context.Context, nameFilter string) ([]Topic, error) {
	var filters []filter
	if f := strings.TrimSpace(nameFilter); f != "" {
		key := "topicName"
		if topicIDPattern.MatchString(f) {
			key = "topicId"
		}
		filters = []filter{{Key: key, Values: []string{f}}}
	}
	topics := []Topic{}
	err := pages(func(offset int) (int, int, error) {
		var out topicsResponse
		if err := c.call(ctx, "DescribeTopics", nil, listRequest{Filters: filters, Offset: offset, Limit: lookupPage}, &out); err != nil {
			return 0, 0, err
		}
		for _, t := range out.Topics {
			topic := Topic{TopicID: t.TopicID, TopicName: t.TopicName, LogsetID: t.LogsetID}
			if t.Index != nil {
				topic.Index = *t.Index
			}
			if t.Period != nil {
				topic.Period = *t.Period
			}
			topics = append(topics, topic)
		}
		return len(out.Topics), out.TotalCount, nil
	})
	return topics, err
}

// Logsets lists the region's logsets, every page.
func (c *Client) Logsets(ctx context.Context) ([]Logset, error) {
	logsets := []Logset{}
	err := pages(func(offset int) (int, int, error) {
		var out logsetsResponse
		if err := c.call(ctx, "DescribeLogsets", nil, listRequest{Offset: offset, Limit: lookupPage}, &out); err != nil {
			return 0, 0, err
		}
		for _, l := range out.Logsets {
			logsets = append(logsets, Logset{LogsetID: l.LogsetID, LogsetName: l.LogsetName, TopicCount: l.TopicCount})
		}
		return len(out.Logsets), out.TotalCount, nil
	})
	return logsets, err
}

// pages calls page with offsets 0, 100, 200... until a page is short or
// the total is reached.
func pages(page func(offset int) (got, total int, err error)) error {
	seen := 0
	for i := 0; i < maxLookupPages; i++ {
		got, total, err := page(seen)
		if err != nil {
			return err
		}
		seen += got
		if got < lookupPage || seen >= total {
			return nil
		}
	}
	return nil
}

// indexResponse is DescribeIndex's answer (TC-GO cls/v20201016
// DescribeIndexResponseParams at v1.3.166: Status, Rule{FullText, KeyValue,
// Tag, DynamicIndex}, RuleKeyValueInfo{CaseSensitive, KeyValues},
// KeyValueInfo{Key, Value}, ValueInfo{Type, Tokenizer, SqlFlag, ContainZH,
// Alias, OpenIndexForChildOnly, ChildNode}).
type indexResponse struct {
	TopicID string `json:"TopicId"`
	Status  *bool  `json:"Status"`
	Rule    *struct {
		KeyValue *struct {
			KeyValues []keyValueInfo `json:"KeyValues"`
		} `json:"KeyValue"`
		Tag *struct {
			KeyValues []keyValueInfo `json:"KeyValues"`
		} `json:"Tag"`
	} `json:"Rule"`
}

type keyValueInfo struct {
	Key   string `json:"Key"`
	Value *struct {
		Type                  string         `json:"Type"`
		SQLFlag               bool           `json:"SqlFlag"`
		OpenIndexForChildOnly bool           `json:"OpenIndexForChildOnly"`
		ChildNode             []keyValueInfo `json:"ChildNode"`
	} `json:"Value"`
}

// Index lists a topic's key-value index fields (DescribeIndex): the
// fields a query can name, with their type (text, long, double; json for a
// parent whose children are listed as parent.child) and whether SQL may
// use them. Metadata (tag) fields are listed as __TAG__.<k>, as queries
// name them (TC-GO KeyValueInfo: tag keys are stored without the prefix).
// A topic whose index is off has none.
func (c *Client) Index(ctx context.Context, topicID string) ([]IndexField, error) {
	topics, err := checkTopics([]string{topicID})
	if err != nil {
		return nil, err
	}
	var out indexResponse
	if err := c.call(ctx, "DescribeIndex", nil, map[string]string{"TopicId": topics[0]}, &out); err != nil {
		return nil, err
	}
	fields := []IndexField{}
	if (out.Status != nil && !*out.Status) || out.Rule == nil {
		return fields, nil
	}
	if kv := out.Rule.KeyValue; kv != nil {
		fields = appendIndexFields(fields, "", kv.KeyValues)
	}
	if tag := out.Rule.Tag; tag != nil {
		fields = appendIndexFields(fields, tagKey+".", tag.KeyValues)
	}
	return fields, nil
}

func appendIndexFields(fields []IndexField, prefix string, kvs []keyValueInfo) []IndexField {
	for _, kv := range kvs {
		if kv.Value == nil || kv.Key == "" {
			continue
		}
		// Tag keys come without __TAG__. (the console adds it) and child
		// keys relative to their parent; either may already carry it.
		name := kv.Key
		if !strings.HasPrefix(name, prefix) {
			name = prefix + name
		}
		if !kv.Value.OpenIndexForChildOnly {
			fields = append(fields, IndexField{Name: name, Type: kv.Value.Type, SQL: kv.Value.SQLFlag})
		}
		fields = appendIndexFields(fields, name+".", kv.Value.ChildNode)
	}
	return fields
}
