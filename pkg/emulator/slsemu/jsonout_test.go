package slsemu

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
)

// appendMarshalledString writes what json.Marshal writes, HTML escapes
// included (GetLogsV2's meta keys are held to the map SLS's answer was
// marshalled from).
func TestAppendMarshalledStringIsJSONMarshal(t *testing.T) {
	for _, s := range []string{"", "count", "a<b", "x&y", "<>&", `q"uote`, `back\slash`, "tab\there", "é中", "\xff", "\u2028", "a<b\"c"} {
		want, _ := json.Marshal(s)
		assert.Equal(t, string(want), string(appendMarshalledString([]byte("["), s))[1:], "%q", s)
	}
}
