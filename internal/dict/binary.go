package dict

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"math"
	"sort"

	"github.com/dyad-events/dyad/internal/model"
)

// The binary form of a Set lets a program start without parsing the text files: the shipped set
// is compiled into it at build time (go generate ./internal/dictdata) and decoded at start-up in
// a few milliseconds. Strings are written inline and decoded as substrings of the input, without
// copies; every slice of the set is cut from a few large arrays allocated at once.
//
// Layout: magic, version, then uvarints and length-prefixed strings in the order of the code
// below. The form is internal to one build of dyad: it is regenerated, never migrated.

const (
	binaryMagic   = "dyad-dict"
	binaryVersion = 1
)

type encoder struct {
	b     []byte
	files map[string]uint64
}

func (e *encoder) u(v uint64) { e.b = binary.AppendUvarint(e.b, v) }
func (e *encoder) i(v int)    { e.u(uint64(v)) }
func (e *encoder) s(v string) { e.u(uint64(len(v))); e.b = append(e.b, v...) }
func (e *encoder) bool(v bool) {
	if v {
		e.b = append(e.b, 1)
	} else {
		e.b = append(e.b, 0)
	}
}
func (e *encoder) src(s model.Source) {
	e.u(e.files[s.File])
	e.i(s.Line)
}
func (e *encoder) date(d model.Date) {
	e.i(d.Year)
	e.i(d.Month)
	e.i(d.Day)
	e.u(uint64(d.Prec))
}
func (e *encoder) strs(ws []string) {
	e.i(len(ws))
	for _, w := range ws {
		e.s(w)
	}
}
func (e *encoder) aliases(as []Alias) {
	e.i(len(as))
	for _, a := range as {
		e.s(a.Text)
		e.src(a.Src)
	}
}

// MarshalBinary encodes the set in dyad's binary dictionary form.
func (s *Set) MarshalBinary() ([]byte, error) {
	e := &encoder{files: map[string]uint64{}}
	e.b = append(e.b, binaryMagic...)
	e.u(binaryVersion)
	// File names, then the totals that size the decoder's arrays.
	var names []string
	note := func(src model.Source) {
		if _, ok := e.files[src.File]; !ok {
			e.files[src.File] = uint64(len(names))
			names = append(names, src.File)
		}
	}
	var nAlias, nRole, nElem, nStr, nForm int
	for i := range s.Actors {
		a := &s.Actors[i]
		note(a.Src)
		nAlias += len(a.Aliases) + len(a.Demonyms) + len(a.Capitals) + len(a.Seats)
		nRole += len(a.Roles)
	}
	for _, ag := range s.Agents {
		note(ag.Src)
		nStr += len(ag.Words)
	}
	for _, m := range s.Modals {
		note(m.Src)
		nStr += len(m.Phrases)
	}
	for i := range s.Patterns {
		p := &s.Patterns[i]
		note(p.Src)
		nElem += len(p.Elems)
		for _, el := range p.Elems {
			nStr += len(el.Alts)
			nForm += len(el.Forms)
		}
	}
	for _, c := range s.Codes {
		note(c.Src)
	}
	e.i(len(names))
	for _, n := range names {
		e.s(n)
	}
	for _, n := range []int{len(s.Actors), nAlias, nRole, len(s.Agents), len(s.Modals), len(s.Patterns), nElem, nStr, nForm, len(s.Codes)} {
		e.i(n)
	}
	for i := range s.Actors {
		a := &s.Actors[i]
		e.s(a.Name)
		e.s(a.Kind)
		e.s(a.Code)
		e.s(a.Country)
		e.bool(a.State)
		e.aliases(a.Aliases)
		e.aliases(a.Demonyms)
		e.aliases(a.Capitals)
		e.aliases(a.Seats)
		e.i(len(a.Roles))
		for _, r := range a.Roles {
			e.s(r.Code)
			e.date(r.From)
			e.date(r.To)
			e.bool(r.Approx)
			e.s(r.Title)
			e.src(r.Src)
		}
		e.src(a.Src)
	}
	for _, ag := range s.Agents {
		e.s(ag.Sector)
		e.strs(ag.Words)
		e.src(ag.Src)
	}
	for _, m := range s.Modals {
		e.s(m.Class)
		e.strs(m.Phrases)
		e.src(m.Src)
	}
	for i := range s.Patterns {
		p := &s.Patterns[i]
		e.s(p.Code)
		e.s(p.Text)
		e.i(len(p.Elems))
		for _, el := range p.Elems {
			e.u(uint64(el.Kind))
			e.bool(el.Optional)
			e.s(el.Lemma)
			e.strs(el.Alts)
			e.i(len(el.Forms))
			for _, f := range el.Forms {
				e.s(f.Word)
				e.bool(f.Participle)
			}
		}
		e.src(p.Src)
	}
	for _, c := range s.Codes {
		e.s(c.Code)
		e.u(math.Float64bits(c.Goldstein))
		e.i(c.Quad)
		e.s(c.Plover)
		e.s(c.PloverMode)
		e.s(c.PloverContext)
		e.s(c.Name)
		e.src(c.Src)
	}
	return e.b, nil
}

