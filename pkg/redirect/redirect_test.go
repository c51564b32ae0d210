package redirect

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func answer(t *testing.T, status int, location string) *http.Response {
	t.Helper()
	reqURL, err := url.Parse("https://demo.cn-hangzhou.log.aliyuncs.com/logstores/app?x=1")
	require.NoError(t, err)
	h := http.Header{}
	if location != "" {
		h.Set("Location", location)
	}
	return &http.Response{StatusCode: status, Header: h, Request: &http.Request{URL: reqURL}}
}

func TestCheckNamesTheLocationWithoutWhatMayHoldCredentials(t *testing.T) {
	cases := []struct {
		status   int
		location string
		want     string
	}{
		{http.StatusFound, "http://user:pass@evil.example:8080/collect?Token=abc#frag", "http://evil.example:8080/collect"},
		{http.StatusTemporaryRedirect, "/elsewhere?Signature=x", "https://demo.cn-hangzhou.log.aliyuncs.com/elsewhere"},
		{http.StatusMovedPermanently, "other", "https://demo.cn-hangzhou.log.aliyuncs.com/logstores/other"},
		{http.StatusNotModified, "", ""},
	}
	for _, c := range cases {
		err := Check("SLS", answer(t, c.status, c.location))
		var re *Error
		require.True(t, errors.As(err, &re), c.location)
		assert.Equal(t, c.want, re.Location)
		assert.Equal(t, c.status, re.HTTPStatus)
		assert.Equal(t, http.StatusBadGateway, re.Status())
		assert.NotContains(t, err.Error(), "pass")
		assert.NotContains(t, err.Error(), "Token")
		assert.NotContains(t, err.Error(), "Signature")
		if c.want != "" {
			assert.Contains(t, err.Error(), "SLS endpoint answered HTTP "+itoa(c.status))
			assert.Contains(t, err.Error(), "redirecting to "+c.want+";")
		} else {
			assert.Contains(t, err.Error(), "redirecting without a Location")
		}
	}
	for _, ok := range []int{200, 204, 400, 500} {
		assert.NoError(t, Check("SLS", answer(t, ok, "http://x/")))
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// Guard follows nothing and leaves the client it was given as it was.
func TestGuardFollowsNoRedirect(t *testing.T) {
	var reached int
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { reached++ }))
	defer target.Close()
	srv := httptest.NewServer(http.RedirectHandler(target.URL, http.StatusFound))
	defer srv.Close()
	base := &http.Client{}
	resp, err := Guard(base).Get(srv.URL)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusFound, resp.StatusCode)
	assert.Zero(t, reached)
	assert.Nil(t, base.CheckRedirect)
	assert.NotNil(t, Guard(nil).CheckRedirect)
}
