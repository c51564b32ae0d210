package cls

import (
	"context"
	"slices"
	"strconv"
	"time"
)

// beijing is UTC+8, the zone DescribeLogContext reads BTime in (CLS.md
// §2.6). A fixed zone, so the answer does not depend on the host's tzdata
// (China has kept UTC+8 without daylight saving since 1991).
var beijing = time.FixedZone("UTC+8", 8*60*60)

// BTimeLayout is BTime's format: "YYYY-mm-dd HH:MM:SS.FFF".
const BTimeLayout = "2006-01-02 15:04:05.000"

// FormatBTime is a log time as DescribeLogContext's BTime: milliseconds,
// in UTC+8.
func FormatBTime(t time.Time) string { return t.In(beijing).Format(BTimeLayout) }

// defaultContextLines is CLS's default PrevLogs and NextLogs.
const defaultContextLines = 10

type logContextRequest struct {
	TopicID  string `json:"TopicId"`
	BTime    string `json:"BTime"`
	PkgID    string `json:"PkgId"`
	PkgLogID int64  `json:"PkgLogId"`
	PrevLogs int    `json:"PrevLogs"`
	NextLogs int    `json:"NextLogs"`
	Query    string `json:"Query,omitempty"`
}

type logContextResponse struct {
	LogContextInfos []struct {
		Source   string `json:"Source"`
		Filename string `json:"Filename"`
		Content  string `json:"Content"`
		PkgID    string `json:"PkgId"`
		PkgLogID idText `json:"PkgLogId"`
		BTime    int64  `json:"BTime"`
		HostName string `json:"HostName"`
		RawLog   string `json:"RawLog"`
	} `json:"LogContextInfos"`
	PrevOver bool `json:"PrevOver"`
	NextOver bool `json:"NextOver"`
}

// Context reads the logs around one log (DescribeLogContext): Prev before
// and Next after it (10 each by default), in log order.
func (c *Client) Context(ctx context.Context, r ContextRequest) (*ContextResult, error) {
	topics, err := checkTopics([]string{r.TopicID})
	if err != nil {
		return nil, err
	}
	if r.PkgID == "" || r.Time.IsZero() {
		return nil, invalid("log context needs the log's time and package id (PkgId)")
	}
	if r.Prev < 0 || r.Next < 0 {
		return nil, invalid("log context line counts must not be negative")
	}
	if len(r.Query) > MaxQueryBytes {
		return nil, invalid("the filter is %d bytes; CLS accepts at most %d", len(r.Query), MaxQueryBytes)
	}
	if HasSQL(r.Query, SyntaxCQL) {
		return nil, invalid("a log context filter is a search; drop the SQL part (after |)")
	}
	req := logContextRequest{
		TopicID: topics[0], BTime: FormatBTime(r.Time), PkgID: r.PkgID, PkgLogID: r.PkgLogID,
		PrevLogs: orDefault(r.Prev, defaultContextLines), NextLogs: orDefault(r.Next, defaultContextLines), Query: r.Query,
	}
	var out logContextResponse
	if err := c.call(ctx, "DescribeLogContext", topics, req, &out); err != nil {
		return nil, err
	}
	res := &ContextResult{PrevOver: out.PrevOver, NextOver: out.NextOver, Request: Describe("DescribeLogContext", req)}
	for _, info := range out.LogContextInfos {
		l := Log{
			Time: fromMillis(info.BTime), TopicID: topics[0], Source: info.Source, FileName: info.Filename,
			HostName: info.HostName, PkgID: info.PkgID, PkgLogID: string(info.PkgLogID), RawLog: info.RawLog,
		}
		if fields, err := parseLogJSON(info.Content, nil); err == nil {
			l.Fields = fields
		} else if l.RawLog == "" {
			l.RawLog = info.Content
		}
		res.Logs = append(res.Logs, l)
	}
	// CLS's order within one millisecond is the package order; keep it.
	slices.SortStableFunc(res.Logs, func(a, b Log) int { return a.Time.Compare(b.Time) })
	return res, nil
}

func orDefault(n, def int) int {
	if n == 0 {
		return def
	}
	return n
}

// PkgLogIDNumber reads a SearchLog PkgLogId (a string there) as the number
// DescribeLogContext wants.
func PkgLogIDNumber(id string) (int64, error) {
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		return 0, invalid("PkgLogId %q is not a number", id)
	}
	return n, nil
}
