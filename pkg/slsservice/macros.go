package slsservice

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	sdkmacros "github.com/grafana/grafana-plugin-sdk-go/experimental/macros"
)

// macroContext is what macros expand against.
type macroContext struct {
	TimeRange backend.TimeRange
	// Interval is the panel's point spacing (backend.DataQuery.Interval).
	Interval time.Duration
}

var macroPattern = regexp.MustCompile(`\$__(\w+)(?:\(([^)]*)\))?`)

type expander func(q macroContext, args []string) (string, error)

var expanders = map[string]expander{
	"timeFilter":  timeFilter,
	"timeFrom":    func(q macroContext, _ []string) (string, error) { f, _ := UnixRange(q.TimeRange); return itoa(f), nil },
	"timeTo":      func(q macroContext, _ []string) (string, error) { _, t := UnixRange(q.TimeRange); return itoa(t), nil },
	"interval":    func(q macroContext, _ []string) (string, error) { return slsDuration(interval(q)), nil },
	"interval_s":  func(q macroContext, _ []string) (string, error) { return itoa(int64(interval(q) / time.Second)), nil },
	"interval_ms": func(q macroContext, _ []string) (string, error) { return itoa(interval(q).Milliseconds()), nil },
}

// macroNames lists the supported macros, for error messages and the editor.
func macroNames() []string {
	out := make([]string, 0, len(expanders))
	for k := range expanders {
		out = append(out, "$__"+k)
	}
	sort.Strings(out)
	return out
}

// expandMacros replaces the time macros in an SLS query:
//
//	$__timeFilter         __time__ >= <from> AND __time__ < <to>
//	$__timeFilter(col)    col >= <from> AND col < <to> (col holds Unix seconds)
//	$__timeFilter(__date__)  the same on the timestamp column, via from_unixtime
//	$__timeFrom, $__timeTo   <from>, <to> (Unix seconds, [from, to) as UnixRange)
//	$__interval           the panel interval as SLS durations read it (30s, 1m)
//	$__interval_s/_ms     the panel interval in whole seconds / milliseconds
//
// plus Grafana's ${__from} and ${__to} (with their :date formats) through the
// SDK's experimental/macros. An unknown $__name is an error, not text sent on.
func expandMacros(sql string, q macroContext) (string, error) {
	var firstErr error
	out := macroPattern.ReplaceAllStringFunc(sql, func(m string) string {
		parts := macroPattern.FindStringSubmatch(m)
		name := parts[1]
		fn, ok := expanders[name]
		if !ok {
			if firstErr == nil {
				firstErr = fmt.Errorf("unknown macro $__%s; supported macros are %s", name, strings.Join(macroNames(), ", "))
			}
			return m
		}
		var args []string
		if strings.TrimSpace(parts[2]) != "" {
			for _, a := range strings.Split(parts[2], ",") {
				args = append(args, strings.TrimSpace(a))
			}
		}
		s, err := fn(q, args)
		if err != nil && firstErr == nil {
			firstErr = err
		}
		return s
	})
	if firstErr != nil {
		return "", firstErr
	}
	// Grafana's ${__from:date:seconds} is not known to the SDK's formatter.
	from, to := UnixRange(q.TimeRange)
	out = strings.NewReplacer("${__from:date:seconds}", itoa(from), "${__to:date:seconds}", itoa(to)).Replace(out)
	out, err := sdkmacros.ApplyMacros(out, q.TimeRange, backend.PluginContext{})
	if err != nil {
		return "", fmt.Errorf("expanding ${__from}/${__to}: %w", err)
	}
	return out, nil
}

var identifier = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$|^"[^"]+"$`)

func timeFilter(q macroContext, args []string) (string, error) {
	from, to := UnixRange(q.TimeRange)
	col := "__time__"
	switch len(args) {
	case 0:
	case 1:
		col = args[0]
		if !identifier.MatchString(col) {
			return "", fmt.Errorf("$__timeFilter(%s): the argument must be a column name such as __time__", col)
		}
	default:
		return "", fmt.Errorf("$__timeFilter takes at most one column name, got %d arguments", len(args))
	}
	if col == "__date__" {
		return fmt.Sprintf("__date__ >= from_unixtime(%d) AND __date__ < from_unixtime(%d)", from, to), nil
	}
	return fmt.Sprintf("%s >= %d AND %s < %d", col, from, col, to), nil
}

// interval is the panel interval in whole seconds, at least one second
// (SLS times have second precision).
func interval(q macroContext) time.Duration {
	d := q.Interval.Truncate(time.Second)
	if d < time.Second {
		d = time.Second
	}
	return d
}

var timeCondition = regexp.MustCompile(`(?i)\$__timeFilter|\$__timeFrom|\$__timeTo|\$\{__from|\$\{__to|__time__|__date__`)

// HasTimeCondition reports whether a project SQL bounds time, either through
// a macro or by naming __time__ or __date__; GetProjectLogs has no from/to
// parameters, so without one it would scan the whole logstore.
func HasTimeCondition(sql string) bool {
	return timeCondition.MatchString(sql)
}

// slsDuration writes d in the single-unit form SLS functions such as
// time_series take ('30s', '5m', '1h', '1d'), the largest unit that divides d.
func slsDuration(d time.Duration) string {
	s := int64(d / time.Second)
	for _, u := range []struct {
		secs int64
		unit string
	}{{86400, "d"}, {3600, "h"}, {60, "m"}} {
		if s%u.secs == 0 {
			return itoa(s/u.secs) + u.unit
		}
	}
	return itoa(s) + "s"
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
