package lambdaruntime

import (
	"testing"
	"time"
)

func at(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 12, 0, 0, 0, time.UTC) }

func TestPhaseAt(t *testing.T) {
	py310, _ := Lookup("python3.10") // 2026-10-31, 2027-02-01, 2027-03-03
	tests := []struct {
		name string
		now  time.Time
		want Phase
	}{
		{"long before deprecation", at(2025, 1, 1), Supported},
		{"the day before deprecation", at(2026, 10, 30), Supported},
		{"the deprecation day itself", at(2026, 10, 31), Deprecated},
		{"deprecated, still creatable", at(2026, 11, 26), Deprecated},
		{"the create-block day itself", at(2027, 2, 1), CreateBlocked},
		{"create blocked, still updatable", at(2027, 3, 2), CreateBlocked},
		{"the update-block day itself", at(2027, 3, 3), UpdateBlocked},
		{"years later", at(2035, 1, 1), UpdateBlocked},
		// 23:30 on Jan 31 in Los Angeles is already Feb 1 in UTC; the user's
		// calendar day decides.
		{"the user's own calendar day", time.Date(2027, 1, 31, 23, 30, 0, 0, time.FixedZone("PST", -8*3600)), Deprecated},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := py310.PhaseAt(tt.now); got != tt.want {
				t.Errorf("PhaseAt(%s) = %d, want %d", tt.now, got, tt.want)
			}
		})
	}
}

func TestUnannouncedDatesNeverArrive(t *testing.T) {
	l := Lifecycle{Name: "x", Deprecated: day(2026, 1, 1)}
	if got := l.PhaseAt(at(2040, 1, 1)); got != Deprecated {
		t.Errorf("PhaseAt = %d, want Deprecated: unannounced block dates are not reached", got)
	}
	if _, ok := (Lifecycle{}).DaysToDeprecation(at(2026, 1, 1)); ok {
		t.Error("DaysToDeprecation of an unannounced date reports a count")
	}
	if got := Date(time.Time{}); got != "a date AWS has not announced" {
		t.Errorf("Date(zero) = %q", got)
	}
}

func TestDaysToDeprecation(t *testing.T) {
	py311, _ := Lookup("python3.11") // deprecated 2027-06-30
	for now, want := range map[time.Time]int{
		at(2027, 6, 30): 0,
		at(2027, 4, 1):  90,
		at(2027, 3, 31): 91,
		at(2027, 7, 1):  -1,
	} {
		if got, ok := py311.DaysToDeprecation(now); !ok || got != want {
			t.Errorf("DaysToDeprecation(%s) = %d, %v; want %d", now.Format(time.DateOnly), got, ok, want)
		}
	}
}

// TestTableIsConsistent guards hand edits of the table: dates in order,
// every successor a runtime of the table deprecated no earlier than the one
// it replaces.
func TestTableIsConsistent(t *testing.T) {
	seen := map[string]bool{}
	for _, l := range python {
		if seen[l.Name] {
			t.Errorf("%s is listed twice", l.Name)
		}
		seen[l.Name] = true
		if l.UpdateBlocked.Before(l.CreateBlocked) {
			t.Errorf("%s: updates blocked (%s) before creation (%s)", l.Name, Date(l.UpdateBlocked), Date(l.CreateBlocked))
		}
		if l.Successor == "" {
			continue
		}
		next, ok := Lookup(l.Successor)
		if !ok {
			t.Errorf("%s: successor %s is not in the table", l.Name, l.Successor)
		} else if next.Deprecated.Before(l.Deprecated) {
			t.Errorf("%s: successor %s is deprecated (%s) before %s itself (%s)", l.Name, next.Name, Date(next.Deprecated), l.Name, Date(l.Deprecated))
		}
	}
	if _, ok := Lookup("python4.0"); ok {
		t.Error("Lookup found a runtime Lambda never offered")
	}
}
