// Package dictdata holds the dictionary files that ship inside the dyad binary: actors, agents,
// verb patterns, modality words and the CAMEO code table. The files are data, written to be read
// and reviewed; docs/dictionaries.md describes their formats.
package dictdata

import "embed"

// FS holds the shipped dictionaries, with paths such as "cameo.txt" and "actors/people.txt".
//
//go:embed *.txt actors verbs
var FS embed.FS
