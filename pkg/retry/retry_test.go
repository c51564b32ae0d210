package retry

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Full jitter: every wait lies in [0, min(Max, Initial·2ⁿ⁻¹)] and they
// spread over the whole range, not only its upper half.
func TestBackoffIsCappedExponentialWithFullJitter(t *testing.T) {
	p := Policy{Initial: 100 * time.Millisecond, Max: 350 * time.Millisecond}
	for n, ceiling := range map[int]time.Duration{1: 100 * time.Millisecond, 2: 200 * time.Millisecond, 3: 350 * time.Millisecond, 9: 350 * time.Millisecond} {
		low := false
		for range 500 {
			d := p.Backoff(n)
			require.GreaterOrEqual(t, d, time.Duration(0))
			require.LessOrEqual(t, d, ceiling, "retry %d", n)
			low = low || d < ceiling/4
		}
		assert.True(t, low, "retry %d: waits spread down to zero", n)
	}
}

type hinted struct{ after time.Duration }

func (h hinted) Error() string             { return "throttled" }
func (h hinted) RetryAfter() time.Duration { return h.after }

func TestRetryAfterIsHonouredAndCapped(t *testing.T) {
	p := Policy{Initial: time.Millisecond, Max: time.Millisecond, MaxRetryAfter: 5 * time.Second}
	assert.Equal(t, 2*time.Second, p.Wait(1, fmt.Errorf("wrapped: %w", hinted{2 * time.Second})))
	assert.Equal(t, 5*time.Second, p.Wait(1, hinted{time.Hour}), "capped")
	assert.LessOrEqual(t, p.Wait(1, errors.New("plain")), time.Millisecond)
}

func TestParseRetryAfterReadsSecondsAndDates(t *testing.T) {
	now := time.Date(2026, 11, 26, 6, 0, 0, 0, time.UTC)
	for in, want := range map[string]time.Duration{
		"3":                             3 * time.Second,
		" 120 ":                         2 * time.Minute,
		"Thu, 26 Nov 2026 06:00:07 GMT": 7 * time.Second,
		"Thu, 26 Nov 2026 05:59:00 GMT": 0, // in the past
		"":                              0,
		"-1":                            0,
		"soon":                          0,
		"99999999999999999":             24 * time.Hour,
	} {
		assert.Equal(t, want, ParseRetryAfter(in, now), in)
	}
}

func TestDoRetriesOnlyWhatIsRetryable(t *testing.T) {
	p := Policy{Attempts: 4, Initial: time.Millisecond, Max: time.Millisecond}
	transient := errors.New("busy")
	calls := 0
	err := Do(context.Background(), p, func(err error) bool { return err == transient }, func() error {
		calls++
		if calls < 3 {
			return transient
		}
		return nil
	})
	require.NoError(t, err)
	assert.Equal(t, 3, calls)

	calls = 0
	final := errors.New("bad key")
	err = Do(context.Background(), p, func(err error) bool { return err == transient }, func() error { calls++; return final })
	assert.Equal(t, final, err)
	assert.Equal(t, 1, calls, "not retried")

	calls = 0
	err = Do(context.Background(), p, func(error) bool { return true }, func() error { calls++; return transient })
	assert.Equal(t, transient, err)
	assert.Equal(t, 4, calls, "Attempts in all")
	calls = 0
	err = Do(context.Background(), p, func(error) bool { return true }, func() error {
		calls++
		if calls == 2 {
			return Final(transient)
		}
		return transient
	})
	assert.Equal(t, transient, err, "Final is unwrapped")
	assert.Equal(t, 2, calls, "Final stops the retries")
}

// A wait that would end after the deadline is not started: the cause is
// returned at once, while the query still has time to show it.
func TestDoNeverWaitsPastTheDeadline(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	p := Policy{Attempts: 5, Initial: time.Millisecond, Max: time.Millisecond, MaxRetryAfter: time.Minute}
	calls := 0
	began := time.Now()
	err := Do(ctx, p, func(error) bool { return true }, func() error { calls++; return hinted{2 * time.Second} })
	assert.Less(t, time.Since(began), 250*time.Millisecond, "returned before the 300 ms deadline, not at it")
	assert.Equal(t, 1, calls)
	assert.Equal(t, hinted{2 * time.Second}, err, "the server's answer, not a bare deadline")
}

func TestTransportRetriesResetsAndCutOffsOnly(t *testing.T) {
	reset := &net.OpError{Op: "read", Net: "tcp", Err: os.NewSyscallError("read", syscall.ECONNRESET)}
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}
	for err, want := range map[error]bool{
		reset:                          true,
		io.EOF:                         true,
		io.ErrUnexpectedEOF:            true,
		fmt.Errorf("Post: %w", io.EOF): true,
		errors.New("http: server closed idle connection"): true,
		refused: false,
		&net.DNSError{Err: "no such host", Name: "cls.example", IsNotFound: true}: false,
		errors.New(`net/http: invalid header field value for "Authorization"`):    false,
		context.DeadlineExceeded: false,
		context.Canceled:         false,
	} {
		assert.Equal(t, want, Transport(err), "%v", err)
	}
}

// Go refuses to send a header with a line break; that fails every time,
// so it is not a transport failure worth repeating.
func TestARequestGoRefusesToSendIsNotRetryable(t *testing.T) {
	req, err := http.NewRequest(http.MethodGet, "http://127.0.0.1:1/", nil)
	require.NoError(t, err)
	req.Header.Set("X-Key", "id\r\nX-Injected: 1")
	_, err = http.DefaultClient.Do(req)
	require.Error(t, err)
	assert.False(t, Transport(err), "%v", err)
}

// A certificate the client does not trust fails the same way every time:
// the error Go's client gives for it is not one to repeat, and the
// endpoint sees one handshake.
func TestABadCertificateIsNotRetryable(t *testing.T) {
	var handshakes atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	srv.TLS = &tls.Config{GetConfigForClient: func(*tls.ClientHelloInfo) (*tls.Config, error) {
		handshakes.Add(1)
		return nil, nil
	}}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	client := &http.Client{Transport: &http.Transport{}} // trusts the system's roots, not the test server's
	attempt := func() error {
		resp, err := client.Get(srv.URL)
		if err == nil {
			resp.Body.Close()
		}
		return err
	}
	err := Do(context.Background(), Policy{Attempts: 3, Initial: time.Millisecond, Max: time.Millisecond}, Transport, attempt)
	var unknown x509.UnknownAuthorityError
	require.ErrorAs(t, err, &unknown)
	assert.False(t, Transport(err), "%v", err)
	assert.Equal(t, int32(1), handshakes.Load())
}
