package clsemu

import (
	"encoding/binary"
	"math"
	"strconv"
	"strings"
	"time"
)

// SQLite has no timestamp or boolean type, so the emulator's SQL carries
// them as tagged BLOBs: a timestamp is 'T' + its Unix ms (big-endian, sign
// flipped, so BLOB order is time order) and a boolean 'B' + 0/1. The
// output then knows their Presto types exactly; plain strings never
// collide with them.

// sqlZone renders and truncates timestamps: CLS shows SQL times in Beijing
// time (UTC+8, no daylight saving) [INFERRED].
var sqlZone = time.FixedZone("UTC+8", 8*3600)

const sqlTimeLayout = "2006-01-02 15:04:05.000"

func tsValue(ms int64) []byte {
	b := make([]byte, 9)
	b[0] = 'T'
	binary.BigEndian.PutUint64(b[1:], uint64(ms)^(1<<63))
	return b
}

func boolValue(v bool) []byte {
	if v {
		return []byte{'B', 1}
	}
	return []byte{'B', 0}
}

// asTimestamp reads a timestamp value.
func asTimestamp(v any) (int64, bool) {
	b, ok := v.([]byte)
	if !ok || len(b) != 9 || b[0] != 'T' {
		return 0, false
	}
	return int64(binary.BigEndian.Uint64(b[1:]) ^ (1 << 63)), true
}

func asBool(v any) (bool, bool) {
	b, ok := v.([]byte)
	if !ok || len(b) != 2 || b[0] != 'B' {
		return false, false
	}
	return b[1] == 1, true
}

func formatTS(ms int64) string { return time.UnixMilli(ms).In(sqlZone).Format(sqlTimeLayout) }

// parseTS reads a timestamp literal in Beijing time ("2024-01-02 03:04:05[.000]")
// or with a zone (RFC 3339).
func parseTS(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	for _, l := range []string{sqlTimeLayout, "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02"} {
		if t, err := time.ParseInLocation(l, s, sqlZone); err == nil {
			return t.UnixMilli(), true
		}
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.UnixMilli(), true
	}
	return 0, false
}

// javaDouble prints a double as Presto (Java's Double.toString) does:
// "2.5", "3.0", "1.0E7", "1.0E-4".
func javaDouble(f float64) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "Infinity"
	case math.IsInf(f, -1):
		return "-Infinity"
	case f == 0:
		if math.Signbit(f) {
			return "-0.0"
		}
		return "0.0"
	}
	if a := math.Abs(f); a >= 1e-3 && a < 1e7 {
		s := strconv.FormatFloat(f, 'f', -1, 64)
		if !strings.Contains(s, ".") {
			s += ".0"
		}
		return s
	}
	s := strconv.FormatFloat(f, 'E', -1, 64) // 1.234E+07
	mant, exp, _ := strings.Cut(s, "E")
	if !strings.Contains(mant, ".") {
		mant += ".0"
	}
	e, _ := strconv.Atoi(exp)
	return mant + "E" + strconv.Itoa(e)
}
