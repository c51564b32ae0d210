package plugin

import (
	"bytes"
	"encoding/json"
	"net/http"

	"github.com/grafana/grafana-plugin-sdk-go/data"

	"github.com/logbridge/cloudlogs/pkg/frames"
	"github.com/logbridge/cloudlogs/pkg/service"
)

// frames scrubs what a frame can carry back from a vendor: its name, the
// executed query string, notices and partial flags, and every field's
// name, labels, display name and text values (string and JSON fields).
// Numbers and times cannot hold a secret. The values of a field for which scrubbed says so
// were scrubbed before (page by page, lineWork) and are not read again.
func (s *scrubber) frames(fs data.Frames, scrubbed func(*data.Field) bool) {
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
			// The partial flags repeat their notices' texts for machines.
			if c, ok := f.Meta.Custom.(*service.FrameCustom); ok {
				for i := range c.Partial {
					c.Partial[i].Message = s.text(c.Partial[i].Message)
				}
			}
		}
		// A large answer is scrubbed after its last page arrived: its
		// fields are scrubbed at once.
		frames.EachField(len(f.Fields), f.Rows(), func(i int) {
			fld := f.Fields[i]
			s.field(fld, scrubbed != nil && fld != nil && scrubbed(fld))
		})
	}
}

// strings scrubs vs in place.
func (s *scrubber) strings(vs []string) {
	if len(s.state.Load().secrets) == 0 {
		return
	}
	for i, v := range vs {
		vs[i] = s.text(v)
	}
}

// rawJSONs scrubs vs in place.
func (s *scrubber) rawJSONs(vs []json.RawMessage) {
	if len(s.state.Load().secrets) == 0 {
		return
	}
	var last lastJSON
	for i := range vs {
		s.sharedJSON(&vs[i], &last)
	}
}

// lastJSON is the JSON value sharedJSON read last, and what it became.
type lastJSON struct {
	read        bool
	seen, clean json.RawMessage
}

// sharedJSON scrubs one of a run of JSON values in place. Values may share
// the very same bytes (an SCF run's lines share its labels): each is read
// once, and every value holding them gets the same scrubbed copy.
func (s *scrubber) sharedJSON(v *json.RawMessage, last *lastJSON) {
	if !last.read || !frames.SameBytes(*v, last.seen) {
		last.read, last.seen, last.clean = true, *v, s.bytes(*v)
		if bytes.Equal(last.clean, last.seen) {
			last.clean = last.seen // nothing scrubbed: the value keeps its bytes
		}
	}
	if !frames.SameBytes(last.clean, *v) {
		*v = last.clean
	}
}

// field scrubs a field's names and, unless valuesScrubbed, its values.
func (s *scrubber) field(f *data.Field, valuesScrubbed bool) {
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
	if valuesScrubbed {
		return
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
		var last lastJSON
		for i := range n {
			s.sharedJSON(f.PointerAt(i).(*json.RawMessage), &last)
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
