package ingest

import (
	"bytes"
	"errors"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// cp1252 gives the characters Windows-1252 puts at 0x80-0x9F; the other bytes above 0x7F are
// the Latin-1 characters of the same number. Zero marks the five unassigned bytes.
var cp1252 = [32]rune{
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
}

// Decode turns the bytes of a text file into UTF-8: a UTF-8 or UTF-16 byte-order mark says the
// encoding; text without one that is not valid UTF-8 is read as Windows-1252, the encoding of
// most such files in news archives. Text that still holds NUL bytes is binary, and an error.
func Decode(b []byte) (string, error) {
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		b = b[3:]
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}), bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		return decodeUTF16(b[2:], b[0] == 0xFF)
	}
	if looksBinary(b) {
		return "", errors.New("binary data, not text")
	}
	if utf8.Valid(b) {
		return string(b), nil
	}
	return decode1252(b), nil
}

func decodeUTF16(b []byte, little bool) (string, error) {
	if len(b)%2 != 0 {
		b = b[:len(b)-1]
	}
	u := make([]uint16, len(b)/2)
	for i := range u {
		if little {
			u[i] = uint16(b[2*i]) | uint16(b[2*i+1])<<8
		} else {
			u[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
		}
	}
	s := string(utf16.Decode(u))
	if strings.ContainsRune(s, 0) {
		return "", errors.New("binary data in a UTF-16 file")
	}
	return s, nil
}

func decode1252(b []byte) string {
	var sb strings.Builder
	sb.Grow(len(b) + len(b)/8)
	for _, c := range b {
		switch {
		case c < 0x80:
			sb.WriteByte(c)
		case c < 0xA0:
			if r := cp1252[c-0x80]; r != 0 {
				sb.WriteRune(r)
			} else {
				sb.WriteRune(utf8.RuneError)
			}
		default:
			sb.WriteRune(rune(c))
		}
	}
	return sb.String()
}
