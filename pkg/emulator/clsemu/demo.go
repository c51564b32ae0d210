package clsemu

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"sync"
	"time"
)

// nginxFeed writes the nginx-access demo lines: line i sits in the i-th
// slot of a fixed grid with seeded jitter, so the data is deterministic
// from the seed and keeps arriving as the clock moves.
type nginxFeed struct {
	mu     sync.Mutex
	seed   uint64
	origin time.Time
	slot   time.Duration
	next   int
}

func newNginxFeed(seed int64, origin time.Time, span time.Duration, lines int) *nginxFeed {
	slot := span / time.Duration(max(lines, 1))
	if slot < time.Millisecond {
		slot = time.Millisecond
	}
	return &nginxFeed{seed: uint64(seed), origin: origin, slot: slot}
}

func (f *nginxFeed) rng(i int) *rand.Rand {
	return rand.New(rand.NewPCG(f.seed, uint64(i)^0x6e67696e78))
}

func (f *nginxFeed) timeOf(i int) time.Time {
	jitter := f.rng(i).Float64() * 0.9
	return f.origin.Add(time.Duration((float64(i) + jitter) * float64(f.slot))).Truncate(time.Millisecond)
}

var (
	demoURIs   = []string{"/", "/index.html", "/api/v1/orders", "/api/v1/orders/12345", "/api/v1/users/me", "/static/app.js", "/static/app.css", "/login", "/health", "/api/v1/search?q=phone&page=2"}
	demoAgents = []string{"Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/120.0", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Safari/604.1", "curl/8.4.0", "kube-probe/1.28"}
)

// due returns the lines that arrived by now.
func (f *nginxFeed) due(now time.Time) []Record {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []Record
	for ; !f.timeOf(f.next).After(now); f.next++ {
		i := f.next
		r := f.rng(i)
		_ = r.Float64() // the jitter, see timeOf
		status := 200
		switch u := r.Float64(); {
		case u < 0.03:
			status = 500 + r.IntN(4)
		case u < 0.10:
			status = []int{400, 401, 403, 404, 404, 404}[r.IntN(6)]
		case u < 0.14:
			status = 304
		case u < 0.16:
			status = 301
		}
		level := "INFO"
		switch {
		case status >= 500:
			level = "ERROR"
		case status >= 400:
			level = "WARN"
		}
		method := "GET"
		if r.Float64() < 0.2 {
			method = "POST"
		}
		host := fmt.Sprintf("web-%d", 1+r.IntN(3))
		u := r.Float64()
		out = append(out, Record{
			Time: f.timeOf(i),
			Fields: []Field{
				{"remote_addr", fmt.Sprintf("203.0.113.%d", 1+r.IntN(254))},
				{"method", method},
				{"request_uri", demoURIs[r.IntN(len(demoURIs))]},
				{"status", strconv.Itoa(status)},
				{"body_bytes_sent", strconv.Itoa(200 + r.IntN(40000))},
				{"request_time", strconv.FormatFloat(float64(int((0.001+u*u*2.5)*1000))/1000, 'f', -1, 64)},
				{"host", "shop.example.com"},
				{"http_user_agent", demoAgents[r.IntN(len(demoAgents))]},
				{"level", level},
			},
			Source: "10.0.1." + strconv.Itoa(10+r.IntN(3)), FileName: "/var/log/nginx/access.log", HostName: host,
			PkgID: fmt.Sprintf("%016X-%X", f.seed, i/64), PkgLogID: int64(i % 64),
		})
	}
	return out
}

// buildCatalog creates the demo logsets and topics; created is when the
// account was set up (before the demo data).
func (s *Server) buildCatalog(created time.Time) {
	s.logsets = []*logset{
		{id: DemoSCFLogsetID, name: DemoSCFLogsetName, assumer: "SCF", created: created},
		{id: DemoAppLogsetID, name: DemoAppLogsetName, created: created.Add(time.Hour)},
	}
	scf := &topic{id: DemoSCFTopicID, name: DemoSCFTopicName, logsetID: DemoSCFLogsetID, assumer: "SCF",
		created: created.Add(time.Minute), period: 7, index: scfIndex()}
	app := &topic{id: DemoAppTopicID, name: DemoAppTopicName, logsetID: DemoAppLogsetID,
		created: created.Add(2 * time.Hour), period: 30, index: nginxIndex()}
	if s.cfg.Logs > 0 {
		span := time.Duration(s.cfg.Days) * 24 * time.Hour
		feed := newNginxFeed(s.cfg.Seed, s.cfg.Now().Add(-span), span, s.cfg.Logs)
		app.feed = func(now time.Time) {
			if recs := feed.due(now); len(recs) > 0 {
				_ = s.AddRecords(DemoAppTopicID, recs...)
			}
		}
	}
	s.topicList = []*topic{scf, app}
	s.topics = map[string]*topic{scf.id: scf, app.id: app}
}

// SetFeed sets what brings a topic up to the clock before it is read (the
// emulator wires SCF's log delivery to DemoSCFTopicID this way). The feed
// is called without the server lock and may call AddRecords.
func (s *Server) SetFeed(topicID string, feed func(now time.Time)) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.topics[topicID]
	if t == nil {
		return fmt.Errorf("clsemu: no topic %q", topicID)
	}
	t.feed = feed
	return nil
}

// catchUp runs the feeds of the topics about to be read.
func (s *Server) catchUp(now time.Time, ids ...string) {
	for _, id := range ids {
		s.mu.RLock()
		t := s.topics[id]
		var feed func(time.Time)
		if t != nil {
			feed = t.feed
		}
		s.mu.RUnlock()
		if feed != nil {
			feed(now)
		}
	}
}
