package scf

import (
	"context"
	"time"
)

// runV2 pages newest first (the v2 API has no time parameters) until a
// page reaches records older than From, keeping those in range.
func (f *fetcher) runV2(ctx context.Context) error {
	newestFirst := f.req.OrderBy == OrderByStartTime && f.req.Desc
	f.sorted = !newestFirst
	stopAt := f.req.ScanCap
	if newestFirst {
		stopAt = f.req.Need
	}
	pageSize := f.c.cfg.PageSize
	tmpl := f.req.Template
	tmpl.OrderBy, tmpl.Order = OrderByStartTime, "desc"
	tmpl.Start, tmpl.End = time.Time{}, time.Time{}
	total := -1 // the function's record count, once a page reported it
	for offset := 0; ; {
		var reqs []LogsRequest
		for i := 0; i < v2Wave(f.c.cfg.Concurrency, pageSize, stopAt-len(f.rows), offset, total); i++ {
			p := tmpl
			p.Offset, p.Limit = offset+i*pageSize, pageSize
			reqs = append(reqs, p)
		}
		pages, err := f.pages(ctx, reqs)
		if err != nil {
			return err
		}
		for i, p := range pages {
			total = max(total, p.Total)
			f.add(p.Invocations)
			n := len(p.Invocations)
			end := n < reqs[i].Limit || reqs[i].Offset+n >= p.Total
			reachedFrom := n > 0 && p.Invocations[n-1].StartTime.Before(f.req.From)
			if len(f.rows) >= stopAt {
				f.capped = !newestFirst
				f.more = len(f.rows) > stopAt
				if !f.more && !end && !reachedFrom {
					// The page ended exactly at the stop: peek at the next
					// record to know whether the range holds more.
					f.more, err = f.inRangeAt(ctx, tmpl, reqs[i].Offset+n)
				}
				return err
			}
			if end || reachedFrom {
				return nil
			}
		}
		offset += len(reqs) * pageSize
	}
}

// v2Wave is how many v2 pages to ask for at once: no more than the rows
// still wanted could fill (the v2 API has no time range, so its total counts
// the function's every record and cannot plan the pages; records newer than
// the range only make a later wave needed), none past a reported total, at
// most the concurrency, and at least one. Pages beyond these would be past
// the end, and under the requestsPerSecond pacing each costs real time.
func v2Wave(concurrency, pageSize, rowsLeft, offset, total int) int {
	n := min(concurrency, max(1, (rowsLeft+pageSize-1)/pageSize))
	if total >= 0 {
		n = min(n, max(1, (total-offset+pageSize-1)/pageSize))
	}
	return n
}

// inRangeAt reports whether the record at offset (v2, newest first) is in
// the range.
func (f *fetcher) inRangeAt(ctx context.Context, tmpl LogsRequest, offset int) (bool, error) {
	tmpl.Offset, tmpl.Limit = offset, 1
	page, err := f.c.GetFunctionLogs(ctx, tmpl)
	f.requests++
	if err != nil {
		return false, err
	}
	for _, inv := range page.Invocations {
		if !inv.StartTime.Before(f.req.From) && inv.StartTime.Before(f.req.To) {
			return true, nil
		}
	}
	return false, nil
}
