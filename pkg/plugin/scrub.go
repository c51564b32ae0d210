package plugin

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf16"

	"github.com/grafana/grafana-plugin-sdk-go/backend"
)

// scrubber removes secret values from anything that leaves the plugin. The
// clients never put secrets in messages on purpose; this is the safety net
// for vendor or gateway messages that echo a request back, and such echoes
// rarely hold a secret as it was sent: an STS token with "+/=" comes back
// URL-encoded (either hex case, "+" or "%20" for a space) or JSON-escaped
// ("\u002b", "\/", Go's "\u003c"). So each secret is matched in all those
// forms at once, character by character.
//
// Secrets can be added while the scrubber is in use (temporary credentials
// arrive at run time); readers never wait for that.
type scrubber struct {
	mu    sync.Mutex // serialises add
	state atomic.Pointer[scrubState]
	// parent, when set, learns every secret too: the process-wide scrubber
	// behind the log lines (scrublog.go).
	parent *scrubber
}

type scrubState struct {
	secrets []string
	re      *regexp.Regexp
	// anchors are the secrets' longest runs of characters no encoder
	// changes; text without any of them cannot hold a secret, so most
	// strings skip the regular expression. always is set when a secret has
	// no usable anchor.
	anchors []string
	always  bool
}

const redacted = "[redacted]"

// minSecretLen keeps very short values (which would redact ordinary words)
// out; real keys and tokens are long.
const minSecretLen = 4

func secretValues(is backend.DataSourceInstanceSettings) []string {
	var out []string
	for _, v := range is.DecryptedSecureJSONData {
		out = append(out, v)
	}
	return out
}

func newScrubber(secrets []string) *scrubber {
	s := &scrubber{}
	s.state.Store(&scrubState{})
	s.add(secrets...)
	return s
}

// newChildScrubber is a scrubber whose secrets also go to parent.
func newChildScrubber(parent *scrubber, secrets []string) *scrubber {
	s := &scrubber{parent: parent}
	s.state.Store(&scrubState{})
	s.add(secrets...)
	return s
}

// add makes the scrubber (and its parent) redact more secrets from now on.
// It is safe to call while other goroutines scrub.
func (s *scrubber) add(secrets ...string) {
	var fresh []string
	for _, v := range secrets {
		if v = strings.TrimSpace(v); len(v) >= minSecretLen {
			fresh = append(fresh, v)
		}
	}
	if len(fresh) == 0 {
		return
	}
	if s.parent != nil {
		s.parent.add(fresh...)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	old := s.state.Load()
	all := slices.Clone(old.secrets)
	for _, v := range fresh {
		if !slices.Contains(all, v) {
			all = append(all, v)
		}
	}
	if len(all) == len(old.secrets) {
		return
	}
	s.state.Store(compileSecrets(all))
}

func compileSecrets(secrets []string) *scrubState {
	// Longest first: where one secret contains another, the whole of the
	// longer one is redacted (the alternation takes the first that matches).
	slices.SortFunc(secrets, func(a, b string) int { return len(b) - len(a) })
	st := &scrubState{secrets: secrets}
	alts := make([]string, 0, len(secrets))
	for _, v := range secrets {
		alts = append(alts, secretPattern(v))
		a := anchor(v)
		if len(a) < 3 {
			st.always = true
		}
		st.anchors = append(st.anchors, a)
	}
	st.re = regexp.MustCompile(strings.Join(alts, "|"))
	return st
}

// plain characters are left alone by URL query and path escaping and by
// JSON encoders, so they are matched as themselves only.
func plain(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.' || r == '~'
}

func anchor(secret string) string {
	best, cur := "", 0
	for i, r := range secret {
		if !plain(r) {
			cur = i + len(string(r))
			continue
		}
		if end := i + 1; end-cur > len(best) {
			best = secret[cur:end]
		}
	}
	return best
}

// secretPattern matches secret with each non-plain character in any of its
// encodings: itself, percent-encoded (either hex case), JSON \uXXXX (either
// case) or a JSON short escape, and "+" for a space.
func secretPattern(secret string) string {
	var b strings.Builder
	b.WriteString("(?:")
	for _, r := range secret {
		if plain(r) {
			b.WriteString(regexp.QuoteMeta(string(r)))
			continue
		}
		alts := []string{regexp.QuoteMeta(string(r)), percentPattern(r), jsonPattern(r)}
		switch r {
		case ' ':
			alts = append(alts, `\+`)
		case '/':
			alts = append(alts, `\\/`)
		case '"':
			alts = append(alts, `\\"`)
		case '\\':
			alts = append(alts, `\\\\`)
		case '\t':
			alts = append(alts, `\\t`)
		case '\n':
			alts = append(alts, `\\n`)
		case '\r':
			alts = append(alts, `\\r`)
		}
		b.WriteString("(?:" + strings.Join(alts, "|") + ")")
	}
	b.WriteString(")")
	return b.String()
}

// hexPattern matches the hex digits of v (width digits) in either case.
func hexPattern(v uint32, width int) string {
	var b strings.Builder
	for i := width - 1; i >= 0; i-- {
		d := fmt.Sprintf("%x", (v>>(4*i))&0xf)
		if up := strings.ToUpper(d); up != d {
			b.WriteString("[" + d + up + "]")
		} else {
			b.WriteString(d)
		}
	}
	return b.String()
}

func percentPattern(r rune) string {
	var b strings.Builder
	for _, c := range []byte(string(r)) {
		b.WriteString("%" + hexPattern(uint32(c), 2))
	}
	return b.String()
}

func jsonPattern(r rune) string {
	if r <= 0xffff {
		return `\\u` + hexPattern(uint32(r), 4)
	}
	hi, lo := utf16.EncodeRune(r)
	return `\\u` + hexPattern(uint32(hi), 4) + `\\u` + hexPattern(uint32(lo), 4)
}

// text is t with every secret, in any of its forms, redacted.
func (s *scrubber) text(t string) string {
	st := s.state.Load()
	if len(st.secrets) == 0 || !st.mayHold(t) {
		return t
	}
	return st.re.ReplaceAllLiteralString(t, redacted)
}

func (st *scrubState) mayHold(t string) bool {
	if st.always {
		return true
	}
	for _, a := range st.anchors {
		if strings.Contains(t, a) {
			return true
		}
	}
	return false
}

// bytes is text for a body.
func (s *scrubber) bytes(b []byte) []byte {
	st := s.state.Load()
	if len(st.secrets) == 0 {
		return b
	}
	if !st.always {
		found := false
		for _, a := range st.anchors {
			if bytes.Contains(b, []byte(a)) {
				found = true
				break
			}
		}
		if !found {
			return b
		}
	}
	return st.re.ReplaceAllLiteral(b, []byte(redacted))
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
