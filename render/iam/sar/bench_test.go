package sar

import "testing"

// reset forgets everything decoded so far, so that a benchmark measures
// what a fresh process pays. It is for tests only: the package never
// unloads data.
func reset() {
	state = newStore(embedded)
}

// BenchmarkFirstLookupLambda measures the first Lookup of a small service in
// a fresh process, which is what a run of pipegen that names one service
// pays.
func BenchmarkFirstLookupLambda(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		reset()
		if _, ok := Lookup("lambda:CreateFunction"); !ok {
			b.Fatal("lambda:CreateFunction not found")
		}
	}
}

// BenchmarkLoadAll measures Load from a fresh state: every service decoded
// and checked.
func BenchmarkLoadAll(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		reset()
		if err := Load(); err != nil {
			b.Fatal(err)
		}
	}
}
