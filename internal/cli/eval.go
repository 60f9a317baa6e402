package cli

import (
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/dyad-events/dyad/internal/coding/codingtest"
)

type evalCmd struct {
	dictFlags
	Gold   string `type:"existingdir" help:"Read the gold corpus from DIR/SET/*.txt instead of the shipped one."`
	Set    string `default:"gold" enum:"gold,heldout" help:"Which corpus: gold (what the coder is developed against) or heldout (kept apart, to see whether that carries over)."`
	Tags   bool   `help:"Also show the whole-event F1 of each tag (negation, passive, quote ...)."`
	Misses bool   `help:"List the items where the coder differs from the gold events."`
	Tag    string `help:"Score only the items with this tag."`
}

func (c *evalCmd) Run(e *env) error {
	var fsys fs.FS = codingtest.FS
	if c.Gold != "" {
		fsys = os.DirFS(c.Gold)
	}
	items, err := codingtest.LoadSet(fsys, c.Set)
	if err != nil {
		return err
	}
	if c.Tag != "" {
		kept := items[:0]
		for _, it := range items {
			for _, t := range it.Tags {
				if t == c.Tag {
					kept = append(kept, it)
					break
				}
			}
		}
		items = kept
	}
	coder, err := c.coder()
	if err != nil {
		return err
	}
	rep := codingtest.Run(coder, items)
	rep.WriteTable(e.stdout)
	if c.Tags {
		fmt.Fprintln(e.stdout)
		rep.WriteTags(e.stdout)
	}
	if c.Misses {
		for _, m := range rep.Misses {
			fmt.Fprintf(e.stdout, "\n%s (%s) %s\n  %s\n", m.Item.ID, m.Item.Where, m.Item.Date, strings.ReplaceAll(m.Item.Text, "\n", "\n  "))
			for _, w := range m.Want {
				fmt.Fprintf(e.stdout, "  want %s\n", w)
			}
			for _, g := range m.Got {
				fmt.Fprintf(e.stdout, "  got  %s\n", g)
			}
		}
	}
	return nil
}
