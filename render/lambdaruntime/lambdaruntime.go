// Package lambdaruntime knows when AWS Lambda retires each runtime (Python,
// which `generate` offers, and every other language, which `validate`
// checks): the day it is deprecated, the day Lambda stops creating
// functions with it, and the day it stops updating them. It is the one table both `generate`
// (render) and `validate` (schema) read, so it imports no other pipegen
// package.
package lambdaruntime

import "time"

// Lifecycle is one runtime's retirement schedule. A zero date is one AWS has
// not announced.
type Lifecycle struct {
	Name          string    // runtime identifier, e.g. python3.12
	Deprecated    time.Time // no more patches or support; creating and updating still work
	CreateBlocked time.Time // from this day, no new functions
	UpdateBlocked time.Time // from this day, existing functions cannot be updated either
	Successor     string    // the runtime to move to; "" for the newest
}

// Phase is where a runtime stands on a given day.
type Phase int

const (
	Supported     Phase = iota // not deprecated
	Deprecated                 // deprecated, but functions can still be created and updated
	CreateBlocked              // no new functions; existing ones can still be updated
	UpdateBlocked              // no new functions, no updates
)

// day is a calendar date, as AWS's runtime table gives them.
func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// python lists every Python runtime Lambda has offered, one line each:
// name, deprecated, creation blocked, updates blocked, successor.
//
// Source: AWS Lambda developer guide, "Lambda runtimes"
// (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html) and its
// Python table on "Building Lambda functions with Python"
// (https://docs.aws.amazon.com/lambda/latest/dg/lambda-python.html), read
// 2026-11-26 through stored copies. Cross-checked with cfn-lint's
// LmbdRuntimeLifecycle.json: 1.51.0 (installed here, 2026-05-12) and
// 1.51.3+ (commit afd7953 of 2026-06-02, "Update Lambda runtime lifecycle
// dates from AWS docs", unchanged up to 2026-08-19).
//
// AWS has moved these dates more than once (the Amazon Linux 2 based
// runtimes python3.10 and python3.11 were extended past AL2's end of life on
// 2026-06-30), and where AWS and cfn-lint differ, AWS wins:
//   - python3.11: AWS's Python table says 2027-06-30 / 2027-07-31 / 2027-08-31;
//     cfn-lint 1.51.0 still has 2026-06-30 / 2026-07-31 / 2026-08-31.
//   - python3.10: deprecated 2026-10-31 (AWS's Python table, AWS Health
//     notices); cfn-lint 1.51.0 has 2026-06-30. Its block dates moved twice:
//     2026-11-30 / 2027-01-15 in the stored copy of AWS's Python table, then
//     2027-02-01 / 2027-03-03 in AWS Health notices of May 2026 and in
//     cfn-lint's copy of AWS's table of 2026-06-02. The later dates are used.
//   - python3.8, python3.9: creation blocked 2027-02-01, updates 2027-03-03
//     (cfn-lint 2026-06-02 from AWS's table; 1.51.0 has 2026-06-01 / 2026-07-01).
//   - python3.7: updates blocked 2027-03-03 (1.51.0: 2026-03-09).
//
// Rows older than python3.10 are AWS's deprecated-runtimes table as cfn-lint
// copied it. To update: edit the row here, then README.md's copy under
// "Runtimes and images" (TestReadmeRuntimeDates compares them) and the tests
// whose pinned day falls near a moved date.
var python = []Lifecycle{
	{"python2.7", day(2021, 7, 15), day(2021, 7, 15), day(2022, 5, 30), "python3.14"},
	{"python3.6", day(2022, 7, 18), day(2022, 7, 18), day(2022, 8, 29), "python3.14"},
	{"python3.7", day(2023, 12, 4), day(2024, 1, 9), day(2027, 3, 3), "python3.14"},
	{"python3.8", day(2024, 10, 14), day(2027, 2, 1), day(2027, 3, 3), "python3.14"},
	{"python3.9", day(2025, 12, 15), day(2027, 2, 1), day(2027, 3, 3), "python3.14"},
	{"python3.10", day(2026, 10, 31), day(2027, 2, 1), day(2027, 3, 3), "python3.14"},
	{"python3.11", day(2027, 6, 30), day(2027, 7, 31), day(2027, 8, 31), "python3.14"},
	{"python3.12", day(2028, 10, 31), day(2028, 11, 30), day(2029, 1, 10), "python3.14"},
	{"python3.13", day(2029, 6, 30), day(2029, 7, 31), day(2029, 8, 31), "python3.14"},
	{"python3.14", day(2029, 6, 30), day(2029, 7, 31), day(2029, 8, 31), ""},
}

