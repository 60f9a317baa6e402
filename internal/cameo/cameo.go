// Package cameo is the table of CAMEO event codes: name, Goldstein value (GDELT's), QuadClass and
// PLOVER type, mode and context, built from the dictionary file cameo.txt.
package cameo

import (
	"fmt"

	"github.com/dyad-events/dyad/internal/dict"
)

// Table looks up CAMEO event codes. It is immutable once built.
type Table struct {
	codes map[string]dict.Code
}

// New builds a table from the loaded codes. It fails when a root is missing, since every code
// needs its root to be scored.
func New(codes []dict.Code) (*Table, error) {
	t := &Table{codes: make(map[string]dict.Code, len(codes))}
	for _, c := range codes {
		t.codes[c.Code] = c
	}
	for r := 1; r <= 20; r++ {
		if _, ok := t.codes[fmt.Sprintf("%02d", r)]; !ok {
			return nil, fmt.Errorf("cameo: root %02d is missing from the code table", r)
		}
	}
	return t, nil
}

// Lookup returns the entry of an event code.
func (t *Table) Lookup(code string) (dict.Code, bool) {
	c, ok := t.codes[code]
	return c, ok
}

// Len is the number of codes in the table.
func (t *Table) Len() int { return len(t.codes) }

// Root gives the two-digit root of a code.
func Root(code string) string {
	if len(code) < 2 {
		return code
	}
	return code[:2]
}
