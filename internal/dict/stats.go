package dict

// Stats counts what a dictionary set holds.
type Stats struct {
	Countries      int // kind country: states, territories and their regions
	IGOs           int // kind igo
	Orgs           int // kind org
	Groups         int // kind group
	GroupsDated    int // groups whose code changes in time
	Outlets        int
	OutletsState   int // state-run outlets
	People         int
	PeopleRoles    int // dated roles of people
	RolesApprox    int // roles of people with an approximate date
	Names          int // names, demonyms, capitals and seats of every actor
	Agents         int // role nouns: words and phrases naming a sector
	AgentSectors   int // sectors that have role nouns
	Patterns       int
	Codes          int // CAMEO codes in cameo.txt
	CodesCovered   int // codes of cameo.txt with at least one pattern
	ModalPhrases   int
	CodesUncovered []string
}

// Stats counts the set's entries.
func (s *Set) Stats() Stats {
	var st Stats
	for i := range s.Actors {
		a := &s.Actors[i]
		st.Names += len(a.Aliases) + len(a.Demonyms) + len(a.Capitals) + len(a.Seats)
		switch a.Kind {
		case KindCountry:
			st.Countries++
		case KindIGO:
			st.IGOs++
		case KindOrg:
			st.Orgs++
		case KindGroup:
			st.Groups++
			if len(a.Roles) > 0 {
				st.GroupsDated++
			}
		case KindOutlet:
			st.Outlets++
			if a.State {
				st.OutletsState++
			}
		case KindPerson:
			st.People++
			st.PeopleRoles += len(a.Roles)
			for _, r := range a.Roles {
				if r.Approx {
					st.RolesApprox++
				}
			}
		}
	}
	sectors := make(map[string]bool)
	for _, ag := range s.Agents {
		st.Agents += len(ag.Words)
		sectors[ag.Sector] = true
	}
	st.AgentSectors = len(sectors)
	st.Patterns = len(s.Patterns)
	used := make(map[string]bool)
	for _, p := range s.Patterns {
		used[p.Code] = true
	}
	st.Codes = len(s.Codes)
	for _, c := range s.Codes {
		if used[c.Code] {
			st.CodesCovered++
		} else {
			st.CodesUncovered = append(st.CodesUncovered, c.Code)
		}
	}
	for _, m := range s.Modals {
		st.ModalPhrases += len(m.Phrases)
	}
	return st
}
