package dict

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// LoadDir reads a user's dictionary directory, laid out like the shipped set (cameo.txt,
// agents.txt, modality.txt, actors/*.txt, verbs/*.txt, each optional). Its entries keep file
// names that start with dir, so that problems and explanations point at the user's files. Only
// the checks within a file are made: the checks across entries belong to the merged set (Check).
func LoadDir(dir string) (*Set, error) {
	fi, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("dictionary directory: %w", err)
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("dictionary directory: %s is not a directory", dir)
	}
	fsys := os.DirFS(dir)
	found := false
	for _, pat := range []string{"*.txt", "actors/*.txt", "verbs/*.txt"} {
		if names, _ := fs.Glob(fsys, pat); len(names) > 0 {
			found = true
		}
	}
	if !found {
		return nil, fmt.Errorf("dictionary directory %s holds no dictionary file (cameo.txt, agents.txt, modality.txt, actors/*.txt or verbs/*.txt)", dir)
	}
	set, err := loadNamed(fsys, false, func(name string) string { return filepath.Join(dir, filepath.FromSlash(name)) })
	if err != nil {
		var ps Problems
		if errors.As(err, &ps) {
			return set, ps
		}
		return nil, err
	}
	return set, nil
}

// Check runs every check across entries and files on a set, such as one made by Overlay.
func (s *Set) Check() Problems { return s.validate() }

// Overlay gives the set that results from adding user's entries to base, by these rules
// (docs/dictionaries.md, "Your own dictionaries"):
//
//   - an actor of user whose canonical name is that of an actor of base replaces it; the others
//     are added;
//   - a name (alias, demonym, capital or seat) that a user actor claims is taken from every base
//     actor: the user's meaning wins;
//   - a role noun of user is taken from the base lines that have it; user lines are added;
//   - a pattern of user with the same text as one of base replaces it; the others are added, and
//     user patterns come first, so that they win ties;
//   - a code line of user replaces the line of base with the same code; new codes are added;
//   - modality lines are added.
//
// Neither set is changed.
func Overlay(base, user *Set) *Set {
	out := &Set{}

	// Codes.
	userCodes := make(map[string]bool, len(user.Codes))
	for _, c := range user.Codes {
		userCodes[c.Code] = true
	}
	for _, c := range base.Codes {
		if !userCodes[c.Code] {
			out.Codes = append(out.Codes, c)
		}
	}
	out.Codes = append(out.Codes, user.Codes...)

	// Actors: user entries first, so that they are the first meaning of any name they share.
	replaced := make(map[string]bool, len(user.Actors))
	claimed := make(map[string]bool)
	for i := range user.Actors {
		a := &user.Actors[i]
		replaced[strings.ToLower(a.Name)] = true
		for _, group := range [][]Alias{a.Aliases, a.Demonyms, a.Capitals, a.Seats} {
			for _, al := range group {
				claimed[strings.ToLower(al.Text)] = true
			}
		}
	}
	out.Actors = make([]Actor, 0, len(base.Actors)+len(user.Actors))
	out.Actors = append(out.Actors, user.Actors...)
	keep := func(as []Alias) []Alias {
		var kept []Alias
		for _, al := range as {
			if !claimed[strings.ToLower(al.Text)] {
				kept = append(kept, al)
			}
		}
		return kept
	}
	for _, a := range base.Actors {
		if replaced[strings.ToLower(a.Name)] {
			continue
		}
		a.Aliases, a.Demonyms, a.Capitals, a.Seats = keep(a.Aliases), keep(a.Demonyms), keep(a.Capitals), keep(a.Seats)
		out.Actors = append(out.Actors, a)
	}

	// Role nouns.
	userWords := make(map[string]bool)
	for _, ag := range user.Agents {
		for _, w := range ag.Words {
			userWords[strings.ToLower(w)] = true
		}
	}
	out.Agents = append(out.Agents, user.Agents...)
	for _, ag := range base.Agents {
		var words []string
		for _, w := range ag.Words {
			if !userWords[strings.ToLower(w)] {
				words = append(words, w)
			}
		}
		if len(words) > 0 {
			ag.Words = words
			out.Agents = append(out.Agents, ag)
		}
	}

	// Patterns.
	userPats := make(map[string]bool, len(user.Patterns))
	for _, p := range user.Patterns {
		userPats[strings.ToLower(p.Text)] = true
	}
	out.Patterns = make([]Pattern, 0, len(base.Patterns)+len(user.Patterns))
	out.Patterns = append(out.Patterns, user.Patterns...)
	for _, p := range base.Patterns {
		if !userPats[strings.ToLower(p.Text)] {
			out.Patterns = append(out.Patterns, p)
		}
	}

	out.Modals = append(append(out.Modals, base.Modals...), user.Modals...)
	return out
}
