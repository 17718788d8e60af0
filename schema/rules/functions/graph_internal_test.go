package functions

import (
	"fmt"
	"strings"
	"testing"

	"github.com/pipegen/pipegen/schema/template"
)

// TestLongDependencyChain runs the cycle search over a chain of 20,000
// resources closed into one loop: the search is iterative (no recursion
// depth) and linear, and it reports the loop once.
func TestLongDependencyChain(t *testing.T) {
	const n = 20000
	l := links{}
	names := make([]string, n)
	for i := range names {
		names[i] = fmt.Sprintf("R%05d", i)
	}
	for i := range names {
		l.add(names[i], names[(i+1)%n], template.TrailOf("p"))
	}
	got := l.cycles(names)
	if len(got) != 1 || len(got[0].nodes) != n+1 || got[0].nodes[0] != "R00000" || got[0].nodes[n] != "R00000" {
		t.Fatalf("want one loop of %d resources from R00000, got %d loops", n, len(got))
	}
	if strings.Join(got[0].nodes[:3], ",") != "R00000,R00001,R00002" {
		t.Fatalf("loop starts %v", got[0].nodes[:3])
	}
}
