package slsemu

import (
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
)

// maxListSize is ListLogStores' page size cap.
const maxListSize = 500

func (s *Server) listLogstores(q url.Values) (*response, *apiError) {
	offset, size := 0, maxListSize
	if v := q.Get("offset"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return nil, badRequest("ParameterInvalid", "offset is invalid: use an integer >= 0, got %q", v)
		}
		offset = n
	}
	if v := q.Get("size"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > maxListSize {
			return nil, badRequest("ParameterInvalid", "size is invalid: use an integer in 0..%d, got %q", maxListSize, v)
		}
		size = n
	}
	filter := q.Get("logstoreName")
	s.mu.RLock()
	var names []string
	for _, n := range s.sortedNames() {
		if strings.Contains(n, filter) {
			names = append(names, n)
		}
	}
	s.mu.RUnlock()
	page := []string{}
	if offset < len(names) {
		page = names[offset:min(len(names), offset+size)]
	}
	body, _ := json.Marshal(map[string]any{"count": len(page), "total": len(names), "logstores": page})
	resp := newResponse()
	resp.body = body
	return resp, nil
}

// defaultTokens are SLS's default full-text delimiters.
var defaultTokens = []string{",", " ", "'", "\"", ";", "=", "(", ")", "[", "]", "{", "}", "?", "@", "&", "<", ">", "/", ":", "\n", "\t", "\r"}

func (s *Server) getIndex(name string) (*response, *apiError) {
	s.mu.RLock()
	ls, e := s.store(name)
	if e != nil {
		s.mu.RUnlock()
		return nil, e
	}
	keys := map[string]any{}
	for _, k := range ls.indexKeys {
		cfg := map[string]any{"type": ls.index[k], "doc_value": true, "alias": ""}
		if ls.index[k] == typeText {
			cfg["token"] = defaultTokens
			cfg["caseSensitive"] = false
			cfg["chn"] = false
		}
		keys[k] = cfg
	}
	ttl := ls.ttlDays
	s.mu.RUnlock()
	body, _ := json.Marshal(map[string]any{
		"line":           map[string]any{"token": defaultTokens, "caseSensitive": false, "chn": false},
		"keys":           keys,
		"ttl":            ttl,
		"index_mode":     "v2",
		"storage":        "pg",
		"lastModifyTime": s.cfg.Now().Unix(),
	})
	resp := newResponse()
	resp.body = body
	return resp, nil
}
