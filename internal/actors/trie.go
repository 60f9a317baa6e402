package actors

import (
	"encoding/binary"
	"errors"
	"math/bits"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dyad-events/dyad/internal/dict"
)

// Matcher finds dictionary names in tokens. It is safe for concurrent use.
//
// It is a trie over the lower-case words of every name, held in flat arrays rather than maps: the
// words are numbered through an open-addressing table, and the edges (node, word) -> node through
// another. Flat arrays can be written out at build time and read back at start-up with a few
// copies (MarshalBinary, Load), which is what lets dyad start without building the trie.
type Matcher struct {
	keys  []string // word number -> matching key
	wslot []uint32 // open addressing over keys: 0 is empty, else word number + 1

	efrom, eword, eto []uint32 // edges
	eslot             []uint32 // open addressing over edges: 0 is empty, else edge index + 1

	nodeEntry []uint32 // the entries of node n are entries[nodeEntry[n]:nodeEntry[n+1]]
	nodeCaps  []uint32 // its case requirements are caps[nodeCaps[n]:nodeCaps[n+1]]
	// caps holds, per token of a name, 1 when the text's token must be capitalised and 2 when it
	// must be all upper case.
	caps []uint8

	entries []Entry
	refs    []uint32 // per entry: ref<<24 | index of the name in its group, then owner index

	countries map[string]*dict.Actor // by code
}

// step follows the edge from node cur by a token's matching key.
func (m *Matcher) step(cur int32, key string) (int32, bool) {
	if len(m.wslot) == 0 {
		return 0, false
	}
	mask := uint32(len(m.wslot) - 1)
	var w uint32
	for h := fnv(key) & mask; ; h = (h + 1) & mask {
		s := m.wslot[h]
		if s == 0 {
			return 0, false
		}
		if m.keys[s-1] == key {
			w = s - 1
			break
		}
	}
	mask = uint32(len(m.eslot) - 1)
	for h := edgeHash(uint32(cur), w, len(m.eslot)); ; h = (h + 1) & mask {
		s := m.eslot[h]
		if s == 0 {
			return 0, false
		}
		if e := s - 1; m.efrom[e] == uint32(cur) && m.eword[e] == w {
			return int32(m.eto[e]), true
		}
	}
}

func (m *Matcher) hasEntries(n int32) bool { return m.nodeEntry[n+1] > m.nodeEntry[n] }
func (m *Matcher) entriesOf(n int32) []Entry {
	lo, hi := m.nodeEntry[n], m.nodeEntry[n+1]
	return m.entries[lo:hi:hi]
}
func (m *Matcher) capsOf(n int32) []uint8 { return m.caps[m.nodeCaps[n]:m.nodeCaps[n+1]] }

// fnv is the 32-bit FNV-1a hash of s.
func fnv(s string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(s); i++ {
		h = (h ^ uint32(s[i])) * 16777619
	}
	return h
}

func edgeHash(from, word uint32, size int) uint32 {
	k := uint64(from)<<32 | uint64(word)
	return uint32((k * 0x9E3779B97F4A7C15) >> (64 - bits.TrailingZeros(uint(size))))
}

// tableSize gives a power of two at least twice n.
func tableSize(n int) int {
	size := 8
	for size < 2*n {
		size <<= 1
	}
	return size
}

// Compile builds a matcher from a loaded dictionary set.
func Compile(set *dict.Set) *Matcher {
	b := &builder{words: map[string]uint32{}, edges: map[uint64]uint32{}, nodes: 1}
	m := &Matcher{countries: countries(set)}
	for i := range set.Actors {
		a := &set.Actors[i]
		for g, group := range [][]dict.Alias{a.Aliases, a.Demonyms, a.Capitals, a.Seats} {
			for k, al := range group {
				b.add(al.Text, uint32(g), uint32(k), uint32(i))
			}
		}
	}
	for i := range set.Agents {
		for k, w := range set.Agents[i].Words {
			b.add(w, refAgent, uint32(k), uint32(i))
		}
	}
	b.finish(m)
	if err := m.resolve(set); err != nil {
		panic("actors: " + err.Error()) // the builder's own indexes: a bug, not bad data
	}
	return m
}

func countries(set *dict.Set) map[string]*dict.Actor {
	out := make(map[string]*dict.Actor)
	for i := range set.Actors {
		a := &set.Actors[i]
		if _, seen := out[a.Code]; a.Kind == dict.KindCountry && !seen {
			// The first block with a code is the country; later ones are its regions.
			out[a.Code] = a
		}
	}
	return out
}

// The groups a name comes from, in the order Compile reads them; refAgent is a role noun.
const refAgent = 4

var refNames = [...]string{RefName, RefDemonym, RefCapital, RefSeat, RefAgent}

type builder struct {
	words    map[string]uint32
	keyList  []string
	edges    map[uint64]uint32
	nodes    uint32
	todo     []pendingName
	capsBuf  []uint8
	splitW   []string
	splitK   []string
	edgeFrom []uint32
	edgeWord []uint32
	edgeTo   []uint32
}