type decoder struct {
	d     string
	p     int
	err   error
	files []string
}

var errTruncated = errors.New("dict: binary dictionaries are truncated or corrupt")

func (d *decoder) u() uint64 {
	if d.err != nil {
		return 0
	}
	var v uint64
	var shift uint
	for {
		if d.p >= len(d.d) || shift > 63 {
			d.err = errTruncated
			return 0
		}
		c := d.d[d.p]
		d.p++
		v |= uint64(c&0x7f) << shift
		if c < 0x80 {
			return v
		}
		shift += 7
	}
}

func (d *decoder) i() int {
	v := d.u()
	if v > math.MaxInt32 {
		d.err = errTruncated
		return 0
	}
	return int(v)
}

func (d *decoder) s() string {
	n := d.i()
	if d.err != nil || n > len(d.d)-d.p {
		d.err = errTruncated
		return ""
	}
	v := d.d[d.p : d.p+n]
	d.p += n
	return v
}

func (d *decoder) bool() bool {
	if d.err != nil || d.p >= len(d.d) {
		d.err = errTruncated
		return false
	}
	d.p++
	return d.d[d.p-1] == 1
}

func (d *decoder) src() model.Source {
	f := d.i()
	line := d.i()
	if f >= len(d.files) {
		d.err = errTruncated
		return model.Source{}
	}
	return model.Source{File: d.files[f], Line: line}
}

func (d *decoder) date() model.Date {
	return model.Date{Year: d.i(), Month: d.i(), Day: d.i(), Prec: model.Precision(d.u())}
}

// take cuts the next n items from a backing array, with no room to grow into the next ones.
func take[T any](pool *[]T, n int, err *error) []T {
	if n == 0 {
		return nil
	}
	if n > len(*pool) {
		*err = errTruncated
		return nil
	}
	s := (*pool)[:n:n]
	*pool = (*pool)[n:]
	return s
}

