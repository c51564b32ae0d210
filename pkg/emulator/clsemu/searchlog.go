package clsemu

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/logbridge/cloudlogs/pkg/emulator/tcparams"
)

// searchRequest is SearchLog's parameters (CLS.md 2.1).
type searchRequest struct {
	From, To       tcparams.FlexInt
	Query          *string
	SyntaxRule     tcparams.FlexInt
	QueryString    *string
	QuerySyntax    tcparams.FlexInt
	TopicId        string
	Topics         []topicContext
	Sort           string
	Limit          tcparams.FlexInt
	Offset         tcparams.FlexInt
	Context        string
	SamplingRate   tcparams.FlexFloat
	UseNewAnalysis tcparams.FlexBool
	HighLight      tcparams.FlexBool
}

type topicContext struct {
	TopicId string
	Context string
}

type logInfo struct {
	Time        int64
	TopicId     string
	TopicName   string
	Source      string
	FileName    string
	PkgId       string
	PkgLogId    string
	HighLights  []any
	LogJson     string
	HostName    string
	RawLog      string
	IndexStatus string
}

type searchResponse struct {
	Context         string
	ListOver        bool
	Analysis        bool
	ColNames        []string
	Results         []logInfo
	AnalysisResults []logItems
	AnalysisRecords []string
	Columns         []column
	SamplingRate    float64
	Topics          *searchTopics `json:",omitempty"`
	RequestId       string
}

type searchTopics struct {
	Errors []topicError
	Infos  []topicInfoPage
}

type topicError struct {
	TopicId      string
	ErrorMsg     string
	ErrorCodeStr string
}

type topicInfoPage struct {
	TopicId string
	Period  int64
	Context string
}

const (
	defaultLimit   = 100
	maxLimit       = 1000
	maxQueryBytes  = 12 * 1024
	maxTopics      = 50
	defaultSyntaxQ = lucene // Query/SyntaxRule: Lucene unless told
	defaultSyntaxS = cql    // QueryString/QuerySyntax: CQL unless told
)

// searchPlan is a validated SearchLog request.
type searchPlan struct {
	req       searchRequest
	search    string
	sql       string
	hasSQL    bool
	syn       syntax
	from, to  int64
	ascending bool
	limit     int
	offset    int
}

func (s *Server) searchLog(r *http.Request, params []byte) (any, *apiError) {
	var req searchRequest
	if e := decode(params, &req); e != nil {
		return nil, e
	}
	plan, e := planSearch(req)
	if e != nil {
		return nil, e
	}
	ids := []string{req.TopicId}
	if len(req.Topics) > 0 {
		ids = ids[:0]
		for _, t := range req.Topics {
			ids = append(ids, t.TopicId)
		}
	}
	known := s.existing(ids)
	if len(req.Topics) == 0 && len(known) == 0 {
		return nil, errTopicNotExist(req.TopicId)
	}
	now := s.cfg.Now()
	s.catchUp(now, known...)
	release, e := s.enter(r, known...)
	if e != nil {
		return nil, e
	}
	defer release()
	if plan.to > now.UnixMilli()+1 {
		plan.to = now.UnixMilli() + 1 // nothing has been written after now yet
	}
	if plan.hasSQL {
		return s.searchSQL(r, plan)
	}
	if len(req.Topics) > 0 {
		return s.searchMany(plan, now)
	}
	return s.searchOne(plan, now)
}

