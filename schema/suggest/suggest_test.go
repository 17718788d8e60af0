package suggest

import "testing"

func TestClosest(t *testing.T) {
	known := []string{"generate", "validate", "templates", "pipeline.yaml.tmpl"}
	for got, want := range map[string]string{
		"genrate":           "generate",
		"VALIDATE":          "validate",
		"pipline.yaml.tmpl": "pipeline.yaml.tmpl",
		"deploy":            "",
		"":                  "",
	} {
		if c := Closest(got, known); c != want {
			t.Errorf("Closest(%q) = %q, want %q", got, c, want)
		}
	}
	if p := DidYouMean("genrate", known); p != " (did you mean generate?)" {
		t.Errorf("DidYouMean: %q", p)
	}
	if d := Distance("kitten", "sitting"); d != 3 {
		t.Errorf("Distance(kitten, sitting) = %d, want 3", d)
	}
}
