package slsemu

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The dense logstore holds exactly DenseLogs lines in the hour before Now,
// paged like any logstore, and leaves the demo logstores as they were.
func TestDenseLogstoreHoldsItsLinesInTheLastHour(t *testing.T) {
	plain := newEnv(t, Config{Logs: 2_000, Days: 1})
	e := newEnv(t, Config{Logs: 2_000, Days: 1, DenseLogs: 5_000})
	now := testNow.Unix()

	ls := e.srv.stores[DenseLogstore]
	require.NotNil(t, ls)
	require.Len(t, ls.recs, 5_000)
	assert.Equal(t, now-3600, ls.recs[0].time)
	assert.Less(t, ls.recs[len(ls.recs)-1].time, now)
	assert.NotContains(t, plain.srv.Logstores(), DenseLogstore)
	for _, name := range plain.srv.Logstores() {
		assert.Len(t, e.srv.stores[name].recs, len(plain.srv.stores[name].recs), "demo logstore %s unchanged", name)
	}

	var page []map[string]string
	e.do(t, "/logstores/"+DenseLogstore, logsQuery(now-3600, now, "", "line", "100", "offset", "4950")).ok(t, &page)
	assert.Len(t, page, 50, "the last page of 5,000")
	assert.NotEmpty(t, page[0]["request_uri"])
}
