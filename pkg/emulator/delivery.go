package emulator

import (
	"time"

	"github.com/logbridge/cloudlogs/pkg/emulator/clsemu"
	"github.com/logbridge/cloudlogs/pkg/emulator/scfemu"
)

// wireDelivery makes the SCF functions' runs reach CLS, as real SCF
// delivers function logs to a CLS topic: before CLS reads the SCF topic, it
// asks SCF for the runs not yet delivered (demo runs up to the clock and
// AddInvocations alike) and stores their records. scfemu and clsemu know
// nothing of each other; this is the one place they meet.
func wireDelivery(scf *scfemu.Server, cls *clsemu.Server) error {
	return cls.SetFeed(clsemu.DemoSCFTopicID, func(now time.Time) {
		scf.DeliverLogs(now, func(topicID string, recs []scfemu.LogRecord) {
			out := make([]clsemu.Record, len(recs))
			for i, r := range recs {
				fields := make([]clsemu.Field, len(r.Fields))
				for j, f := range r.Fields {
					fields[j] = clsemu.Field{Key: f.Key, Value: f.Value}
				}
				out[i] = clsemu.Record{Time: r.Time, Fields: fields, PkgID: r.PkgID, PkgLogID: r.PkgLogID}
			}
			_ = cls.AddRecords(topicID, out...)
		})
	})
}
