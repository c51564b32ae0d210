package lenient

import (
	"encoding/json"
	"testing"
)

// benchQuery is an SLS query as a panel sends it.
var benchQuery = []byte(`{"refId":"A","queryType":"slsSql","logstore":"nginx-access","query":"* | select __time__ - __time__ % 60 as t, count(*) as c group by t order by t limit 1000","limit":"500","reverse":true,"valueFields":"c","legendFormat":"{{host}}","datasource":{"type":"x","uid":"y"}}`)

type benchModel struct {
	QueryType    string     `json:"queryType"`
	Logstore     string     `json:"logstore"`
	Query        *string    `json:"query"`
	Limit        *Number    `json:"limit"`
	Reverse      *Bool      `json:"reverse"`
	ValueFields  StringList `json:"valueFields"`
	LegendFormat string     `json:"legendFormat"`
}

// BenchmarkDecodeQuery compares DecodeQuery with one json.Unmarshal of the
// same query, and times the field-by-field read of a query with a wrong type:
//
//	go test ./pkg/lenient -run '^$' -bench DecodeQuery -benchmem
func BenchmarkDecodeQuery(b *testing.B) {
	b.Run("decodeQuery", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			var m benchModel
			if err := DecodeQuery(benchQuery, &m); err != nil {
				b.Fatal(err)
			}
		}
	})
	wrong := []byte(`{"queryType":"slsSql","logstore":5,"query":"*","limit":"500"}`)
	b.Run("wrongType", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			var m benchModel
			if DecodeQuery(wrong, &m) == nil {
				b.Fatal("want an error")
			}
		}
	})
	b.Run("jsonUnmarshal", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			var m benchModel
			if err := json.Unmarshal(benchQuery, &m); err != nil {
				b.Fatal(err)
			}
		}
	})
}
