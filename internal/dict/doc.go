// Package dict reads dyad's dictionary files (actors, agents, verb patterns, modality words and
// the CAMEO code table) from an fs.FS, strictly: every problem is reported as file:line: message,
// and every entry keeps the file:line it came from. The formats are described in
// docs/dictionaries.md.
//
// Loading parses and validates; compiling the entries into matchers is the job of the packages
// that use them (actors, coding).
package dict
