package jsontext

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestHex4(t *testing.T) {
	r, ok := Hex4(`\u00e9`, 2)
	assert.True(t, ok)
	assert.Equal(t, 'é', r)
	r, ok = Hex4("D83D", 0)
	assert.True(t, ok)
	assert.Equal(t, rune(0xD83D), r)
	_, ok = Hex4("12g4", 0)
	assert.False(t, ok)
	_, ok = Hex4("123", 0)
	assert.False(t, ok, "too short")
}
