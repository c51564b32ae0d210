package slsemu

// DenseLogstore is the logstore Config.DenseLogs fills. It is apart from the
// demo logstores so their data, which tests count on, never changes, and so
// a benchmark can ask for 100,000 lines of one hour: the demo's 200,000 logs
// over a week give nginx-access only about 700 an hour.
const DenseLogstore = "bench-dense"

// addDense writes n nginx-access lines, evenly spread over the hour before
// Now(), to DenseLogstore (oldest first, so every add is an append). The
// lines come from the nginx-access generator, so bodies have the demo's
// realistic size and shape; they are a pure function of the seed and n.
func (s *Server) addDense(n int) {
	ds := &demoStores[0] // nginx-access
	ls := newLogstore(DenseLogstore, 30)
	for _, k := range ds.keys {
		t := ds.types[k]
		if t == "" {
			t = typeText
		}
		ls.declare(k, t)
	}
	end := s.cfg.Now().Unix()
	start := end - 3600
	r := newRNG(uint64(s.cfg.Seed), hashString(DenseLogstore))
	for i := 0; i < n; i++ {
		t := start + int64(i)*3600/int64(n)
		topic, source, vals := ds.gen(r, t, false)
		ls.add(&record{time: t, topic: topic, source: source, keys: ds.keys, vals: vals})
	}
	s.mu.Lock()
	s.stores[DenseLogstore] = ls
	s.mu.Unlock()
}