// others lists every other runtime Lambda has offered (Node.js, Java,
// .NET, Ruby, Go and the OS-only runtimes), for validate's W2531, E2531 and
// E2533; generate offers Python only. A zero date is one AWS has not
// announced.
//
// Source: cfn-lint's src/cfnlint/data/AdditionalSpecs/LmbdRuntimeLifecycle.json
// (MIT-0) at commit 217397c of 2026-08-19, whose dates were last taken from
// AWS's "Lambda runtimes" page in commit afd7953 of 2026-06-02 ("Update
// Lambda runtime lifecycle dates from AWS docs"); its Python rows are the
// ones above, row for row. To update: copy the rows of a newer cfn-lint or
// of AWS's page, and the tests whose pinned day falls near a moved date.
var others = []Lifecycle{
	{"dotnet6", day(2024, 12, 20), day(2027, 2, 1), day(2027, 3, 3), "dotnet10"},
	{"dotnet8", day(2026, 11, 10), day(2027, 2, 1), day(2027, 3, 3), "dotnet10"},
	{"dotnet9", day(2026, 11, 10), time.Time{}, time.Time{}, "dotnet10"},
	{"dotnet10", day(2028, 11, 14), day(2028, 12, 14), day(2029, 1, 15), ""},
	{"dotnetcore1.0", day(2019, 6, 27), day(2019, 6, 30), day(2019, 7, 30), "dotnet10"},
	{"dotnetcore2.0", day(2019, 5, 30), day(2019, 4, 30), day(2019, 5, 30), "dotnet10"},
	{"dotnetcore2.1", day(2022, 1, 5), day(2022, 1, 5), day(2022, 4, 13), "dotnet10"},
	{"dotnetcore3.1", day(2023, 4, 3), day(2023, 4, 3), day(2023, 5, 3), "dotnet10"},
	{"go1.x", day(2024, 1, 8), day(2024, 2, 8), day(2027, 3, 3), "provided.al2023"},
	{"java8", day(2024, 1, 8), day(2024, 2, 8), day(2027, 3, 3), "java25"},
	{"java8.al2", day(2027, 6, 30), day(2027, 7, 31), day(2027, 8, 31), "java25"},
	{"java11", day(2027, 6, 30), day(2027, 7, 31), day(2027, 8, 31), "java25"},
	{"java17", day(2027, 6, 30), day(2027, 7, 31), day(2027, 8, 31), "java25"},
	{"java21", day(2029, 6, 30), day(2029, 7, 31), day(2029, 8, 31), "java25"},
	{"java25", day(2029, 6, 30), day(2029, 7, 31), day(2029, 8, 31), ""},
	{"nodejs", day(2016, 8, 30), day(2016, 9, 30), day(2016, 10, 31), "nodejs24.x"},
	{"nodejs4.3", day(2020, 3, 5), day(2020, 2, 3), day(2020, 3, 5), "nodejs24.x"},
	{"nodejs4.3-edge", day(2020, 3, 5), day(2019, 3, 31), day(2019, 4, 30), "nodejs24.x"},
	{"nodejs6.10", day(2019, 8, 12), day(2019, 7, 12), day(2019, 8, 12), "nodejs24.x"},
	{"nodejs8.10", day(2020, 3, 6), day(2020, 2, 4), day(2020, 3, 6), "nodejs24.x"},
	{"nodejs10.x", day(2021, 7, 30), day(2021, 7, 30), day(2022, 2, 14), "nodejs24.x"},
	{"nodejs12.x", day(2023, 3, 31), day(2023, 3, 31), day(2023, 4, 30), "nodejs24.x"},
	{"nodejs14.x", day(2023, 12, 4), day(2024, 1, 9), day(2027, 3, 3), "nodejs24.x"},
	{"nodejs16.x", day(2024, 6, 12), day(2027, 2, 1), day(2027, 3, 3), "nodejs24.x"},
	{"nodejs18.x", day(2025, 9, 1), day(2027, 2, 1), day(2027, 3, 3), "nodejs24.x"},
	{"nodejs20.x", day(2026, 4, 30), day(2027, 2, 1), day(2027, 3, 3), "nodejs24.x"},
	{"nodejs22.x", day(2027, 4, 30), day(2027, 6, 1), day(2027, 7, 1), "nodejs24.x"},
	{"nodejs24.x", day(2028, 4, 30), day(2028, 6, 1), day(2028, 7, 1), ""},
	{"provided", day(2024, 1, 8), day(2024, 2, 8), day(2027, 3, 3), "provided.al2023"},
	{"provided.al2", day(2026, 7, 31), day(2027, 2, 1), day(2027, 3, 3), "provided.al2023"},
	{"provided.al2023", day(2029, 6, 30), day(2029, 7, 31), day(2029, 8, 31), ""},
	{"ruby2.5", day(2021, 7, 30), day(2021, 7, 30), day(2022, 3, 31), "ruby4.0"},
	{"ruby2.7", day(2023, 12, 7), day(2024, 1, 9), day(2027, 3, 3), "ruby4.0"},
	{"ruby3.2", day(2026, 3, 31), day(2027, 2, 1), day(2027, 3, 3), "ruby4.0"},
	{"ruby3.3", day(2027, 3, 31), day(2027, 4, 30), day(2027, 5, 31), "ruby4.0"},
	{"ruby3.4", day(2028, 3, 31), day(2028, 4, 30), day(2028, 5, 31), "ruby4.0"},
	{"ruby4.0", day(2029, 3, 31), day(2029, 4, 30), day(2029, 5, 31), ""},
}

