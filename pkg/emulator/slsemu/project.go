package slsemu

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// projectLogs is GetProjectLogs: plain SQL over the project's logstores as
// tables, which must bound time with __date__ or __time__.
func (s *Server) projectLogs(ctx context.Context, q url.Values) (*logsResult, *apiError) {
	started := time.Now()
	query := strings.TrimSpace(q.Get("query"))
	if query == "" {
		return nil, badRequest("ParameterInvalid", "query is required: a SQL statement such as SELECT count(1) FROM \"app-log\" WHERE __time__ > 1700000000")
	}
	partial := s.incomplete.next("project "+canonicalResource(&url.URL{Path: "/logs", RawQuery: q.Encode()}), s.ctl.Get().IncompleteRounds)
	s.mu.RLock()
	defer s.mu.RUnlock()
	stmt, tables, err := rewriteProjectSQL(query, func(n string) bool { _, ok := s.stores[n]; return ok }, formatTS(s.cfg.Now()))
	if err != nil {
		var missing *missingLogstore
		switch {
		case errors.As(err, &missing):
			return nil, errorf(http.StatusNotFound, "LogStoreNotExist", "logstore %s does not exist", missing.name)
		case errors.Is(err, errTimeCondition):
			return nil, badRequest("ParameterInvalid", "%s", err.Error())
		}
		return nil, badRequest("ParameterInvalid", "query is invalid: %s", err.Error())
	}
	processed := 0
	for _, t := range tables {
		ls := s.stores[t]
		if err := s.db.sync(ctx, ls); err != nil {
			return nil, errorf(http.StatusInternalServerError, "InternalServerError", "emulator SQL load: %v", err)
		}
		processed += len(ls.recs)
	}
	res, err := s.db.query(ctx, stmt)
	if err != nil {
		return nil, badRequest("ParameterInvalid", "query is invalid: %s", err.Error())
	}
	rows := res.rows
	if partial {
		rows = rows[:len(rows)/2] // a partial answer: the first half of the rows
	}
	body := []byte{'['}
	for i, row := range rows {
		if i > 0 {
			body = append(body, ',')
		}
		body = appendRow(body, res.columns, row)
	}
	body = append(body, ']')
	return &logsResult{array: body, count: len(rows), processed: processed, partial: partial, hasSQL: true, keys: res.columns, started: started}, nil
}