type pendingName struct {
	node        uint32
	ref, owner  uint32
	capsAt, end int
}

func (b *builder) add(phrase string, group, item, owner uint32) {
	b.splitW, b.splitK = splitName(phrase, b.splitW[:0], b.splitK[:0])
	if len(b.splitW) == 0 {
		return
	}
	cur := uint32(0)
	at := len(b.capsBuf)
	for i, w := range b.splitW {
		var c uint8
		if r, _ := utf8.DecodeRuneInString(w); unicode.IsUpper(r) {
			c = 1
			if len(w) <= 4 && len(b.splitW) == 1 && strings.ToUpper(w) == w {
				c = 2
			}
		}
		b.capsBuf = append(b.capsBuf, c)
		wid, ok := b.words[b.splitK[i]]
		if !ok {
			wid = uint32(len(b.keyList))
			b.words[b.splitK[i]] = wid
			b.keyList = append(b.keyList, b.splitK[i])
		}
		k := uint64(cur)<<32 | uint64(wid)
		nx, ok := b.edges[k]
		if !ok {
			nx = b.nodes
			b.nodes++
			b.edges[k] = nx
			b.edgeFrom, b.edgeWord, b.edgeTo = append(b.edgeFrom, cur), append(b.edgeWord, wid), append(b.edgeTo, nx)
		}
		cur = nx
	}
	b.todo = append(b.todo, pendingName{node: cur, ref: group<<24 | item, owner: owner, capsAt: at, end: len(b.capsBuf)})
}

// finish lays the trie out in m's arrays: entries grouped by node in the order they were added,
// and per node the loosest case requirement of the names that end there.
func (b *builder) finish(m *Matcher) {
	n := int(b.nodes)
	m.keys = b.keyList
	m.wslot = make([]uint32, tableSize(len(m.keys)))
	for i, k := range m.keys {
		mask := uint32(len(m.wslot) - 1)
		h := fnv(k) & mask
		for m.wslot[h] != 0 {
			h = (h + 1) & mask
		}
		m.wslot[h] = uint32(i) + 1
	}
	m.efrom, m.eword, m.eto = b.edgeFrom, b.edgeWord, b.edgeTo
	m.eslot = make([]uint32, tableSize(len(m.efrom)))
	for i := range m.efrom {
		mask := uint32(len(m.eslot) - 1)
		h := edgeHash(m.efrom[i], m.eword[i], len(m.eslot))
		for m.eslot[h] != 0 {
			h = (h + 1) & mask
		}
		m.eslot[h] = uint32(i) + 1
	}
	m.nodeEntry = make([]uint32, n+1)
	for _, p := range b.todo {
		m.nodeEntry[p.node+1]++
	}
	for i := 1; i <= n; i++ {
		m.nodeEntry[i] += m.nodeEntry[i-1]
	}
	m.refs = make([]uint32, 2*len(b.todo))
	next := append([]uint32(nil), m.nodeEntry[:n]...)
	firstCaps := make([]int, n)
	for i := range firstCaps {
		firstCaps[i] = -1
	}
	for i, p := range b.todo {
		at := next[p.node]
		next[p.node]++
		m.refs[2*at], m.refs[2*at+1] = p.ref, p.owner
		if firstCaps[p.node] < 0 {
			firstCaps[p.node] = i
			continue
		}
		// Two names with the same words: the looser case requirement wins.
		f := b.todo[firstCaps[p.node]]
		for k := 0; k < p.end-p.capsAt; k++ {
			if c := b.capsBuf[p.capsAt+k]; c < b.capsBuf[f.capsAt+k] {
				b.capsBuf[f.capsAt+k] = c
			}
		}
	}
	m.nodeCaps = make([]uint32, n+1)
	for i := 0; i < n; i++ {
		m.nodeCaps[i+1] = m.nodeCaps[i]
		if f := firstCaps[i]; f >= 0 {
			p := b.todo[f]
			m.caps = append(m.caps, b.capsBuf[p.capsAt:p.end]...)
			m.nodeCaps[i+1] += uint32(p.end - p.capsAt)
		}
	}
}

var errCorrupt = errors.New("actors: compiled matcher does not fit its dictionaries")

// resolve builds the entries from refs, with pointers into set.
func (m *Matcher) resolve(set *dict.Set) error {
	m.entries = make([]Entry, len(m.refs)/2)
	for i := range m.entries {
		ref, owner := m.refs[2*i], m.refs[2*i+1]
		group, item := ref>>24, int(ref&0xffffff)
		if group == refAgent {
			if int(owner) >= len(set.Agents) || item >= len(set.Agents[owner].Words) {
				return errCorrupt
			}
			ag := &set.Agents[owner]
			m.entries[i] = Entry{Ref: RefAgent, Agent: ag, Src: ag.Src, Phrase: ag.Words[item]}
			continue
		}
		if group > refAgent || int(owner) >= len(set.Actors) {
			return errCorrupt
		}
		a := &set.Actors[owner]
		var names []dict.Alias
		switch group {
		case 0:
			names = a.Aliases
		case 1:
			names = a.Demonyms
		case 2:
			names = a.Capitals
		default:
			names = a.Seats
		}
		if item >= len(names) {
			return errCorrupt
		}
		m.entries[i] = Entry{Ref: refNames[group], Actor: a, Src: names[item].Src, Phrase: names[item].Text}
	}
	return nil
}

