package plugin

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/backend/log"
	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/frames"
	"github.com/logbridge/cloudlogs/pkg/service"
)

// A temporary token as STS hands them out, with the characters every
// encoder treats differently.
const leakyToken = "STS.Tok+en/with=signs&<more> and+/=="

var hexEscape = regexp.MustCompile(`%[0-9A-F]{2}`)

// tokenForms is every way a secret comes back in an echo: as sent, URL
// encoded for a query ("+" for a space) or a path ("%20"), in either hex
// case, and JSON-escaped by Go (HTML-safe), by PHP ("\/") and by encoders
// that write every symbol as \u00XX (either case).
func tokenForms(secret string) map[string]string {
	lower := func(s string) string {
		return hexEscape.ReplaceAllStringFunc(s, strings.ToLower)
	}
	goJSON, _ := json.Marshal(secret)
	var uEsc, uEscUpper strings.Builder
	for _, r := range secret {
		if r < 128 && !plain(r) {
			fmt.Fprintf(&uEsc, `\u%04x`, r)
			fmt.Fprintf(&uEscUpper, `\u%04X`, r)
		} else {
			uEsc.WriteRune(r)
			uEscUpper.WriteRune(r)
		}
	}
	strict := strings.ReplaceAll(url.QueryEscape(secret), "+", "%20")
	return map[string]string{
		"raw":                  secret,
		"query escape":         url.QueryEscape(secret),
		"query escape, a-f":    lower(url.QueryEscape(secret)),
		"path escape":          url.PathEscape(secret),
		"path escape, a-f":     lower(url.PathEscape(secret)),
		"component escape":     strict,
		"Go JSON":              strings.Trim(string(goJSON), `"`),
		"PHP JSON":             strings.ReplaceAll(secret, "/", `\/`),
		`\u00xx JSON`:          uEsc.String(),
		`\u00XX JSON`:          uEscUpper.String(),
		"Go JSON of the query": strings.Trim(mustJSON(url.QueryEscape(secret)), `"`),
	}
}

func mustJSON(s string) string { b, _ := json.Marshal(s); return string(b) }

// hits counts the forms of secret found in text.
func hits(text, secret string) []string {
	var found []string
	for name, form := range tokenForms(secret) {
		if strings.Contains(text, form) {
			found = append(found, name)
		}
	}
	return found
}

func TestScrubberRedactsEveryEncodingOfASecret(t *testing.T) {
	s := newScrubber([]string{leakyToken, "other-secret-key"})
	for name, form := range tokenForms(leakyToken) {
		got := s.text("gateway said: Token=" + form + "&x=1 (other-secret-key)")
		assert.Equal(t, "gateway said: Token=[redacted]&x=1 ([redacted])", got, name)
		assert.Empty(t, hits(got, leakyToken), name)
	}
	assert.Equal(t, "nothing to see", s.text("nothing to see"))
	// Short values would redact ordinary words.
	assert.Equal(t, "abc", newScrubber([]string{"abc"}).text("abc"))
}

func TestScrubberLearnsSecretsWhileInUse(t *testing.T) {
	parent := newScrubber(nil)
	s := newChildScrubber(parent, []string{"first-secret"})
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			tok := fmt.Sprintf("temp/token+%d==", i)
			s.add(tok)
			for j := 0; j < 50; j++ {
				_ = s.text("x " + tok + " first-secret")
			}
			assert.Equal(t, "x [redacted]", s.text("x "+url.QueryEscape(tok)))
		}(i)
	}
	wg.Wait()
	assert.Equal(t, "[redacted] [redacted]", parent.text("temp%2Ftoken%2B3%3D%3D first-secret"), "the parent learns every secret")
}

