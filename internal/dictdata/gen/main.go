// Command gen compiles the shipped dictionaries, and the actor matcher built from them, into
// shipped.bin, which dyad decodes at start-up
// instead of parsing the text. It loads the text with every check and refuses to write a set
// that has problems. Run it with "go generate ./internal/dictdata" after editing a dictionary;
// the tests fail, naming this command, when shipped.bin is out of date.
package main

import (
	"encoding/binary"
	"fmt"
	"os"

	"github.com/dyad-events/dyad/internal/actors"
	"github.com/dyad-events/dyad/internal/dict"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run() error {
	fsys := os.DirFS(".")
	set, err := dict.Load(fsys)
	if err != nil {
		return fmt.Errorf("the dictionaries have problems:\n%w", err)
	}
	sum, err := dict.Checksum(fsys)
	if err != nil {
		return err
	}
	bin, err := set.MarshalBinary()
	if err != nil {
		return err
	}
	mbin, err := actors.Compile(set).MarshalBinary()
	if err != nil {
		return err
	}
	out := append([]byte(sum+"\n"), binary.AppendUvarint(nil, uint64(len(bin)))...)
	out = append(append(out, bin...), mbin...)
	if err := os.WriteFile("shipped.bin", out, 0o644); err != nil {
		return err
	}
	fmt.Printf("shipped.bin: %d bytes, checksum %s\n", len(out), sum)
	return nil
}
