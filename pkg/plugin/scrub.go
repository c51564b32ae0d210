package plugin

import (
	"bytes"
	"errors"
	"net/http"
	"strings"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
	"github.com/grafana/grafana-plugin-sdk-go/data"
)

// scrubber removes secret values from anything that leaves the plugin. The
// clients never put secrets in messages on purpose; this is the safety net
// for vendor messages that echo a request back.
type scrubber struct {
	secrets  []string
	replacer *strings.Replacer
}

const redacted = "[redacted]"

func secretValues(is backend.DataSourceInstanceSettings) []string {
	var out []string
	for _, v := range is.DecryptedSecureJSONData {
		// Very short values would redact ordinary words; real keys are long.
		if len(strings.TrimSpace(v)) >= 4 {
			out = append(out, strings.TrimSpace(v))
		}
	}
	return out
}

func newScrubber(secrets []string) *scrubber {
	var pairs []string
	for _, s := range secrets {
		pairs = append(pairs, s, redacted)
	}
	return &scrubber{secrets: secrets, replacer: strings.NewReplacer(pairs...)}
}

func (s *scrubber) text(t string) string {
	if len(s.secrets) == 0 {
		return t
	}
	return s.replacer.Replace(t)
}

// err keeps the error chain (for errors.Is/As and its source) when there is
// nothing to scrub, and otherwise replaces the text.
func (s *scrubber) err(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	clean := s.text(msg)
	if clean == msg {
		return err
	}
	if backend.IsDownstreamError(err) {
		return backend.DownstreamError(errors.New(clean))
	}
	return errors.New(clean)
}

func (s *scrubber) frames(frames data.Frames) {
	for _, f := range frames {
		if f == nil || f.Meta == nil {
			continue
		}
		f.Meta.ExecutedQueryString = s.text(f.Meta.ExecutedQueryString)
		for i := range f.Meta.Notices {
			f.Meta.Notices[i].Text = s.text(f.Meta.Notices[i].Text)
		}
	}
}

// scrubResources scrubs resource response bodies.
func (d *Datasource) scrubResources(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := &bufferedResponse{header: http.Header{}, status: http.StatusOK}
		h.ServeHTTP(rec, r)
		for k, v := range rec.header {
			w.Header()[k] = v
		}
		body := []byte(d.scrub.text(rec.body.String()))
		w.Header().Del("Content-Length")
		w.WriteHeader(rec.status)
		_, _ = w.Write(body)
	})
}

type bufferedResponse struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (b *bufferedResponse) Header() http.Header         { return b.header }
func (b *bufferedResponse) Write(p []byte) (int, error) { return b.body.Write(p) }
func (b *bufferedResponse) WriteHeader(status int)      { b.status = status }
