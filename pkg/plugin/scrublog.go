package plugin

import (
	"context"
	"fmt"

	"github.com/grafana/grafana-plugin-sdk-go/backend/log"
)

// logSecrets learns the secrets of every instance in the process: a log
// line (the plugin's own, or the SDK's "Partial data response error") is
// written outside any one instance.
var logSecrets = newScrubber(nil)

// ScrubLogs wraps base so that every line, at every level, has the
// secrets of every data source instance of the process redacted from its
// message and values. main installs it as the SDK's logger before serving.
func ScrubLogs(base log.Logger) log.Logger {
	return &scrubbingLogger{base: base, s: logSecrets}
}

type scrubbingLogger struct {
	base log.Logger
	s    *scrubber
}

func (l *scrubbingLogger) Debug(msg string, args ...any) {
	l.base.Debug(l.s.text(msg), l.args(args)...)
}
func (l *scrubbingLogger) Info(msg string, args ...any) {
	l.base.Info(l.s.text(msg), l.args(args)...)
}
func (l *scrubbingLogger) Warn(msg string, args ...any) {
	l.base.Warn(l.s.text(msg), l.args(args)...)
}
func (l *scrubbingLogger) Error(msg string, args ...any) {
	l.base.Error(l.s.text(msg), l.args(args)...)
}
func (l *scrubbingLogger) With(args ...any) log.Logger {
	return &scrubbingLogger{base: l.base.With(l.args(args)...), s: l.s}
}
func (l *scrubbingLogger) Level() log.Level { return l.base.Level() }
func (l *scrubbingLogger) FromContext(ctx context.Context) log.Logger {
	return &scrubbingLogger{base: l.base.FromContext(ctx), s: l.s}
}

// args scrubs the key/value list; a value that is not a plain number or
// bool is scrubbed as the text it would be logged as.
func (l *scrubbingLogger) args(args []any) []any {
	if len(args) == 0 || len(l.s.state.Load().secrets) == 0 {
		return args
	}
	out := make([]any, len(args))
	for i, a := range args {
		out[i] = l.value(a)
	}
	return out
}

func (l *scrubbingLogger) value(a any) any {
	switch v := a.(type) {
	case nil, bool, int, int32, int64, uint, uint32, uint64, float32, float64:
		return a
	case string:
		return l.s.text(v)
	case error:
		return l.s.err(v)
	case []byte:
		return l.s.bytes(v)
	}
	text := fmt.Sprint(a)
	if clean := l.s.text(text); clean != text {
		return clean
	}
	return a
}
