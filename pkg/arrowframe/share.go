package arrowframe

import (
	"sync"
	"unsafe"
	"weak"
)

// Text that frames may point into is registered here by the code that
// wrote it (Share), so that Encode can hand out a run of values as one
// piece only when the whole run lies inside one allocation. Two values that
// merely sit next to each other in memory may belong to two objects; a
// piece spanning both would keep only the first alive.
var shared = struct {
	sync.Mutex
	// byStart maps the address of a registered text to its end and a weak
	// pointer that tells whether it is still that text (an address is
	// reused once its object is collected).
	byStart   map[uintptr]sharedText
	lastSweep int
}{byStart: make(map[uintptr]sharedText)}

type sharedText struct {
	end  uintptr
	weak weak.Pointer[byte]
}

// minSweep is how many registrations are kept before the first sweep of
// collected ones.
const minSweep = 1024

// Share registers s, the text of a builder or of a make'd buffer (heap
// memory, one allocation; never a string literal), as memory that frame
// values are cut from; a run of values that follow each other inside it can
// then go out uncopied. Texts under minShared bytes are not registered:
// their values are copied, and the runtime keeps some short strings outside
// the heap, where no weak pointer can be made.
func Share(s string) {
	if len(s) >= minShared {
		register(unsafe.StringData(s), len(s))
	}
}

// ShareBytes is Share for a byte buffer (json.RawMessage values cut from it).
func ShareBytes(b []byte) {
	if len(b) >= minShared {
		register(unsafe.SliceData(b), len(b))
	}
}

// minShared is the shortest text Share registers.
const minShared = 64

func register(p *byte, n int) {
	start := uintptr(unsafe.Pointer(p))
	shared.Lock()
	defer shared.Unlock()
	shared.byStart[start] = sharedText{end: start + uintptr(n), weak: weak.Make(p)}
	if len(shared.byStart) >= max(minSweep, 2*shared.lastSweep) {
		for k, t := range shared.byStart {
			if t.weak.Value() == nil {
				delete(shared.byStart, k)
			}
		}
		shared.lastSweep = len(shared.byStart)
	}
}

// sharedEnd is the end of the registered text starting at p, or 0.
func sharedEnd(p *byte) uintptr {
	start := uintptr(unsafe.Pointer(p))
	shared.Lock()
	t, ok := shared.byStart[start]
	shared.Unlock()
	if !ok || t.weak.Value() != p {
		return 0
	}
	return t.end
}
