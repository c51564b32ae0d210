package scfemu

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestStartTimeStringIsFormats: the digit-by-digit start time is what
// Format writes, in zones east and west, around DST changes, in years Format
// pads and years it does not.
func TestStartTimeStringIsFormats(t *testing.T) {
	newYork, err := time.LoadLocation("America/New_York")
	require.NoError(t, err)
	r := rand.New(rand.NewPCG(5, 6))
	for _, loc := range []*time.Location{shanghai, newYork, time.UTC, time.FixedZone("odd", -(9*3600 + 30*60 + 17))} {
		s := &Server{cfg: Config{Location: loc}}
		times := []time.Time{testNow, {}, time.Date(9999, 12, 31, 23, 59, 59, 999e6, time.UTC), time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC),
			time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(5, 3, 4, 5, 6, 7, 0, time.UTC), time.Date(2026, 3, 8, 6, 59, 59, 0, time.UTC)}
		for i := 0; i < 5000; i++ {
			times = append(times, time.Unix(r.Int64N(1<<36)-1<<35, r.Int64N(1e9)), testNow.Add(time.Duration(r.Int64N(int64(400*24*time.Hour)))))
		}
		for _, tm := range times {
			require.Equal(t, tm.In(loc).Format(dateTimeShape), s.startTimeString(tm), "%v in %v", tm, loc)
		}
	}
}
