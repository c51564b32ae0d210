package slsservice

import (
	"slices"
	"sync"
	"unsafe"

	"github.com/logbridge/cloudlogs/pkg/arrowframe"
)

// textArena keeps the bodies and labels of one query's pages, packed one
// after another into blocks, so that what a large answer keeps alive is
// its text and little else: each page's own buffers, sized from its first
// line and then doubled, or rounded up to whole pages by the allocator,
// held a third more. Each page's text is shared with arrowframe, so the
// answer's Arrow encoding sends it from the block without a copy.
type textArena struct {
	mu    sync.Mutex
	block []byte
	// pagesLeft is how many pages are still expected: a new block is sized
	// for them at the size of the page at hand, so that a small query does
	// not allocate (and clear) a whole arenaBlock.
	pagesLeft int
}

// arenaBlock is the largest block; a page's text larger than a quarter of
// it gets an allocation of its own. minArenaBlock is the smallest.
const (
	arenaBlock    = 1 << 20
	minArenaBlock = 16 << 10
)

// keep copies a page's body text and labels into the arena (with a nil
// arena, into allocations of their own).
func (a *textArena) keep(text, labels []byte) (string, []byte) {
	var t, l []byte
	if a == nil {
		t, l = own(text), own(labels)
	} else {
		a.mu.Lock()
		if need := len(text) + len(labels); need > cap(a.block)-len(a.block) {
			size := need * max(1, a.pagesLeft) * 9 / 8
			a.block = make([]byte, 0, min(arenaBlock, max(minArenaBlock, size)))
		}
		a.pagesLeft--
		t, l = a.put(text), a.put(labels)
		a.mu.Unlock()
	}
	return unsafe.String(unsafe.SliceData(t), len(t)), l
}

func (a *textArena) put(b []byte) []byte {
	if len(b) > cap(a.block)-len(a.block) {
		if len(b) > arenaBlock/4 {
			return own(b)
		}
		a.block = make([]byte, 0, arenaBlock)
	}
	start := len(a.block)
	a.block = append(a.block, b...)
	out := a.block[start:len(a.block):len(a.block)]
	arrowframe.ShareBytes(out)
	return out
}

// own is a shared copy of b in an allocation of its own.
func own(b []byte) []byte {
	if len(b) == 0 {
		return nil
	}
	c := slices.Clone(b)
	arrowframe.ShareBytes(c)
	return c
}

// scratch is a rowBuilder's text and labels buffers, reused from page to
// page: what a page writes is copied into the arena once it is done.
type scratch struct{ text, labels []byte }

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}
