package actors_test

import (
	"testing"

	"github.com/dyad-events/dyad/internal/actors"
	"github.com/dyad-events/dyad/internal/dictdata"
)

// BenchmarkCompile measures building the matcher from the shipped set, which start-up pays.
func BenchmarkCompile(b *testing.B) {
	set, _, err := dictdata.Shipped()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		actors.Compile(set)
	}
}
