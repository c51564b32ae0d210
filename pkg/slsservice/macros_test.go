package slsservice

import (
	"testing"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func tr(from, to time.Time) backend.TimeRange { return backend.TimeRange{From: from, To: to} }

func TestUnixRangeIsLeftClosedRightOpen(t *testing.T) {
	base := time.Unix(1700000000, 0)
	cases := []struct {
		name         string
		from, to     time.Time
		wantF, wantT int64
	}{
		{"whole seconds", base, base.Add(time.Hour), 1700000000, 1700003600},
		{"fractions widen outward", base.Add(300 * time.Millisecond), base.Add(10*time.Second + 1*time.Millisecond), 1700000000, 1700000011},
		{"sub-second range is widened", base.Add(100 * time.Millisecond), base.Add(200 * time.Millisecond), 1700000000, 1700000001},
		{"empty range is widened", base, base, 1700000000, 1700000001},
		{"before 1970 rounds down", time.Unix(-1, 500_000_000), time.Unix(0, 0), -1, 0},
	}
	for _, c := range cases {
		f, to := UnixRange(tr(c.from, c.to))
		assert.Equal(t, c.wantF, f, c.name)
		assert.Equal(t, c.wantT, to, c.name)
		assert.Less(t, f, to, c.name)
	}
}

func TestExpand(t *testing.T) {
	q := macroContext{TimeRange: tr(time.Unix(1700000000, 400_000_000), time.Unix(1700003600, 0)), Interval: 90 * time.Second}
	cases := map[string]string{
		"select count(*) from app-log where $__timeFilter":      "select count(*) from app-log where __time__ >= 1700000000 AND __time__ < 1700003600",
		"where $__timeFilter() and x":                           "where __time__ >= 1700000000 AND __time__ < 1700003600 and x",
		"where $__timeFilter(ts)":                               "where ts >= 1700000000 AND ts < 1700003600",
		"where $__timeFilter(__date__)":                         "where __date__ >= from_unixtime(1700000000) AND __date__ < from_unixtime(1700003600)",
		"select __time__ - __time__ % $__interval_s as t":       "select __time__ - __time__ % 90 as t",
		"$__timeFrom,$__timeTo,$__interval,$__interval_ms":      "1700000000,1700003600,90s,90000",
		"time_series(__time__, '$__interval', '%H:%i:%s', '0')": "time_series(__time__, '90s', '%H:%i:%s', '0')",
		"__time__ > ${__from:date:seconds} and ms < ${__to}":    "__time__ > 1700000000 and ms < 1700003600000",
		"no macros here": "no macros here",
	}
	for in, want := range cases {
		got, err := expandMacros(in, q)
		require.NoError(t, err, in)
		assert.Equal(t, want, got, in)
	}
}

func TestExpandIntervalAtLeastOneSecond(t *testing.T) {
	got, err := expandMacros("$__interval_s $__interval", macroContext{TimeRange: tr(time.Unix(0, 0), time.Unix(10, 0)), Interval: 20 * time.Millisecond})
	require.NoError(t, err)
	assert.Equal(t, "1 1s", got)
}

func TestSLSDuration(t *testing.T) {
	assert.Equal(t, "2m", slsDuration(2*time.Minute))
	assert.Equal(t, "1h", slsDuration(time.Hour))
	assert.Equal(t, "1d", slsDuration(24*time.Hour))
	assert.Equal(t, "45s", slsDuration(45*time.Second))
}

func TestExpandErrors(t *testing.T) {
	q := macroContext{TimeRange: tr(time.Unix(0, 0), time.Unix(10, 0))}
	_, err := expandMacros("where $__timeGroup(x)", q)
	assert.ErrorContains(t, err, "unknown macro $__timeGroup; supported macros are $__interval, $__interval_ms, $__interval_s, $__timeFilter, $__timeFrom, $__timeTo")
	_, err = expandMacros("where $__timeFilter(a, b)", q)
	assert.ErrorContains(t, err, "at most one column")
	_, err = expandMacros("where $__timeFilter(1; drop)", q)
	assert.ErrorContains(t, err, "must be a column name")
}

func TestHasTimeCondition(t *testing.T) {
	assert.True(t, HasTimeCondition("select 1 from a where $__timeFilter"))
	assert.True(t, HasTimeCondition("select 1 from a where __date__ > '2017-09-01 00:00:00'"))
	assert.True(t, HasTimeCondition("select 1 from a where __TIME__ > 5"))
	assert.False(t, HasTimeCondition("select count(*) from app-log"))
}