func TestScrubberCleansFramesErrorsAndKeepsTheSource(t *testing.T) {
	s := newScrubber([]string{leakyToken})
	enc := url.QueryEscape(leakyToken)
	ptr := "p " + enc
	raw := json.RawMessage(mustJSON("j " + leakyToken))
	f := data.NewFrame("frame "+enc,
		data.NewField("name "+enc, data.Labels{"l": enc}, []string{"v " + enc, "clean"}),
		data.NewField("p", nil, []*string{&ptr, nil}),
		data.NewField("j", nil, []json.RawMessage{raw, json.RawMessage(`{}`)}),
	).SetMeta(&data.FrameMeta{ExecutedQueryString: "GET ?Token=" + enc, Notices: []data.Notice{{Text: "n " + leakyToken}},
		Custom: &service.FrameCustom{Partial: []service.Partial{{Cause: service.PartialDeadline, Message: "n " + leakyToken}}}})
	f.Fields[0].Config = &data.FieldConfig{DisplayNameFromDS: enc}
	s.frames(data.Frames{f}, nil)
	b, err := json.Marshal(f)
	require.NoError(t, err)
	assert.Empty(t, hits(string(b), leakyToken), string(b))
	assert.Equal(t, "v [redacted]", f.Fields[0].At(0))
	assert.Equal(t, "p [redacted]", *f.Fields[1].At(0).(*string))
	assert.Equal(t, "n [redacted]", f.Meta.Custom.(*service.FrameCustom).Partial[0].Message)

	err = s.err(backend.DownstreamError(errors.New("echo " + strings.ReplaceAll(leakyToken, "/", `\/`))))
	assert.Equal(t, "echo [redacted]", err.Error())
	assert.True(t, backend.IsDownstreamError(err))
}

// capturedLog is the SDK's Logger interface writing into a buffer.
type capturedLog struct {
	mu    *sync.Mutex
	lines *[]string
	with  []any
}

func (c capturedLog) write(level, msg string, args []any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	*c.lines = append(*c.lines, fmt.Sprint(level, " ", msg, " ", append(append([]any{}, c.with...), args...)))
}
func (c capturedLog) Debug(msg string, args ...any) { c.write("debug", msg, args) }
func (c capturedLog) Info(msg string, args ...any)  { c.write("info", msg, args) }
func (c capturedLog) Warn(msg string, args ...any)  { c.write("warn", msg, args) }
func (c capturedLog) Error(msg string, args ...any) { c.write("error", msg, args) }
func (c capturedLog) With(args ...any) log.Logger {
	c.with = append(append([]any{}, c.with...), args...)
	return c
}
func (c capturedLog) Level() log.Level                       { return log.Debug }
func (c capturedLog) FromContext(context.Context) log.Logger { return c }

func TestLogLinesAreScrubbedAtEveryLevel(t *testing.T) {
	var lines []string
	logger := ScrubLogs(capturedLog{mu: &sync.Mutex{}, lines: &lines})
	// An instance's secrets reach the log scrubber when it is created.
	secure := map[string]string{"sessionToken": leakyToken}
	_, err := NewDatasource(context.Background(), backend.DataSourceInstanceSettings{JSONData: []byte(`{"service":"cls"}`), DecryptedSecureJSONData: secure})
	require.NoError(t, err)
	enc := url.QueryEscape(leakyToken)
	logger.Debug("d "+enc, "url", "https://x/?Token="+enc)
	logger.Info("i", "err", errors.New("echo "+leakyToken))
	logger.With("k", enc).Warn("w", "stringer", url.Values{"Token": {leakyToken}})
	logger.FromContext(context.Background()).Error("Partial data response error", "error", fmt.Errorf("wrapped: %w", errors.New(enc)), "bytes", []byte(leakyToken), "n", 3)
	require.Len(t, lines, 4)
	for _, l := range lines {
		assert.Empty(t, hits(l, leakyToken), l)
		assert.Contains(t, l, redacted)
	}
}

// A large frame (its fields scrubbed at once) whose lines share labels
// bytes, as an SCF run's lines do: every line holding a leaky labels object
// gets the scrubbed one, and lines with clean labels keep their own bytes.
func TestScrubberCleansSharedLabelsOfALargeFrame(t *testing.T) {
	s := newScrubber([]string{leakyToken})
	rows := frames.ParallelRows + 3
	leaky := json.RawMessage(mustJSON("token " + leakyToken))
	clean := json.RawMessage(`{"requestId":"r1"}`)
	labels := make([]json.RawMessage, rows)
	bodies := make([]string, rows)
	for i := range rows {
		labels[i], bodies[i] = clean, "line"
		if i/4%2 == 1 {
			labels[i] = leaky
		}
	}
	bodies[rows-1] = "echo " + leakyToken
	f := data.NewFrame("f", data.NewField("body", nil, bodies), data.NewField("labels", nil, labels))
	s.frames(data.Frames{f}, nil)
	for i := range rows {
		got := *f.Fields[1].PointerAt(i).(*json.RawMessage)
		if i/4%2 == 1 {
			require.Equal(t, `"token [redacted]"`, string(got), "line %d", i)
		} else {
			require.True(t, frames.SameBytes(got, clean), "line %d keeps its labels' bytes", i)
		}
	}
	assert.Equal(t, "echo [redacted]", f.Fields[0].At(rows-1))
	assert.Equal(t, "line", f.Fields[0].At(0))
}
