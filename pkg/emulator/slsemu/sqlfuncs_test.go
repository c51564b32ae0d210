package slsemu

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestMySQLFormat(t *testing.T) {
	ts := time.Date(2024, 3, 5, 14, 7, 9, 123456000, time.UTC)
	assert.Equal(t, "2024-03-05 14:07:09", mysqlFormat(ts, "%Y-%m-%d %H:%i:%s"))
	assert.Equal(t, "24/3/5 02:07 PM Tue Mar 065", mysqlFormat(ts, "%y/%c/%e %h:%i %p %a %b %j"))
	assert.Equal(t, "14:07:09.123456 100%", mysqlFormat(ts, "%T.%f 100%%"))
}

func TestFormatSQLValue(t *testing.T) {
	assert.Equal(t, "null", formatSQLValue(nil))
	assert.Equal(t, "42", formatSQLValue(int64(42)))
	assert.Equal(t, "10.0", formatSQLValue(10.0))
	assert.Equal(t, "0.25", formatSQLValue(0.25))
	assert.Equal(t, "abc", formatSQLValue([]byte("abc")))
}

func TestInferType(t *testing.T) {
	assert.Equal(t, typeLong, inferType("200"))
	assert.Equal(t, typeLong, inferType("-7"))
	assert.Equal(t, typeDouble, inferType("0.125"))
	assert.Equal(t, typeText, inferType("007"), "leading zeros are text (ids, codes)")
	assert.Equal(t, typeText, inferType("1e5"), "exponents are text (hex ids look like them)")
	assert.Equal(t, typeText, inferType("10.0.0.1"))
	assert.Equal(t, typeText, inferType(""))
}

func TestSQLTimeSeriesFunction(t *testing.T) {
	e := fixtureEnv(t)
	rows := sqlRows(t, e, "web", fixtureBase, fixtureBase+20, "* | select time_series(__time__, '10s', '%H:%i:%s', '0') as w, count(1) as c group by w order by w")
	var total int
	for _, r := range rows {
		assert.Regexp(t, `^\d\d:\d\d:\d0$`, r["w"])
		total += atoiT(t, r["c"])
	}
	assert.Equal(t, 20, total)
	assert.Len(t, rows, 3, "20 s starting mid-window span three 10 s windows")
	msg := e.do(t, "/logstores/web", logsQuery(fixtureBase, fixtureBase+20, "* | select time_series(__time__, 'soon', '%H', '0')")).fails(t, 400, "InvalidQueryString")
	assert.Contains(t, msg, "time_series window")
}