func planSearch(req searchRequest) (searchPlan, *apiError) {
	p := searchPlan{req: req}
	if !req.From.Set {
		return p, errMissingParameter("From")
	}
	if !req.To.Set {
		return p, errMissingParameter("To")
	}
	p.from, p.to = req.From.Value, req.To.Value
	if p.from < 0 || p.to < p.from {
		return p, errInvalidParameter(fmt.Sprintf("From %d and To %d must be Unix milliseconds with From <= To.", p.from, p.to))
	}
	var query string
	oldPair := req.Query != nil || req.SyntaxRule.Set
	newPair := req.QueryString != nil || req.QuerySyntax.Set
	switch {
	case oldPair && newPair:
		return p, errInvalidParameter("Send Query with SyntaxRule, or QueryString with QuerySyntax, not both pairs (nor a mix of them).")
	case newPair:
		p.syn = defaultSyntaxS
		if req.QueryString != nil {
			query = *req.QueryString
		}
		if req.QuerySyntax.Set {
			p.syn = syntax(req.QuerySyntax.Value)
		}
	default:
		p.syn = defaultSyntaxQ
		if req.Query != nil {
			query = *req.Query
		}
		if req.SyntaxRule.Set {
			p.syn = syntax(req.SyntaxRule.Value)
		}
	}
	if p.syn != lucene && p.syn != cql {
		return p, errInvalidParameter("SyntaxRule/QuerySyntax must be 0 (Lucene) or 1 (CQL).")
	}
	if len(query) > maxQueryBytes {
		return p, errInvalidParameter(fmt.Sprintf("The query is %d bytes; at most %d are allowed.", len(query), maxQueryBytes))
	}
	p.search, p.sql, p.hasSQL = splitQuery(query)
	switch {
	case req.TopicId != "" && len(req.Topics) > 0:
		return p, errInvalidParameter("Send TopicId or Topics, not both.")
	case req.TopicId == "" && len(req.Topics) == 0:
		return p, errMissingParameter("TopicId")
	case len(req.Topics) > maxTopics:
		return p, errInvalidParameter(fmt.Sprintf("Topics holds %d topics; at most %d are allowed.", len(req.Topics), maxTopics))
	case len(req.Topics) > 0 && req.Context != "":
		return p, errInvalidParameter("With Topics, pass each topic's Context in Topics[].Context.")
	case len(req.Topics) > 0 && p.hasSQL:
		return p, errInvalidParameter("The emulator runs SQL on a single TopicId only.")
	}
	switch strings.ToLower(req.Sort) {
	case "", "desc":
	case "asc":
		p.ascending = true
	default:
		return p, errInvalidParameter(fmt.Sprintf("Sort %q must be asc or desc.", req.Sort))
	}
	p.limit = int(req.Limit.Value)
	if !req.Limit.Set || p.limit == 0 {
		p.limit = defaultLimit
	}
	if p.limit < 0 || p.limit > maxLimit {
		return p, errInvalidParameter(fmt.Sprintf("Limit %d must be between 1 and %d.", p.limit, maxLimit))
	}
	p.offset = int(req.Offset.Value)
	switch {
	case p.offset < 0:
		return p, errInvalidParameter("Offset must be 0 or more.")
	case p.offset > 0 && req.Context != "":
		return p, errInvalidParameter("Offset cannot be combined with Context.")
	case p.offset > 0 && len(req.Topics) > 0:
		return p, errInvalidParameter("Offset works on a single TopicId only.")
	}
	if req.SamplingRate.Set && (req.SamplingRate.Value < 0 || req.SamplingRate.Value > 1) {
		return p, errInvalidParameter("SamplingRate must be between 0 and 1.")
	}
	if req.HighLight.Value {
		return p, errInvalidParameter("HighLight is not emulated; send HighLight false or leave it out.")
	}
	return p, nil
}

// splitQuery cuts "search | sql" at the first "|" outside quotes.
func splitQuery(q string) (search, sql string, hasSQL bool) {
	inQuote := byte(0)
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case inQuote != 0:
			if c == '\\' {
				i++
			} else if c == inQuote {
				inQuote = 0
			}
		case c == '\\':
			i++
		case c == '"' || c == '\'':
			inQuote = c
		case c == '|':
			return strings.TrimSpace(q[:i]), strings.TrimSpace(q[i+1:]), true
		}
	}
	return strings.TrimSpace(q), "", false
}

// existing keeps the ids that name a topic.
func (s *Server) existing(ids []string) []string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []string
	for _, id := range ids {
		if s.topics[id] != nil {
			out = append(out, id)
		}
	}
	return out
}
