package slsemu

// A client pages through a range 100 logs a call, and pages through it
// again on the next refresh: writing each log's JSON (every value scanned
// for characters to escape, its pack id and cursor formatted) on every page
// cost more than the rest of the answer. A log never changes once
// logstore.add has placed it (its time, fields, pack and cursor are set
// there), so its JSON is written on its first page and copied after.

// maxRenderedBytes bounds the JSON a logstore keeps (the 100,000-line dense
// hour takes about 50 MB); past it, logs are written on every page as before.
const maxRenderedBytes = 64 << 20

// appendLog writes one log as SLS does: every value a string, with the
// reserved fields and the pack identity GetContextLogs needs; extra are
// more key, value pairs written after them (GetContextLogs' index).
func appendLog(b []byte, ls *logstore, rec *record, extra ...string) []byte {
	if kept := rec.rendered.Load(); kept != nil {
		b = append(b, *kept...)
	} else {
		start := len(b)
		b = renderLog(b, ls, rec)
		ls.keepRendered(rec, b[start:])
	}
	if len(extra) == 0 {
		return b
	}
	b = b[:len(b)-1] // reopen the object for the extra fields
	for i := 0; i+1 < len(extra); i += 2 {
		b = appendField(b, false, extra[i], extra[i+1])
	}
	return append(b, '}')
}

// keepRendered keeps a copy of rec's JSON while the logstore's budget
// lasts. Readers share the read lock, so two may write the same log at
// once: the first copy stays, and both wrote the same bytes.
func (ls *logstore) keepRendered(rec *record, json []byte) {
	if ls.renderedBytes.Load() >= maxRenderedBytes {
		return
	}
	kept := append([]byte(nil), json...)
	if rec.rendered.CompareAndSwap(nil, &kept) {
		ls.renderedBytes.Add(int64(len(kept)))
	}
}
