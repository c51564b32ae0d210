package clsemu

import (
	"fmt"
	"net/http"
	"time"

	"github.com/logbridge/cloudlogs/pkg/emulator/tcparams"
)

// DescribeLogContext (CLS.md 2.6): the logs around one log of the same
// source (the same Source, FileName and HostName), in time order.

type contextRequest struct {
	TopicId  string
	BTime    string
	PkgId    string
	PkgLogId tcparams.FlexInt
	PrevLogs tcparams.FlexInt
	NextLogs tcparams.FlexInt
	Query    string
	From, To tcparams.FlexInt
}

type logContextInfo struct {
	Source      string
	Filename    string
	Content     string
	PkgId       string
	PkgLogId    int64
	BTime       int64
	HostName    string
	RawLog      string
	IndexStatus string
	HighLights  []any
}

type contextResponse struct {
	LogContextInfos []logContextInfo
	PrevOver        bool
	NextOver        bool
	RequestId       string
}

// maxContextLogs caps PrevLogs/NextLogs [INFERRED: the SDK gives none].
const maxContextLogs = 100

func (s *Server) describeLogContext(r *http.Request, params []byte) (any, *apiError) {
	var req contextRequest
	if e := decode(params, &req); e != nil {
		return nil, e
	}
	for name, v := range map[string]string{"TopicId": req.TopicId, "BTime": req.BTime, "PkgId": req.PkgId} {
		if v == "" {
			return nil, errMissingParameter(name)
		}
	}
	if !req.PkgLogId.Set {
		return nil, errMissingParameter("PkgLogId")
	}
	bt, err := time.ParseInLocation("2006-01-02 15:04:05.000", req.BTime, sqlZone)
	if err != nil {
		return nil, errInvalidParameter(fmt.Sprintf("BTime %q must be the log's time in UTC+8 as YYYY-mm-dd HH:MM:SS.FFF.", req.BTime))
	}
	prev, next := 10, 10
	if req.PrevLogs.Set {
		prev = int(req.PrevLogs.Value)
	}
	if req.NextLogs.Set {
		next = int(req.NextLogs.Value)
	}
	if prev < 0 || next < 0 || prev > maxContextLogs || next > maxContextLogs {
		return nil, errInvalidParameter(fmt.Sprintf("PrevLogs and NextLogs must be between 0 and %d.", maxContextLogs))
	}
	if len(s.existing([]string{req.TopicId})) == 0 {
		return nil, errTopicNotExist(req.TopicId)
	}
	search, _, hasSQL := splitQuery(req.Query)
	if hasSQL {
		return nil, errInvalidParameter("DescribeLogContext's Query is a search condition only, without SQL.")
	}
	s.catchUp(s.cfg.Now(), req.TopicId)
	release, e := s.enter(r, req.TopicId)
	if e != nil {
		return nil, e
	}
	defer release()
	s.mu.RLock()
	defer s.mu.RUnlock()
	t := s.topics[req.TopicId]
	m, perr := compileSearch(search, cql, &t.index)
	if perr != nil {
		return nil, errSyntax(perr.Error())
	}
	ms := bt.UnixMilli()
	from, to := int64(-1<<62), int64(1<<62)
	if req.From.Set {
		from = req.From.Value
	}
	if req.To.Set {
		to = req.To.Value
	}
	window := t.window(from, to)
	at := -1
	for i, rec := range t.window(ms, ms+1) {
		if rec.pkgID == req.PkgId && rec.pkgLogID == req.PkgLogId.Value {
			at = i
			break
		}
	}
	if at < 0 {
		return nil, errInvalidParameter(fmt.Sprintf("No log with PkgId %s and PkgLogId %d at %s.", req.PkgId, req.PkgLogId.Value, req.BTime))
	}
	base := t.window(ms, ms+1)[at]
	same := func(rec *record) bool {
		return rec.source == base.source && rec.fileName == base.fileName && rec.hostName == base.hostName && m.match(rec)
	}
	pos := after(window, base.time, base.seq, true) - 1 // base's index in window, or -1
	var before, afterLogs []*record
	for i := pos - 1; i >= 0 && len(before) <= prev; i-- {
		if same(window[i]) {
			before = append(before, window[i])
		}
	}
	for i := pos + 1; i < len(window) && len(afterLogs) <= next; i++ {
		if same(window[i]) {
			afterLogs = append(afterLogs, window[i])
		}
	}
	out := contextResponse{PrevOver: len(before) <= prev, NextOver: len(afterLogs) <= next, RequestId: newRequestID()}
	before = before[:min(len(before), prev)]
	afterLogs = afterLogs[:min(len(afterLogs), next)]
	for i := len(before) - 1; i >= 0; i-- {
		out.LogContextInfos = append(out.LogContextInfos, contextInfo(before[i]))
	}
	if pos >= 0 && pos < len(window) && window[pos] == base {
		out.LogContextInfos = append(out.LogContextInfos, contextInfo(base))
	}
	for _, rec := range afterLogs {
		out.LogContextInfos = append(out.LogContextInfos, contextInfo(rec))
	}
	if out.LogContextInfos == nil {
		out.LogContextInfos = []logContextInfo{}
	}
	return out, nil
}

func contextInfo(rec *record) logContextInfo {
	return logContextInfo{Source: rec.source, Filename: rec.fileName, Content: rec.logJSON(), PkgId: rec.pkgID,
		PkgLogId: rec.pkgLogID, BTime: rec.time, HostName: rec.hostName, HighLights: []any{}}
}
