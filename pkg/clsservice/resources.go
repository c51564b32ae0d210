package clsservice

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/logbridge/cloudlogs/pkg/cls"
	"github.com/logbridge/cloudlogs/pkg/querytext"
	"github.com/logbridge/cloudlogs/pkg/service"
)

// The editor's look-ups of CLS: JSON, or {"error": "..."} with a non-2xx status.

// handleLogsets: GET logsets -> [{"logsetId","logsetName","topicCount"}], every page.
func (s *Service) handleLogsets(w http.ResponseWriter, r *http.Request) {
	logsets, err := s.client.Logsets(r.Context())
	service.WriteList(w, logsets, err)
}

// handleTopics: GET topics?search=&logsetId= -> [{"topicId","topicName",...}];
// search matches topic names (or is a topic id), every page.
func (s *Service) handleTopics(w http.ResponseWriter, r *http.Request) {
	topics, err := s.client.Topics(r.Context(), strings.TrimSpace(r.URL.Query().Get("search")))
	if err != nil {
		service.WriteError(w, err)
		return
	}
	if logset := strings.TrimSpace(r.URL.Query().Get("logsetId")); logset != "" {
		kept := topics[:0]
		for _, t := range topics {
			if t.LogsetID == logset {
				kept = append(kept, t)
			}
		}
		topics = kept
	}
	service.WriteList(w, topics, nil)
}

// handleFields: GET fields?topicId= -> [{"name","type","sql"}] from the
// topic's key-value index.
func (s *Service) handleFields(w http.ResponseWriter, r *http.Request) {
	topic := strings.TrimSpace(r.URL.Query().Get("topicId"))
	if topic == "" {
		service.WriteErrorMessage(w, http.StatusBadRequest, "topicId is required: fields?topicId=<id>")
		return
	}
	fields, err := s.client.Index(r.Context(), topic)
	service.WriteList(w, fields, err)
}

// fieldValue is one top value of a field.
type fieldValue struct {
	Value string `json:"value"`
	Count int64  `json:"count"`
}

const (
	defaultValuesLimit = 20
	maxValuesLimit     = 1000
)

// handleValues: GET values?topicId=&field=&from=<ms>&to=<ms>&query=&syntax=&limit=
// -> [{"value","count"}], the field's top values over the range (default:
// the last hour) by SQL.
func (s *Service) handleValues(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	topic, field := strings.TrimSpace(q.Get("topicId")), strings.TrimSpace(q.Get("field"))
	if topic == "" || field == "" {
		service.WriteErrorMessage(w, http.StatusBadRequest, "topicId and field are required: values?topicId=<id>&field=<field>")
		return
	}
	from, to, err := valuesRange(q.Get("from"), q.Get("to"), time.Now())
	if err != nil {
		service.WriteErrorMessage(w, http.StatusBadRequest, err.Error())
		return
	}
	limit := defaultValuesLimit
	if v := q.Get("limit"); v != "" {
		if limit, err = strconv.Atoi(v); err != nil || limit < 1 || limit > maxValuesLimit {
			service.WriteErrorMessage(w, http.StatusBadRequest, fmt.Sprintf("limit must be a whole number from 1 to %d, got %q", maxValuesLimit, v))
			return
		}
	}
	syntax := cls.SyntaxCQL
	if strings.EqualFold(q.Get("syntax"), "lucene") {
		syntax = cls.SyntaxLucene
	}
	// Only the search part filters the values.
	text := querytext.Parse(q.Get("query"), dialect(syntax))
	sql := fmt.Sprintf("select %s as value, count(*) as count group by value order by count desc limit %d", querytext.QuoteIdent(field), limit)
	res, err := s.client.Analyze(r.Context(), cls.AnalysisRequest{TopicIDs: []string{topic}, From: from, To: to, Query: text.WithSQL(sql), Syntax: syntax})
	if err != nil {
		service.WriteError(w, err)
		return
	}
	out := make([]fieldValue, 0, len(res.Rows))
	for _, row := range res.Rows {
		n, _ := strconv.ParseInt(res.Text(row, "count"), 10, 64)
		out = append(out, fieldValue{Value: res.Text(row, "value"), Count: n})
	}
	service.WriteJSON(w, http.StatusOK, out)
}

// valuesRange reads from/to (Unix ms); without them, the hour before now.
func valuesRange(fromText, toText string, now time.Time) (time.Time, time.Time, error) {
	to, from := now, now.Add(-time.Hour)
	if toText != "" {
		ms, err := strconv.ParseInt(strings.TrimSpace(toText), 10, 64)
		if err != nil {
			return from, to, fmt.Errorf("to must be Unix milliseconds, got %q", toText)
		}
		to, from = time.UnixMilli(ms), time.UnixMilli(ms).Add(-time.Hour)
	}
	if fromText != "" {
		ms, err := strconv.ParseInt(strings.TrimSpace(fromText), 10, 64)
		if err != nil {
			return from, to, fmt.Errorf("from must be Unix milliseconds, got %q", fromText)
		}
		from = time.UnixMilli(ms)
	}
	if !from.Before(to) {
		return from, to, fmt.Errorf("from must be before to")
	}
	return from, to, nil
}
