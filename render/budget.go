package render

import (
	"fmt"
	"reflect"
	"sync/atomic"
	"time"
)

// Limits bound what rendering a template folder may cost. A --templates
// folder is code pipegen runs: an exponential include fan-out, loops over
// long lists or a function asked for gigabytes must end in an error
// naming the template, not in a hung or killed process.
type Limits struct {
	Time  time.Duration // wall time of one generate's rendering, every template included
	Bytes int64         // text and values the templates may make, counted where they are made
}

// DefaultLimits are far above what the built-in templates use (about 30 ms
// and 1 MB for the largest pipeline) and far below what would hurt: the
// rendered template cannot exceed CloudFormation's 1 MB anyway.
var DefaultLimits = Limits{Time: time.Second, Bytes: 16 << 20}

// LimitError is a limit a template ran into.
type LimitError struct {
	What string // "time" or "size"
	msg  string
}

func (e *LimitError) Error() string { return e.msg }

// budget is what is left of the Limits in one rendering. Only the
// rendering goroutine spends it; the watchdog only stops it.
type budget struct {
	limits   Limits
	deadline time.Time
	used     int64
	stopped  atomic.Bool
}

func newBudget(l Limits) *budget {
	return &budget{limits: l, deadline: time.Now().Add(l.Time)}
}

func (b *budget) timeUp() error {
	return &LimitError{What: "time", msg: fmt.Sprintf("rendering took longer than %v, pipegen's limit for a template folder: look for a loop or include that does not end", b.limits.Time)}
}

func (b *budget) tooBig(wanted int64) error {
	return &LimitError{What: "size", msg: fmt.Sprintf("rendering would make more than %d bytes (%d wanted, %d left), pipegen's limit for a template folder: look for a loop, include or repeat that multiplies text", b.limits.Bytes, wanted, b.room())}
}

// tick is called on every template function call and write: it stops the
// rendering once the time is up.
func (b *budget) tick() error {
	if b.stopped.Load() || time.Now().After(b.deadline) {
		b.stopped.Store(true)
		return b.timeUp()
	}
	return nil
}

// room is how many bytes may still be made.
func (b *budget) room() int64 { return b.limits.Bytes - b.used }

// fits refuses work that would make more than the room left.
func (b *budget) fits(n int64) error {
	if n < 0 || n > b.room() {
		return b.tooBig(n)
	}
	return nil
}

// charge spends n bytes.
func (b *budget) charge(n int64) error {
	if err := b.fits(n); err != nil {
		return err
	}
	b.used += n
	return nil
}

// budgetWriter is a template's output, charged as it is written.
type budgetWriter struct {
	b   *budget
	buf []byte
}

func (w *budgetWriter) Write(p []byte) (int, error) {
	if err := w.b.tick(); err != nil {
		return 0, err
	}
	if err := w.b.charge(int64(len(p))); err != nil {
		return 0, err
	}
	w.buf = append(w.buf, p...)
	return len(p), nil
}

// sizeOf is the bytes a template value stands for: its strings and, for
// lists and maps, a word per element, since a list of a million empty
// strings costs memory too. Structs are pipegen's own data and count
// nothing. The walk stops once past limit, and at depth 100 (a map can be
// made to hold itself).
func sizeOf(v reflect.Value, limit int64) int64 {
	return sizeAt(v, limit, 0)
}

func sizeAt(v reflect.Value, limit int64, depth int) int64 {
	if depth > 100 {
		return limit + 1
	}
	switch v.Kind() {
	case reflect.String:
		return int64(v.Len())
	case reflect.Interface, reflect.Pointer:
		if v.IsNil() {
			return 0
		}
		return sizeAt(v.Elem(), limit, depth)
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Uint8 {
			return int64(v.Len())
		}
		n := int64(v.Len()) * 16
		for i := 0; i < v.Len() && n <= limit; i++ {
			n += sizeAt(v.Index(i), limit-n, depth+1)
		}
		return n
	case reflect.Map:
		n := int64(v.Len()) * 32
		it := v.MapRange()
		for n <= limit && it.Next() {
			n += sizeAt(it.Key(), limit-n, depth+1) + sizeAt(it.Value(), limit-n, depth+1)
		}
		return n
	}
	return 8
}

// depthOf is how deeply lists and maps nest in v, up to 100; a walk of
// more than a million elements (a map holding itself) counts as 100.
func depthOf(v reflect.Value) int {
	visits := 0
	return depthAt(v, 0, &visits)
}

func depthAt(v reflect.Value, depth int, visits *int) int {
	if *visits++; depth >= 100 || *visits > 1_000_000 {
		return 100
	}
	deepest := depth
	switch v.Kind() {
	case reflect.Interface, reflect.Pointer:
		if !v.IsNil() {
			return depthAt(v.Elem(), depth, visits)
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len() && deepest < 100; i++ {
			deepest = max(deepest, depthAt(v.Index(i), depth+1, visits))
		}
	case reflect.Map:
		it := v.MapRange()
		for deepest < 100 && it.Next() {
			deepest = max(deepest, depthAt(it.Value(), depth+1, visits))
		}
	}
	return deepest
}