// Names lists every runtime Lambda has offered, Python's first.
func Names() []string {
	var out []string
	for _, table := range [][]Lifecycle{python, others} {
		for _, l := range table {
			out = append(out, l.Name)
		}
	}
	return out
}

// Lookup returns the lifecycle of a runtime Lambda has offered.
func Lookup(name string) (Lifecycle, bool) {
	for _, table := range [][]Lifecycle{python, others} {
		for _, l := range table {
			if l.Name == name {
				return l, true
			}
		}
	}
	return Lifecycle{}, false
}

// PhaseAt says where the runtime stands on now's calendar day (in now's own
// time zone): a date in the table counts from its first moment, as AWS's
// "block function create: Jul 31" means blocked on Jul 31.
func (l Lifecycle) PhaseAt(now time.Time) Phase {
	today := day(now.Year(), now.Month(), now.Day())
	reached := func(d time.Time) bool { return !d.IsZero() && !today.Before(d) }
	switch {
	case reached(l.UpdateBlocked):
		return UpdateBlocked
	case reached(l.CreateBlocked):
		return CreateBlocked
	case reached(l.Deprecated):
		return Deprecated
	}
	return Supported
}

// DaysToDeprecation counts the calendar days from now's day to the
// deprecation date (negative once past), and reports false when AWS has
// announced no date.
func (l Lifecycle) DaysToDeprecation(now time.Time) (int, bool) {
	if l.Deprecated.IsZero() {
		return 0, false
	}
	today := day(now.Year(), now.Month(), now.Day())
	return int(l.Deprecated.Sub(today).Hours() / 24), true
}

// Date prints a table date as AWS's ISO form, or says it is not announced.
func Date(d time.Time) string {
	if d.IsZero() {
		return "a date AWS has not announced"
	}
	return d.Format(time.DateOnly)
}
