// Package dictdata holds the dictionary files that ship inside the dyad binary: actors, agents,
// verb patterns, modality words and the CAMEO code table. The files are data, written to be read
// and reviewed; docs/dictionaries.md describes their formats.
//
// The same set is also compiled, at build time, into shipped.bin, which Shipped decodes in a few
// milliseconds instead of parsing the text. Regenerate it after editing a file:
//
//	go generate ./internal/dictdata
package dictdata

import (
	"embed"
	"encoding/binary"
	"strings"

	"github.com/dyad-events/dyad/internal/actors"
	"github.com/dyad-events/dyad/internal/dict"
)

//go:generate go run ./gen

// FS holds the shipped dictionaries, with paths such as "cameo.txt" and "actors/people.txt".
//
//go:embed *.txt actors verbs
var FS embed.FS

// compiled is shipped.bin: the checksum of the text it was compiled from, a newline, the length
// of the set's binary form as a uvarint, the set in dict's binary form, and the actor matcher in
// its binary form.
//
//go:embed shipped.bin
var compiled string

// Shipped gives the shipped dictionary set, and the actor matcher compiled from it when there is
// one (nil otherwise: the caller compiles it). It decodes shipped.bin when that was compiled from
// the text embedded beside it, and parses the text otherwise, so a stale shipped.bin costs
// start-up time but never gives a different set.
func Shipped() (*dict.Set, *actors.Matcher, error) {
	if set, m, ok := Compiled(); ok {
		return set, m, nil
	}
	set, err := dict.LoadTrusted(FS)
	return set, nil, err
}

// Compiled decodes shipped.bin, and reports false when it is missing, corrupt or out of date.
func Compiled() (*dict.Set, *actors.Matcher, bool) {
	sum, rest, ok := strings.Cut(compiled, "\n")
	if !ok {
		return nil, nil, false
	}
	if now, err := dict.Checksum(FS); err != nil || now != sum {
		return nil, nil, false
	}
	n, k := binary.Uvarint([]byte(rest[:min(len(rest), binary.MaxVarintLen64)]))
	if k <= 0 || n > uint64(len(rest)-k) {
		return nil, nil, false
	}
	set, err := dict.UnmarshalBinary(rest[k : k+int(n)])
	if err != nil {
		return nil, nil, false
	}
	m, err := actors.Load(set, rest[k+int(n):])
	if err != nil {
		return nil, nil, false
	}
	return set, m, true
}
