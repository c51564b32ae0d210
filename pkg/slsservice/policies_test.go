package slsservice

import (
	"time"

	"github.com/logbridge/cloudlogs/pkg/emulator/knobs"
	"github.com/logbridge/cloudlogs/pkg/sls"
)

func slsProgress(initial, max time.Duration) sls.ProgressPolicy {
	return sls.ProgressPolicy{Initial: initial, Max: max}
}

func slsRetry(attempts int, initial, max time.Duration) sls.RetryPolicy {
	return sls.RetryPolicy{Attempts: attempts, Initial: initial, Max: max}
}

func knobsIncomplete(rounds int) knobs.Settings { return knobs.Settings{IncompleteRounds: rounds} }
