package clsemu

import (
	"strconv"
	"strings"
)

// parseNumber reads a long/double field's value; a value that is not a
// number is not indexed as one, so numeric conditions skip it.
func parseNumber(v string) (float64, bool) {
	f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	return f, err == nil
}
