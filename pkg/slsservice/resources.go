package slsservice

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"

	"github.com/logbridge/cloudlogs/pkg/querytext"
	"github.com/logbridge/cloudlogs/pkg/service"
	"github.com/logbridge/cloudlogs/pkg/sls"
)

// Editor look-ups. Each answers JSON, or {"error": "..."} with a non-2xx status.

// handleLogstores: GET logstores -> ["app-log", ...], every page.
func (s *Service) handleLogstores(w http.ResponseWriter, r *http.Request) {
	names, err := s.client.ListAllLogStores(r.Context())
	service.WriteList(w, names, err)
}

// handleFields: GET fields?logstore= -> [{"name":"status","type":"long"}, ...]
// from the logstore's index, plus the reserved __topic__ and __source__.
func (s *Service) handleFields(w http.ResponseWriter, r *http.Request) {
	logstore := strings.TrimSpace(r.URL.Query().Get("logstore"))
	if logstore == "" {
		service.WriteErrorMessage(w, http.StatusBadRequest, "logstore is required: fields?logstore=<name>")
		return
	}
	fields, err := s.client.GetIndex(r.Context(), logstore)
	if err != nil {
		service.WriteError(w, err)
		return
	}
	out := make([]sls.IndexField, 0, len(fields)+2)
	seen := map[string]bool{}
	for _, f := range fields {
		out = append(out, f)
		seen[f.Name] = true
	}
	for _, reserved := range []string{"__topic__", "__source__"} {
		if !seen[reserved] {
			out = append(out, sls.IndexField{Name: reserved, Type: "text"})
		}
	}
	service.WriteJSON(w, http.StatusOK, out)
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

// handleValues: GET values?logstore=&field=&from=<ms>&to=<ms>&query=&limit=
// -> [{"value":"200","count":123}, ...], the field's top values over the
// range (default: the last hour) by SQL.
func (s *Service) handleValues(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	logstore := strings.TrimSpace(q.Get("logstore"))
	field := strings.TrimSpace(q.Get("field"))
	if logstore == "" || field == "" {
		service.WriteErrorMessage(w, http.StatusBadRequest, "logstore and field are required: values?logstore=<name>&field=<field>")
		return
	}
	to := time.Now()
	from := to.Add(-time.Hour)
	var err error
	if v := q.Get("to"); v != "" {
		if to, err = parseMillis(v); err != nil {
			service.WriteErrorMessage(w, http.StatusBadRequest, "to must be Unix milliseconds, got "+strconv.Quote(v))
			return
		}
		if q.Get("from") == "" {
			from = to.Add(-time.Hour)
		}
	}
	if v := q.Get("from"); v != "" {
		if from, err = parseMillis(v); err != nil {
			service.WriteErrorMessage(w, http.StatusBadRequest, "from must be Unix milliseconds, got "+strconv.Quote(v))
			return
		}
	}
	if !from.Before(to) {
		service.WriteErrorMessage(w, http.StatusBadRequest, "from must be before to")
		return
	}
	limit := defaultValuesLimit
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > maxValuesLimit {
			service.WriteErrorMessage(w, http.StatusBadRequest, fmt.Sprintf("limit must be a whole number from 1 to %d, got %q", maxValuesLimit, v))
			return
		}
		limit = n
	}
	// Only the search part filters the values.
	text := querytext.Parse(q.Get("query"), querytext.DoubleQuotes)
	sql := text.WithSQL(fmt.Sprintf(`select %s as value, count(*) as count group by value order by count desc limit %d`, querytext.QuoteIdent(field), limit))
	fromS, toS := UnixRange(backend.TimeRange{From: from, To: to})
	res, err := s.client.GetLogs(r.Context(), sls.GetLogsRequest{Logstore: logstore, From: fromS, To: toS, Query: sql, Line: sls.MaxLinesPerCall})
	if err != nil {
		service.WriteError(w, err)
		return
	}
	out := make([]fieldValue, 0, len(res.Logs))
	for _, row := range res.Logs {
		v, _ := row.Get("value")
		c, _ := row.Get("count")
		n, _ := strconv.ParseInt(strings.TrimSpace(c), 10, 64)
		out = append(out, fieldValue{Value: v, Count: n})
	}
	service.WriteJSON(w, http.StatusOK, out)
}

func parseMillis(v string) (time.Time, error) {
	n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil {
		return time.Time{}, err
	}
	return time.UnixMilli(n), nil
}
