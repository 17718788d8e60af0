package render

import (
	"strings"
	"testing"
	"time"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 9, 0, 0, 0, time.UTC) }

// TestRuntimeLifecycle walks runtimes through Lambda's retirement on an
// injected clock: generate says nothing long before deprecation, warns from
// 90 days before it until creation is blocked, and refuses from then on.
// Dates: python3.10 deprecated 2026-10-31, creation blocked 2027-02-01,
// updates 2027-03-03; python3.11 2027-06-30, 2027-07-31, 2027-08-31.
func TestRuntimeLifecycle(t *testing.T) {
	tests := []struct {
		name    string
		runtime string
		today   time.Time
		warning string // substring of RuntimeWarning, "" for none
		refusal string // substring of Check's error, "" for none
	}{
		{"long before deprecation", "python3.11", day(2026, 11, 26), "", ""},
		{"91 days before deprecation", "python3.11", day(2027, 3, 31), "", ""},
		{"90 days before deprecation", "python3.11", day(2027, 4, 1),
			"--runtime python3.11: Lambda deprecates python3.11 on 2027-06-30, in 90 day(s), and blocks creating functions with it from 2027-07-31 and updating them from 2027-08-31; move to --runtime python3.14 before then", ""},
		{"the deprecation day", "python3.11", day(2027, 6, 30), "Lambda deprecated python3.11 on 2027-06-30 (no more security patches)", ""},
		{"deprecated, creation not yet blocked", "3.10", day(2026, 11, 26),
			"--runtime python3.10: Lambda deprecated python3.10 on 2026-10-31 (no more security patches) and blocks creating functions with it from 2027-02-01 and updating them from 2027-03-03; move to --runtime python3.14 before then", ""},
		{"the day creation is blocked", "python3.10", day(2027, 2, 1), "",
			`--runtime "python3.10": Lambda has blocked creating functions with python3.10 since 2027-02-01 (updates are blocked from 2027-03-03), so the app's stack could not deploy; use --runtime python3.14`},
		{"updates blocked too", "3.10", day(2027, 3, 3), "",
			`--runtime "python3.10": Lambda has blocked creating functions with python3.10 since 2027-02-01 and updating them since 2027-03-03, so the app's stack could not deploy; use --runtime python3.14`},
		{"the newest runtime names no successor", "python3.14", day(2029, 6, 1),
			"move to a runtime newer than python3.14 (a newer pipegen lists it) before then", ""},
		{"not a pipegen runtime: unsupported, no lifecycle talk", "python3.9", day(2026, 11, 26), "", `--runtime "python3.9": unsupported runtime`},
		{"never a Lambda runtime", "python4.0", day(2026, 11, 26), "", `--runtime "python4.0": unsupported runtime`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			warning := RuntimeWarning(tt.runtime, tt.today)
			if (tt.warning == "") != (warning == "") || !strings.Contains(warning, tt.warning) {
				t.Errorf("RuntimeWarning = %q, want %q", warning, tt.warning)
			}
			err := Check(Params{AppName: "helloworld", Runtime: tt.runtime}.WithDefaults(), tt.today)
			switch {
			case tt.refusal == "" && err != nil:
				t.Errorf("Check refused: %v", err)
			case tt.refusal != "" && (err == nil || !strings.Contains(err.Error(), tt.refusal)):
				t.Errorf("Check = %v, want an error containing %q", err, tt.refusal)
			}
		})
	}
}

// TestDefaultRuntimeHasYearsLeft keeps the default off the retirement path
// for as long as the tests' clock says it should be.
func TestDefaultRuntimeHasYearsLeft(t *testing.T) {
	if w := RuntimeWarning(DefaultRuntime, testToday().AddDate(2, 0, 0)); w != "" {
		t.Errorf("the default %s is retiring within two years of %s: %s", DefaultRuntime, testToday().Format(time.DateOnly), w)
	}
}
