package arrowframe

import "unsafe"

// minPiece is the smallest buffer handed out as a piece of its own; smaller
// writes (Arrow's metadata and padding, short columns) are gathered into
// copies, so the answer is not a list of thousands of tiny pieces. A record
// batch of 100 lines (an SLS page) has offsets of 404 bytes and times of
// 800: those are kept as they are, not copied.
const minPiece = 256

// pieceWriter takes what the Arrow file writer writes: the buffers Encode
// made or shares (mayKeep) are kept as they are, everything else is copied
// into an arena and handed out as the run of copies between two kept ones.
type pieceWriter struct {
	keep  map[*byte]int
	parts [][]byte
	// arena holds the copies; tail is where the current run of them starts.
	arena []byte
	tail  int
	n     int
}

// arenaSize is how much an arena holds: a record batch's metadata and
// small buffers take a few hundred bytes to a few KiB.
const arenaSize = 64 << 10

func newPieceWriter() *pieceWriter {
	return &pieceWriter{keep: make(map[*byte]int)}
}

// mayKeep says b will not change and outlives the writer's output.
func (w *pieceWriter) mayKeep(b []byte) {
	if len(b) >= minPiece {
		w.keep[unsafe.SliceData(b)] = len(b)
	}
}

func (w *pieceWriter) Write(p []byte) (int, error) {
	w.n += len(p)
	if len(p) >= minPiece && w.keep[unsafe.SliceData(p)] == len(p) {
		w.flushTail()
		w.parts = append(w.parts, p)
		return len(p), nil
	}
	if len(w.arena)+len(p) > cap(w.arena) {
		w.flushTail()
		w.arena, w.tail = make([]byte, 0, max(arenaSize, len(p))), 0
	}
	w.arena = append(w.arena, p...)
	return len(p), nil
}

func (w *pieceWriter) flushTail() {
	if len(w.arena) > w.tail {
		w.parts = append(w.parts, w.arena[w.tail:len(w.arena):len(w.arena)])
		w.tail = len(w.arena)
	}
}

func (w *pieceWriter) encoded() *Encoded {
	w.flushTail()
	return &Encoded{Parts: w.parts, Len: w.n}
}