// UnmarshalBinary decodes a set written by MarshalBinary. The set's strings share data's
// memory, which data must therefore outlive: pass a string that lives for the program, such as
// an embedded file.
func UnmarshalBinary(data string) (*Set, error) {
	if len(data) < len(binaryMagic) || data[:len(binaryMagic)] != binaryMagic {
		return nil, errors.New("dict: not binary dictionaries")
	}
	d := &decoder{d: data, p: len(binaryMagic)}
	if v := d.u(); v != binaryVersion {
		return nil, fmt.Errorf("dict: binary dictionaries of version %d, want %d", v, binaryVersion)
	}
	nf := d.i()
	if d.err != nil || nf > len(data) {
		return nil, errTruncated
	}
	d.files = make([]string, nf)
	for k := range d.files {
		d.files[k] = d.s()
	}
	var n [10]int
	for k := range n {
		if n[k] = d.i(); n[k] > len(data) {
			return nil, errTruncated
		}
	}
	if d.err != nil {
		return nil, d.err
	}
	aliases, roles := make([]Alias, n[1]), make([]Role, n[2])
	elems, strs, forms := make([]Elem, n[6]), make([]string, n[7]), make([]VerbForm, n[8])
	s := &Set{Actors: make([]Actor, n[0]), Agents: make([]Agent, n[3]), Modals: make([]Modal, n[4]),
		Patterns: make([]Pattern, n[5]), Codes: make([]Code, n[9])}
	readAliases := func() []Alias {
		as := take(&aliases, d.i(), &d.err)
		for k := range as {
			as[k] = Alias{d.s(), d.src()}
		}
		return as
	}
	readStrings := func() []string {
		ws := take(&strs, d.i(), &d.err)
		for k := range ws {
			ws[k] = d.s()
		}
		return ws
	}
	for i := range s.Actors {
		a := &s.Actors[i]
		a.Name, a.Kind, a.Code, a.Country, a.State = d.s(), d.s(), d.s(), d.s(), d.bool()
		a.Aliases, a.Demonyms, a.Capitals, a.Seats = readAliases(), readAliases(), readAliases(), readAliases()
		a.Roles = take(&roles, d.i(), &d.err)
		for k := range a.Roles {
			r := &a.Roles[k]
			r.Code, r.From, r.To, r.Approx, r.Title, r.Src = d.s(), d.date(), d.date(), d.bool(), d.s(), d.src()
		}
		a.Src = d.src()
		if d.err != nil {
			return nil, d.err
		}
	}
	for i := range s.Agents {
		s.Agents[i] = Agent{Sector: d.s(), Words: readStrings(), Src: d.src()}
	}
	for i := range s.Modals {
		s.Modals[i] = Modal{Class: d.s(), Phrases: readStrings(), Src: d.src()}
	}
	for i := range s.Patterns {
		p := &s.Patterns[i]
		p.Code, p.Text = d.s(), d.s()
		p.Elems = take(&elems, d.i(), &d.err)
		for k := range p.Elems {
			el := &p.Elems[k]
			el.Kind, el.Optional, el.Lemma = ElemKind(d.u()), d.bool(), d.s()
			el.Alts = readStrings()
			el.Forms = take(&forms, d.i(), &d.err)
			for f := range el.Forms {
				el.Forms[f] = VerbForm{d.s(), d.bool()}
			}
		}
		p.Src = d.src()
		if d.err != nil {
			return nil, d.err
		}
	}
	for i := range s.Codes {
		c := &s.Codes[i]
		c.Code, c.Goldstein, c.Quad = d.s(), math.Float64frombits(d.u()), d.i()
		c.Plover, c.PloverMode, c.PloverContext, c.Name, c.Src = d.s(), d.s(), d.s(), d.s(), d.src()
	}
	if d.err != nil {
		return nil, d.err
	}
	if d.p != len(data) {
		return nil, errTruncated
	}
	return s, nil
}

// Checksum identifies the text of a dictionary set: a CRC-32C of the names and contents of its
// files, in the order Load reads them. A binary set records the checksum of the text it was
// compiled from, so that a program can tell when the text has changed since.
func Checksum(fsys fs.FS) (string, error) {
	names := []string{"cameo.txt", "agents.txt", "modality.txt"}
	for _, dir := range []string{"actors", "verbs"} {
		more, err := fs.Glob(fsys, dir+"/*.txt")
		if err != nil {
			return "", err
		}
		sort.Strings(more)
		names = append(names, more...)
	}
	h := crc32.New(crc32.MakeTable(crc32.Castagnoli))
	for _, n := range names {
		f, err := fsys.Open(n)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return "", err
		}
		fmt.Fprintf(h, "%s\x00", n)
		_, err = io.Copy(h, f)
		f.Close()
		if err != nil {
			return "", err
		}
	}
	return fmt.Sprintf("%08x", h.Sum32()), nil
}
