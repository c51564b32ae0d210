package tchttp

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStatusRecordedOnceBeforeTheAnswer(t *testing.T) {
	var seen []int
	rec := httptest.NewRecorder()
	w := &StatusWriter{ResponseWriter: rec, Record: func(s int) { seen = append(seen, s) }}
	w.WriteHeader(http.StatusTooManyRequests)
	_, _ = w.Write([]byte("x"))
	w.RecordOnce(0)
	assert.Equal(t, []int{http.StatusTooManyRequests}, seen)
}

func TestReadBodyLimit(t *testing.T) {
	b, err := ReadBody(httptest.NewRequest(http.MethodPost, "/", strings.NewReader("{}")))
	require.NoError(t, err)
	assert.Equal(t, "{}", string(b))
	_, err = ReadBody(httptest.NewRequest(http.MethodPost, "/", strings.NewReader(strings.Repeat("a", MaxBody+1))))
	assert.ErrorContains(t, err, "larger than")
}
