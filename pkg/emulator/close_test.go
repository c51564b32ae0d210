package emulator

import (
	"net"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// A connection that never sent a request (a client transport's spare
// dial) does not hold Close for its grace: Shutdown alone waited two
// seconds for it, after half the queries of a test.
func TestCloseDoesNotWaitForAnUnusedConnection(t *testing.T) {
	e, err := Start(Config{SLSLogs: 10, SCFInvocations: 10, CLSLogs: -1, Days: 1})
	require.NoError(t, err)
	u, err := url.Parse(e.SLSURL)
	require.NoError(t, err)
	conn, err := net.Dial("tcp", u.Host)
	require.NoError(t, err)
	defer conn.Close()
	// Time for the server to accept it: it is then a new connection.
	time.Sleep(50 * time.Millisecond)
	start := time.Now()
	e.Close()
	require.Less(t, time.Since(start), time.Second)
	require.NoError(t, conn.SetReadDeadline(time.Now().Add(time.Second)))
	_, err = conn.Read(make([]byte, 1))
	require.Error(t, err, "the unused connection is closed")
}
