package codingtest

import (
	"fmt"
	"io/fs"
	"strconv"
	"strings"
)

// Floors reads floors.txt: lines of "SET METRIC f1 VALUE", the lowest F1 each metric may score
// on each corpus ("gold", "heldout").
func Floors(fsys fs.FS) (map[string]map[string]float64, error) {
	b, err := fs.ReadFile(fsys, "floors.txt")
	if err != nil {
		return nil, err
	}
	out := map[string]map[string]float64{}
	for n, line := range strings.Split(string(b), "\n") {
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if len(f) != 4 || f[2] != "f1" {
			return nil, fmt.Errorf("floors.txt:%d: want \"SET METRIC f1 VALUE\"", n+1)
		}
		v, err := strconv.ParseFloat(f[3], 64)
		if err != nil {
			return nil, fmt.Errorf("floors.txt:%d: %w", n+1, err)
		}
		if out[f[0]] == nil {
			out[f[0]] = map[string]float64{}
		}
		out[f[0]][f[1]] = v
	}
	return out, nil
}
