// Package pattern matches the patterns of templates and schemas: with Go's
// RE2 when it can run them, compiled once per process; with regexp2 (which
// has lookarounds and backtracks) within one time budget per file, since a
// backtracking match can take time exponential in its input.
package pattern

import (
	"regexp"
	"sync"
	"time"

	"github.com/dlclark/regexp2"
)

// Patterns that need backtracking run on regexp2: every parameter's
// AllowedPattern (CloudFormation reads it as a Java regular expression) and
// the registry patterns Go's RE2 cannot run (lookarounds, which the schema
// generator keeps under x-pipegen-backtracking-pattern). A backtracking
// match can take time exponential in its input: (a+)+$ against forty a's and
// a b. regexp2 bounds each match, but a bound per match multiplies: twenty
// such parameters at a second each took twenty seconds. So each file gets
// one Budget of Time for all of its backtracking matches; when it is spent,
// the patterns left are not matched (a check left undecided passes, as an
// unfinished match always has) and the rules report it once (W0100).

// Time is one file's budget for backtracking matches. A match of a
// sensible pattern takes microseconds; a file that needs half a second has
// a pattern that will hurt CloudFormation too. (regexp2 notices its timeout
// on a clock that ticks every 100 ms, so the match that runs out may take
// up to 0.2 s more.)
const Time = 500 * time.Millisecond

// Budget is one file's time for backtracking matches. Its matches run one
// at a time, on regexp2 programs compiled for the file, so that each match
// gets what is left as its timeout.
type Budget struct {
	mu       sync.Mutex
	left     time.Duration
	compiled map[string]*regexp2.Regexp // by expression; nil when it does not compile
	errs     map[string]error
	cuts     map[string]Cut // by path: the checks the budget stopped
}

// Cut is a check the budget stopped: the first pattern at a path, and how
// many checks there were stopped.
type Cut struct {
	Path, What string
	Count      int
}

// NewBudget returns a budget of d.
func NewBudget(d time.Duration) *Budget {
	return &Budget{left: d, compiled: map[string]*regexp2.Regexp{}, errs: map[string]error{}, cuts: map[string]Cut{}}
}

// Regexp compiles expr once per file, with regexp2's default options (.NET
// syntax), and remembers a compile error.
func (b *Budget) Regexp(expr string) (*regexp2.Regexp, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.compile(expr)
}

func (b *Budget) compile(expr string) (*regexp2.Regexp, error) {
	if re, ok := b.compiled[expr]; ok {
		return re, b.errs[expr]
	}
	re, err := regexp2.Compile(expr, regexp2.None)
	b.compiled[expr], b.errs[expr] = re, err
	return re, err
}

// Match matches s against expr within what is left of the budget. decided
// is false when the budget ran out before or during the match; the check is
// then recorded as cut at path, what naming the pattern for the finding.
// A pattern that does not compile matches (decided): its compile error is
// the caller's business.
func (b *Budget) Match(expr, s, path, what string) (matched, decided bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	re, err := b.compile(expr)
	if err != nil {
		return true, true
	}
	if b.left <= 0 {
		b.cut(path, what)
		return false, false
	}
	re.MatchTimeout = b.left
	start := time.Now()
	matched, err = re.MatchString(s)
	b.left -= time.Since(start)
	if err != nil { // regexp2's one error in a match: the timeout
		b.left = 0
		b.cut(path, what)
		return false, false
	}
	return matched, true
}

func (b *Budget) cut(path, what string) {
	c, seen := b.cuts[path]
	if !seen {
		c = Cut{Path: path, What: what}
	}
	c.Count++
	b.cuts[path] = c
}

// Cuts lists the checks the budget stopped, one a path, in no order.
func (b *Budget) Cuts() []Cut {
	b.mu.Lock()
	defer b.mu.Unlock()
	out := make([]Cut, 0, len(b.cuts))
	for _, c := range b.cuts {
		out = append(out, c)
	}
	return out
}

// Site is where a resource's patterns are matched: the file's budget, and
// the path a cut is reported at (Resources/Id/Properties).
type Site struct {
	Budget *Budget
	Path   string
}

// Lazy is a schema pattern compiled on its first use: a check pays only for
// the patterns its values meet, and each pattern compiles once per process
// whichever schemas carry it (For). Go's RE2 runs it when it can; patterns
// that need lookarounds run on regexp2, within a file's budget.
type Lazy struct {
	pattern string
	once    sync.Once
	re      *regexp.Regexp // nil: the pattern needs regexp2
}

// lazies holds one Lazy per pattern text.
var lazies sync.Map // string -> *Lazy

// For returns the one Lazy of a pattern text.
func For(pattern string) *Lazy {
	if l, ok := lazies.Load(pattern); ok {
		return l.(*Lazy)
	}
	l, _ := lazies.LoadOrStore(pattern, &Lazy{pattern: pattern})
	return l.(*Lazy)
}

// Pattern is the pattern's text.
func (l *Lazy) Pattern() string { return l.pattern }

// Match matches s; decided is false when a pattern that needs regexp2 ran
// out of site's budget (a site without one gets a budget of its own).
func (l *Lazy) Match(s string, site Site) (matched, decided bool) {
	l.once.Do(func() { l.re, _ = RE2(l.pattern) })
	if l.re != nil {
		return l.re.MatchString(s), true
	}
	if site.Budget == nil {
		site.Budget = NewBudget(Time)
	}
	// A pattern regexp2 cannot compile matches: the generator checked that
	// every vendored one compiles.
	return site.Budget.Match(l.pattern, s, site.Path, "the pattern "+l.pattern)
}

// regexps caches the Go regexps of patterns, per process.
var regexps sync.Map // string -> *regexp.Regexp, or nil when it does not compile

// RE2 returns the Go regexp of a pattern, compiled once per process; ok is
// false when Go's RE2 cannot run it.
func RE2(pattern string) (*regexp.Regexp, bool) {
	if re, ok := regexps.Load(pattern); ok {
		re := re.(*regexp.Regexp)
		return re, re != nil
	}
	re, err := regexp.Compile(pattern)
	if err != nil {
		re = nil
	}
	regexps.Store(pattern, re)
	return re, re != nil
}
