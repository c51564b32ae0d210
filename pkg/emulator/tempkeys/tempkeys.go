// Package tempkeys is the emulator's register of temporary credentials:
// the STS emulator (stsemu) issues them, and the SLS, SCF and CLS emulators
// accept them, with their session token, until they expire.
package tempkeys

import (
	"crypto/rand"
	"encoding/base64"
	"sync"
	"time"
)

// Key is one set of temporary credentials.
type Key struct {
	ID, Secret, Token string
	Expires           time.Time
}

// Expired reports whether the key no longer works at now.
func (k Key) Expired(now time.Time) bool { return !now.Before(k.Expires) }

// Store holds the issued keys. A nil *Store knows no key, so emulators
// started without an STS refuse temporary ids as unknown.
type Store struct {
	mu   sync.Mutex
	keys map[string]Key
}

// NewStore returns an empty register.
func NewStore() *Store { return &Store{keys: map[string]Key{}} }

// Issue makes a key that expires at expires. The id starts with idPrefix
// (Alibaba's temporary ids start "STS.", Tencent's "AKID"), the token with
// tokenPrefix.
func (s *Store) Issue(idPrefix, tokenPrefix string, expires time.Time) Key {
	k := Key{ID: idPrefix + random(12), Secret: random(24), Token: tokenPrefix + random(48), Expires: expires}
	s.mu.Lock()
	s.keys[k.ID] = k
	// Keys long expired are of no more use to anyone: drop them so a
	// long-running demo stack does not grow.
	for id, old := range s.keys {
		if old.Expires.Before(expires.Add(-24 * time.Hour)) {
			delete(s.keys, id)
		}
	}
	s.mu.Unlock()
	return k
}

// Lookup finds an issued key, expired or not (the caller says which error
// an expired one gets).
func (s *Store) Lookup(id string) (Key, bool) {
	if s == nil {
		return Key{}, false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	k, ok := s.keys[id]
	return k, ok
}

// All is every key kept (tests: the secrets that must never leak).
func (s *Store) All() []Key {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Key, 0, len(s.keys))
	for _, k := range s.keys {
		out = append(out, k)
	}
	return out
}

// Len is how many keys were issued and kept (tests).
func (s *Store) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.keys)
}

func random(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)[:n]
}
