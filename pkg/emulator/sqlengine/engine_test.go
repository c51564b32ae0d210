package sqlengine

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLexKeepsStringsAndDepth(t *testing.T) {
	toks, err := Lex(`select 'a ''from'' b', "x y" from (select 1)`)
	require.NoError(t, err)
	assert.Equal(t, `'a ''from'' b'`, toks[1].Text)
	assert.Equal(t, `"x y"`, toks[3].Text)
	assert.True(t, toks[4].Is("FROM"))
	assert.Equal(t, 1, toks[6].Depth)
	_, err = Lex(`select (1`)
	assert.ErrorContains(t, err, "missing ')'")
	edits := []Edit{{Start: 7, End: 7, Text: "b"}, {Start: 0, End: 6, Text: "SELECT"}}
	SortEdits(edits)
	assert.Equal(t, "SELECT b1", Apply("select 1", edits))
}

func TestMatchSetsAndCountIf(t *testing.T) {
	db, err := Open("enginetest")
	require.NoError(t, err)
	defer db.Close()
	_, err = db.Exec("CREATE TABLE t (v INTEGER); INSERT INTO t (rowid, v) VALUES (0, 1), (1, 2), (2, 3), (64, 4)")
	require.NoError(t, err)
	id, release := RegisterMatchSet([]uint64{0b101, 1})
	defer release()
	res, err := Query(context.Background(), db, "SELECT count(*), count_if(v > 1) FROM t WHERE emu_match("+itoa(id)+", rowid)")
	require.NoError(t, err)
	assert.Equal(t, []any{int64(3), int64(2)}, res.Rows[0], "rows 0, 2 and 64 match")
	_, err = Query(context.Background(), db, "SELECT nope FROM t")
	assert.ErrorContains(t, err, "column 'nope' cannot be resolved")
}

func itoa(n int64) string {
	s := ""
	for ; n > 0; n /= 10 {
		s = string(rune('0'+n%10)) + s
	}
	if s == "" {
		return "0"
	}
	return s
}
