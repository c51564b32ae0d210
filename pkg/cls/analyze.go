package cls

import (
	"context"
	"fmt"
)

// analysisRequest is SearchLog's body for "search | SQL": no Sort, Limit or
// Context, which apply to raw logs only (the SQL has its own LIMIT).
type analysisRequest struct {
	TopicID        string         `json:"TopicId,omitempty"`
	Topics         []topicContext `json:"Topics,omitempty"`
	From           int64          `json:"From"`
	To             int64          `json:"To"`
	Query          string         `json:"Query"`
	SyntaxRule     Syntax         `json:"SyntaxRule"`
	UseNewAnalysis bool           `json:"UseNewAnalysis"`
}

// Analyze runs "search | SQL" in one SearchLog call with UseNewAnalysis,
// so CLS answers Columns and AnalysisRecords (one JSON object per row).
// Cells come in Columns order as text: numbers keep their literal text, SQL
// null is a nil cell.
func (c *Client) Analyze(ctx context.Context, r AnalysisRequest) (*AnalysisResult, error) {
	topics, err := checkTopics(r.TopicIDs)
	if err != nil {
		return nil, err
	}
	query, err := checkQuery(r.Query, r.Syntax)
	if err != nil {
		return nil, err
	}
	if !HasSQL(query, r.Syntax) {
		return nil, invalid("the query has no SQL part (search | SQL): run it with Search")
	}
	if !r.To.After(r.From) {
		return nil, invalid("the time range %s..%s is empty", r.From, r.To)
	}
	req := analysisRequest{From: toMillis(r.From), To: toMillis(r.To), Query: query, SyntaxRule: r.Syntax, UseNewAnalysis: true}
	if len(topics) == 1 {
		req.TopicID = topics[0]
	} else {
		for _, t := range topics {
			req.Topics = append(req.Topics, topicContext{TopicID: t})
		}
	}
	var out searchLogResponse
	if err := c.call(ctx, "SearchLog", topics, req, &out); err != nil {
		return nil, err
	}
	if err := out.topicError("SearchLog", c.cfg.Region); err != nil {
		return nil, err
	}
	res, err := analysisRows(out.Columns, out.AnalysisRecords)
	if err != nil {
		return nil, err
	}
	res.Request = Describe("SearchLog", req)
	return res, nil
}

// analysisRows puts each record's values under its columns. A record is a
// JSON object keyed by column name; a name the select list repeats takes
// the record's members of that name in turn. Without Columns (an older
// answer), the first record's keys are the columns.
func analysisRows(columns []Column, records []string) (*AnalysisResult, error) {
	res := &AnalysisResult{Columns: columns, Rows: make([][]*string, 0, len(records))}
	var fields []Field
	var nulls []bool
	for i, rec := range records {
		var err error
		fields, nulls = fields[:0], nulls[:0]
		if fields, err = parseRecord(rec, fields, &nulls); err != nil {
			return nil, fmt.Errorf("CLS SearchLog: analysis row %d is not a JSON object: %w", i, err)
		}
		if i == 0 && len(res.Columns) == 0 {
			// Only the first record names them: a later one taking over
			// would leave the rows before it short of cells.
			for _, f := range fields {
				res.Columns = append(res.Columns, Column{Name: f.Key})
			}
		}
		row := make([]*string, len(res.Columns))
		used := make([]bool, len(fields))
		for ci, col := range res.Columns {
			for fi, f := range fields {
				if !used[fi] && f.Key == col.Name {
					used[fi] = true
					if !nulls[fi] {
						v := f.Value
						row[ci] = &v
					}
					break
				}
			}
		}
		res.Rows = append(res.Rows, row)
	}
	return res, nil
}
