package sts

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logbridge/cloudlogs/pkg/emulator/stsemu"
	"github.com/logbridge/cloudlogs/pkg/redirect"
)

// An STS endpoint that redirects must not receive the signed query at the
// place it points to, for either vendor, even with a client that would
// follow redirects (http.DefaultClient, as when none is given).
func TestSTSRedirectsAreNotFollowed(t *testing.T) {
	var reached atomic.Int64
	target := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { reached.Add(1) }))
	defer target.Close()
	redirecting := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, target.URL+"/collect", http.StatusFound)
	}))
	defer redirecting.Close()
	u, _ := url.Parse(redirecting.URL)

	_, errA := AlibabaAssumeRole(alibabaConfig(u, stsemu.DemoAlibabaRoleArn))(context.Background())
	_, errT := TencentAssumeRole(tencentConfig(u, stsemu.DemoTencentRoleArn))(context.Background())
	for _, err := range []error{errA, errT} {
		var re *redirect.Error
		require.ErrorAs(t, err, &re)
		assert.Equal(t, target.URL+"/collect", re.Location)
	}
	assert.Zero(t, reached.Load(), "the signed request reached the redirect's target")
}
