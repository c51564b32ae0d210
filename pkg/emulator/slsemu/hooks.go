package slsemu

// Hooks for tests and tools (the plugin's tests use them) to shape the
// emulated project.

import (
	"fmt"
	"sort"
)

// SetObjectBody switches GetLogs between the array body (false, what SLS
// sends) and the seed example's {progress,count,logs} object (true).
func (s *Server) SetObjectBody(on bool) { s.objectBody.Store(on) }

// ResetIncomplete forgets how often each query was seen, so the next calls
// go through the IncompleteRounds again.
func (s *Server) ResetIncomplete() { s.incomplete.reset() }

// Logstores lists the logstore names, sorted.
func (s *Server) Logstores() []string {
	s.catchUp()
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.sortedNames()
}

func (s *Server) sortedNames() []string {
	names := make([]string, 0, len(s.stores))
	for n := range s.stores {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// CreateLogstore adds an empty logstore; index maps keys to "text", "long"
// or "double" (keys not listed are typed from their first value).
func (s *Server) CreateLogstore(name string, index map[string]string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.stores[name]; ok {
		return fmt.Errorf("logstore %q already exists", name)
	}
	return s.createLocked(name, index)
}

func (s *Server) createLocked(name string, index map[string]string) error {
	if !validLogstoreName(name) {
		return fmt.Errorf("logstore name %q: use 3-63 lower-case letters, digits, '-' and '_'", name)
	}
	ls := newLogstore(name, 30)
	keys := make([]string, 0, len(index))
	for k := range index {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		switch t := index[k]; t {
		case typeText, typeLong, typeDouble:
			ls.declare(k, t)
		default:
			return fmt.Errorf("index type %q of key %q: use text, long or double", t, k)
		}
	}
	s.stores[name] = ls
	return nil
}

// AppendLogs writes logs to a logstore, creating it when missing; they are
// searchable at once.
func (s *Server) AppendLogs(logstore string, logs []Log) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.stores[logstore]; !ok {
		if err := s.createLocked(logstore, nil); err != nil {
			return err
		}
	}
	ls := s.stores[logstore]
	for _, l := range logs {
		ls.add(recordFromLog(l))
	}
	return nil
}

func validLogstoreName(n string) bool {
	if len(n) < 3 || len(n) > 63 {
		return false
	}
	for _, c := range n {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}
