package codingtest

import (
	"fmt"
	"io/fs"
	"strconv"
	"strings"
)

// Floors reads floors.txt: lines of "metric f1 value", the lowest F1 each metric may score.
func Floors(fsys fs.FS) (map[string]float64, error) {
	b, err := fs.ReadFile(fsys, "floors.txt")
	if err != nil {
		return nil, err
	}
	out := map[string]float64{}
	for n, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(line)
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = strings.TrimSpace(line[:i])
		}
		if line == "" {
			continue
		}
		f := strings.Fields(line)
		if len(f) != 3 || f[1] != "f1" {
			return nil, fmt.Errorf("floors.txt:%d: want \"metric f1 value\"", n+1)
		}
		v, err := strconv.ParseFloat(f[2], 64)
		if err != nil {
			return nil, fmt.Errorf("floors.txt:%d: %w", n+1, err)
		}
		out[f[0]] = v
	}
	return out, nil
}