// MarshalBinary writes the matcher's arrays, to be read back with Load against the same set.
func (m *Matcher) MarshalBinary() ([]byte, error) {
	var b []byte
	b = binary.AppendUvarint(b, uint64(len(m.keys)))
	for _, k := range m.keys {
		b = binary.AppendUvarint(b, uint64(len(k)))
		b = append(b, k...)
	}
	for _, a := range [][]uint32{m.wslot, m.efrom, m.eword, m.eto, m.eslot, m.nodeEntry, m.nodeCaps, m.refs} {
		b = binary.AppendUvarint(b, uint64(len(a)))
		for _, v := range a {
			b = binary.LittleEndian.AppendUint32(b, v)
		}
	}
	b = binary.AppendUvarint(b, uint64(len(m.caps)))
	b = append(b, m.caps...)
	return b, nil
}

// Load reads a matcher written by MarshalBinary for set. Its keys share data's memory, which
// must outlive it. Any inconsistency with set is an error, never a panic.
func Load(set *dict.Set, data string) (*Matcher, error) {
	p := 0
	uv := func() int {
		v, n := binary.Uvarint([]byte(data[p:min(len(data), p+binary.MaxVarintLen64)]))
		if n <= 0 || v > uint64(len(data)) {
			p = len(data) + 1
			return 0
		}
		p += n
		return int(v)
	}
	m := &Matcher{countries: countries(set)}
	nk := uv()
	if p > len(data) {
		return nil, errCorrupt
	}
	m.keys = make([]string, nk)
	for i := range m.keys {
		l := uv()
		if p+l > len(data) {
			return nil, errCorrupt
		}
		m.keys[i] = data[p : p+l]
		p += l
	}
	arrays := []*[]uint32{&m.wslot, &m.efrom, &m.eword, &m.eto, &m.eslot, &m.nodeEntry, &m.nodeCaps, &m.refs}
	for _, a := range arrays {
		l := uv()
		if p > len(data) || l > (len(data)-p)/4 {
			return nil, errCorrupt
		}
		v := make([]uint32, l)
		for i := range v {
			v[i] = uint32(data[p]) | uint32(data[p+1])<<8 | uint32(data[p+2])<<16 | uint32(data[p+3])<<24
			p += 4
		}
		*a = v
	}
	l := uv()
	if p+l != len(data) {
		return nil, errCorrupt
	}
	m.caps = []uint8(data[p : p+l])
	if err := m.check(); err != nil {
		return nil, err
	}
	if err := m.resolve(set); err != nil {
		return nil, err
	}
	return m, nil
}

// check verifies that every index in the arrays is in range, so that lookups cannot fail.
func (m *Matcher) check() error {
	pow2 := func(n int) bool { return n > 0 && n&(n-1) == 0 }
	nodes := len(m.nodeEntry) - 1
	if !pow2(len(m.wslot)) || !pow2(len(m.eslot)) || nodes < 1 || len(m.nodeCaps) != nodes+1 ||
		len(m.efrom) != len(m.eword) || len(m.efrom) != len(m.eto) || len(m.refs)%2 != 0 ||
		len(m.wslot) < len(m.keys) || len(m.eslot) < len(m.efrom) {
		return errCorrupt
	}
	// Every slot in range, and at least one empty slot in each table, so probing ends.
	for _, t := range []struct {
		slots []uint32
		n     int
	}{{m.wslot, len(m.keys)}, {m.eslot, len(m.efrom)}} {
		empty := false
		for _, s := range t.slots {
			if int(s) > t.n {
				return errCorrupt
			}
			empty = empty || s == 0
		}
		if !empty {
			return errCorrupt
		}
	}
	for i := range m.efrom {
		if int(m.efrom[i]) >= nodes || int(m.eto[i]) >= nodes || int(m.eword[i]) >= len(m.keys) {
			return errCorrupt
		}
	}
	for i := 0; i < nodes; i++ {
		if m.nodeEntry[i] > m.nodeEntry[i+1] || m.nodeCaps[i] > m.nodeCaps[i+1] {
			return errCorrupt
		}
	}
	if m.nodeEntry[0] != 0 || int(m.nodeEntry[nodes]) != len(m.refs)/2 || m.nodeCaps[0] != 0 || int(m.nodeCaps[nodes]) != len(m.caps) {
		return errCorrupt
	}
	return nil
}
