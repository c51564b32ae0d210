package scfservice

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/logbridge/cloudlogs/pkg/cls"
	"github.com/logbridge/cloudlogs/pkg/scf"
	"github.com/logbridge/cloudlogs/pkg/settings"
)

// topicTTL is how long a function's CLS topic is remembered. Nothing needs
// the cache to be right (Grafana HA runs several processes): a miss asks
// SCF again, and a stale entry lasts a minute at most.
const topicTTL = time.Minute

// topicCache remembers GetFunction's ClsTopicId per function.
type topicCache struct {
	mu      sync.Mutex
	entries map[string]topicEntry
}

type topicEntry struct {
	topic   string
	expires time.Time
}

func (c *topicCache) get(key string, now time.Time) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[key]
	return e.topic, ok && now.Before(e.expires)
}

func (c *topicCache) put(key, topic string, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil {
		c.entries = map[string]topicEntry{}
	}
	c.entries[key] = topicEntry{topic: topic, expires: now.Add(topicTTL)}
}

// logSourceOf says where a query's invocations are read: a CLS topic, or ""
// for GetFunctionLogs. auto takes the function's topic and falls back only
// when it has none (noTopic reports that fallback); cls insists on one.
func (s *Service) logSourceOf(ctx context.Context, m Query) (topic string, noTopic bool, err error) {
	mode := s.settings.SCF.LogSource
	if mode == settings.LogSourceGetFunctionLogs || s.cls == nil {
		return "", false, nil
	}
	if m.FunctionName == "" {
		if mode == settings.LogSourceCLS {
			return "", false, fmt.Errorf("choose a function: with logSource \"cls\" each function's CLS topic is read from SCF GetFunction, so a query needs functionName")
		}
		return "", false, nil
	}
	qualifier := m.Qualifier
	if qualifier == "" {
		qualifier = LatestQualifier
	}
	key := m.Namespace + "/" + m.FunctionName + "/" + qualifier
	topic, ok := s.topics.get(key, time.Now())
	if !ok {
		fn, err := s.client.GetFunction(ctx, m.Namespace, m.FunctionName, qualifier)
		if err != nil {
			return "", false, err
		}
		topic = fn.ClsTopicID
		s.topics.put(key, topic, time.Now())
	}
	if topic == "" && mode == settings.LogSourceCLS {
		return "", true, noTopicError(m, nil)
	}
	return topic, topic == "", nil
}

// noTopicError is the one error of a function whose logs are nowhere: no
// CLS topic, and (with auto) GetFunctionLogs failed too.
func noTopicError(m Query, getFunctionLogsErr error) error {
	msg := fmt.Sprintf("function %s in namespace %s delivers no logs to CLS (SCF GetFunction has no ClsTopicId)", m.FunctionName, m.Namespace)
	if getFunctionLogsErr != nil {
		msg += fmt.Sprintf(", and GetFunctionLogs failed (%v)", getFunctionLogsErr)
	}
	return fmt.Errorf("%s: turn on log delivery in the SCF console (the function's Log configuration: deliver to CLS, default or a topic of your own in the same region), then query again", msg)
}

// fetchFromCLS reads the invocations a logs or invocations query shows: the
// list by SQL, then their log lines by search, in batches small enough for
// CLS's 12 KB statement limit.
func (s *Service) fetchFromCLS(ctx context.Context, topic string, from, to time.Time, m Query) (invs []scf.Invocation, more bool, calls int, executed string, err error) {
	res, err := s.cls.Analyze(ctx, cls.AnalysisRequest{TopicIDs: []string{topic}, From: from, To: to, Query: invocationsSQL(m), Syntax: cls.SyntaxCQL})
	if err != nil {
		return nil, false, 0, "", err
	}
	invs = invocationsOf(res, m, s.settings.SCF.Location)
	if more = len(invs) > m.Limit; more {
		invs = invs[:m.Limit]
	}
	calls = 1
	byID := make(map[string]*scf.Invocation, len(invs))
	ids := make([]string, len(invs))
	for i := range invs {
		byID[invs[i].RequestID], ids[i] = &invs[i], invs[i].RequestID
	}
	for start := 0; start < len(ids); start += linesBatch {
		batch := ids[start:min(start+linesBatch, len(ids))]
		lines, err := s.cls.Search(ctx, cls.SearchRequest{TopicIDs: []string{topic}, From: from, To: to,
			Query: requestsFilter(searchFilter(m), batch), Syntax: cls.SyntaxCQL, Sort: "asc", Limit: maxLinesPerInvocation * len(batch)})
		if err != nil {
			return nil, false, calls, "", err
		}
		calls += lines.Calls
		attachLines(byID, lines.Logs)
	}
	return invs, more, calls, res.Request, nil
}

const (
	// linesBatch request ids (~60 bytes each as a phrase) keep a statement
	// well under CLS's 12 KB.
	linesBatch = 100
	// maxLinesPerInvocation bounds the lines read per invocation.
	maxLinesPerInvocation = 200
)
