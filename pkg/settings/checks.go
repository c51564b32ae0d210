package settings

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"unicode"

	"github.com/logbridge/cloudlogs/pkg/lenient"
)

// Bounds of requestsPerSecond: SCF publishes 5 a second per account. Below
// 0.1 every query would stall on its first pages; above 1000 the pacing
// would be off in all but name.
const (
	MinRequestsPerSecond = 0.1
	MaxRequestsPerSecond = 1000
)

// controlCharErrors names every text setting holding a control character
// (CR, LF, NUL, any unicode.IsControl) inside its value; blanks around a
// value are trimmed as everywhere else. Every text setting ends up in an
// HTTP header, a host name, a path or a signature, where such a character
// either splits the request or makes Go refuse to send it, which would
// otherwise surface as a network failure. All top-level jsonData texts are
// checked, so settings added later are covered too; of secureJsonData all
// but Grafana's own TLS fields (PEM text spans lines), and a secret's value
// is never shown.
func controlCharErrors(jsonData []byte, secure map[string]string) []error {
	var errs []error
	var fields map[string]any
	if json.Unmarshal(jsonData, &fields) == nil {
		for _, name := range sortedKeys(fields) {
			if v, ok := fields[name].(string); ok {
				if err := controlCharError("jsonData."+name, v, false); err != nil {
					errs = append(errs, err)
				}
			}
		}
	}
	for _, name := range sortedKeys(secure) {
		if strings.HasPrefix(name, "tls") {
			continue
		}
		if err := controlCharError("secureJsonData."+name, secure[name], true); err != nil {
			errs = append(errs, err)
		}
	}
	return errs
}

func controlCharError(field, value string, secret bool) error {
	v := strings.TrimSpace(value)
	i := strings.IndexFunc(v, unicode.IsControl)
	if i < 0 {
		return nil
	}
	r := []rune(v[i:])[0]
	at := len([]rune(v[:i])) + 1
	given := fmt.Sprintf(" (%q)", v)
	if secret {
		given = "" // the position is enough to find it; the value is secret
	}
	return fmt.Errorf("settings: %s has a control character (%s) at character %d%s; remove it — "+
		"this value is sent in HTTP headers, host names or paths, where line breaks and other control characters are not allowed (re-paste it without the line break)",
		field, controlName(r), at, given)
}

func controlName(r rune) string {
	switch r {
	case '\r':
		return "carriage return, U+000D"
	case '\n':
		return "line feed, U+000A"
	case 0:
		return "NUL, U+0000"
	case '\t':
		return "tab, U+0009"
	}
	return fmt.Sprintf("U+%04X", r)
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// requestsPerSecond reads jsonData.requestsPerSecond: a finite number from
// MinRequestsPerSecond to MaxRequestsPerSecond (NaN would turn pacing off,
// 1e-9 would stall every query).
func requestsPerSecond(v *lenient.Number) (float64, error) {
	if v == nil {
		return DefaultSCFRequestsPerSec, nil
	}
	f := float64(*v)
	if !v.Finite() || f < MinRequestsPerSecond || f > MaxRequestsPerSecond {
		return 0, fmt.Errorf("settings: requestsPerSecond must be a number from %g to %d (SCF allows %d a second per account, shared by the data sources using the same SecretId and region in this Grafana; divide by the number of Grafana replicas), got %v",
			MinRequestsPerSecond, MaxRequestsPerSecond, DefaultSCFRequestsPerSec, f)
	}
	return f, nil
}
