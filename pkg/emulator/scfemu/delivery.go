package scfemu

import (
	"crypto/sha1"
	"encoding/hex"
	"strconv"
	"time"
)

// SCF → CLS delivery (CLS.md 1.2). Each run becomes one CLS record per
// entry of its log text (logentries.go). scfemu knows nothing of CLS: the
// emulator package wires DeliverLogs to the CLS emulator.

// LogField is one key/value of a delivered record; every value is a string.
type LogField struct{ Key, Value string }

// LogRecord is one CLS record of a delivered run.
type LogRecord struct {
	Time time.Time
	// Fields are the record's LogJson keys in delivery order.
	Fields []LogField
	// PkgID is one per run (hex of a hash of the request id); PkgLogID
	// counts the run's entries from 0.
	PkgID    string
	PkgLogID int64
}

// deliveryTarget is the logset and topic a function delivers to ("" for
// none).
func (s *Server) deliveryTarget(f Function) (string, string) {
	if s.cfg.CLSTopicID == "" || (f.Name == NoTopicFunction && f.Namespace == NoTopicNamespace) {
		return "", ""
	}
	return s.cfg.CLSLogsetID, s.cfg.CLSTopicID
}

// DeliverLogs catches the demo runs up to now, then hands every run not
// yet delivered (demo runs and AddInvocations alike) to deliver as CLS
// records, in the order they were stored. The CLS emulator calls it before
// it reads the topic, so a run is delivered once and by the time anyone
// can search for it. It is safe for concurrent use.
func (s *Server) DeliverLogs(now time.Time, deliver func(topicID string, recs []LogRecord)) {
	s.deliverMu.Lock()
	defer s.deliverMu.Unlock()
	s.store.catchUp(now)
	invs := s.store.drain()
	var recs []LogRecord
	for _, inv := range invs {
		f, ok := s.function(inv.Namespace, inv.FunctionName)
		if !ok {
			continue
		}
		if _, topic := s.deliveryTarget(f); topic == "" {
			continue
		}
		recs = append(recs, InvocationRecords(inv, f.Name == SimplifiedLogFunction && f.Namespace == "default")...)
	}
	if len(recs) > 0 {
		deliver(s.cfg.CLSTopicID, recs)
	}
}

// StatusCode is SCF_StatusCode of a run (ICD-status): 200 on success, else
// the failure's function status code (430 user code, 433 timeout, 434
// memory limit).
func StatusCode(inv Invocation) int64 {
	if inv.RetCode == RetCodeOK {
		return 200
	}
	return inv.RetCode
}

// The default format's 14 keys, in the order of the doc's table (ICD-struct).
const (
	keyFunctionName = "SCF_FunctionName"
	keyNamespace    = "SCF_Namespace"
	keyStartTime    = "SCF_StartTime"
	keyLogTime      = "SCF_LogTime"
	keyRequestID    = "SCF_RequestId"
	keyDuration     = "SCF_Duration"
	keyAlias        = "SCF_Alias"
	keyQualifier    = "SCF_Qualifier"
	keyMemUsage     = "SCF_MemUsage"
	keyLevel        = "SCF_Level"
	keyMessage      = "SCF_Message"
	keyType         = "SCF_Type"
	keyStatusCode   = "SCF_StatusCode"
	keyRetryNum     = "SCF_RetryNum"
)

// InvocationRecords are the CLS records of one run: one per log entry.
// The default format puts all 14 keys on every record. The simplified one
// keeps 9 on user (Custom) records, adds SCF_StartTime on platform records
// and all 14 on the Report record.
func InvocationRecords(inv Invocation, simplified bool) []LogRecord {
	entries := splitEntries(inv)
	sum := sha1.Sum([]byte(inv.RequestID))
	pkgID := hex.EncodeToString(sum[:8])
	start := strconv.FormatInt(inv.Start.UnixMilli(), 10)
	duration := strconv.FormatFloat(inv.Duration, 'f', -1, 64)
	mem := strconv.FormatInt(inv.MemUsage, 10)
	status := strconv.FormatInt(StatusCode(inv), 10)
	retry := strconv.FormatUint(inv.RetryNum, 10)
	out := make([]LogRecord, 0, len(entries))
	for i, e := range entries {
		typ := "Custom"
		if e.platform {
			typ = "Platform"
		}
		logTime := strconv.FormatInt(e.time.UnixNano(), 10)
		full := []LogField{
			{keyFunctionName, inv.FunctionName}, {keyNamespace, inv.Namespace}, {keyStartTime, start},
			{keyLogTime, logTime}, {keyRequestID, inv.RequestID}, {keyDuration, duration}, {keyAlias, ""},
			{keyQualifier, "$LATEST"}, {keyMemUsage, mem}, {keyLevel, e.level}, {keyMessage, e.text},
			{keyType, typ}, {keyStatusCode, status}, {keyRetryNum, retry},
		}
		fields := full
		if simplified && !isReport(e) {
			fields = make([]LogField, 0, 10)
			for _, f := range full {
				switch f.Key {
				case keyDuration, keyMemUsage, keyLevel, keyStatusCode:
					continue
				case keyStartTime:
					if !e.platform {
						continue
					}
				}
				fields = append(fields, f)
			}
		}
		out = append(out, LogRecord{Time: e.time, Fields: fields, PkgID: pkgID, PkgLogID: int64(i)})
	}
	return out
}

func isReport(e logEntry) bool {
	return len(e.text) >= len("Report RequestId:") && e.text[:len("Report RequestId:")] == "Report RequestId:"
}
