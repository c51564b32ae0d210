package plugin

import (
	"bytes"
	"encoding/json"
	"net/http"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/logbridge/cloudlogs/pkg/frames"
)

// frames scrubs what a frame can carry back from a vendor: its name, the
// executed query string and notices, and every field's name, labels,
// display name and text values (string and JSON fields). Numbers and times
// cannot hold a secret.
func (s *scrubber) frames(fs data.Frames) {
	if len(s.state.Load().secrets) == 0 {
		return
	}
	for _, f := range fs {
		if f == nil {
			continue
		}
		f.Name = s.text(f.Name)
		if f.Meta != nil {
			f.Meta.ExecutedQueryString = s.text(f.Meta.ExecutedQueryString)
			for i := range f.Meta.Notices {
				f.Meta.Notices[i].Text = s.text(f.Meta.Notices[i].Text)
			}
		}
		// A large answer is scrubbed after its last page arrived: its
		// fields are scrubbed at once.
		frames.EachField(len(f.Fields), f.Rows(), func(i int) { s.field(f.Fields[i]) })
	}
}

func (s *scrubber) field(f *data.Field) {
	if f == nil {
		return
	}
	f.Name = s.text(f.Name)
	for k, v := range f.Labels {
		f.Labels[k] = s.text(v)
	}
	if f.Config != nil {
		f.Config.DisplayName = s.text(f.Config.DisplayName)
		f.Config.DisplayNameFromDS = s.text(f.Config.DisplayNameFromDS)
	}
	// PointerAt reaches each value where the field keeps it, without the
	// allocation At makes to box a string into an interface.
	n := f.Len()
	switch f.Type() {
	case data.FieldTypeString:
		for i := range n {
			if v := f.PointerAt(i).(*string); v != nil {
				*v = s.text(*v)
			}
		}
	case data.FieldTypeNullableString:
		for i := range n {
			if v := f.PointerAt(i).(**string); *v != nil {
				if c := s.text(**v); c != **v {
					*v = &c
				}
			}
		}
	case data.FieldTypeJSON:
		// Lines may share the very same labels bytes (an SCF run's lines
		// do): each is read once, and every line holding them gets the
		// same scrubbed copy.
		var seen, clean json.RawMessage
		for i := range n {
			v := f.PointerAt(i).(*json.RawMessage)
			if i == 0 || !frames.SameBytes(*v, seen) {
				seen, clean = *v, s.bytes(*v)
				if bytes.Equal(clean, seen) {
					clean = seen // nothing scrubbed: the line keeps its bytes
				}
			}
			if !frames.SameBytes(clean, *v) {
				*v = clean
			}
		}
	case data.FieldTypeNullableJSON:
		for i := range n {
			if v := f.PointerAt(i).(**json.RawMessage); *v != nil {
				if c := json.RawMessage(s.bytes(**v)); !bytes.Equal(c, **v) {
					*v = &c
				}
			}
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
		body := d.scrub.bytes(rec.body.Bytes())
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
