package slsservice

import (
	"github.com/logbridge/cloudlogs/pkg/frames"
	"github.com/logbridge/cloudlogs/pkg/sls"
)

// StringTableOf lays SQL result rows out as a table: columns in the order
// SLS sent them (the select list), extra keys of later rows appended, and
// missing or null cells as nil.
func StringTableOf(rows []sls.Log) frames.StringTable {
	index := map[string]int{}
	var t frames.StringTable
	for _, row := range rows {
		for _, f := range row {
			if _, ok := index[f.Key]; !ok {
				index[f.Key] = len(t.Columns)
				t.Columns = append(t.Columns, f.Key)
			}
		}
	}
	t.Rows = make([][]*string, len(rows))
	for r, row := range rows {
		cells := make([]*string, len(t.Columns))
		for _, f := range row {
			if !f.Null {
				v := f.Value
				cells[index[f.Key]] = &v
			}
		}
		t.Rows[r] = cells
	}
	return t
}
