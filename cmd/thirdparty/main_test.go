package main

import (
	"os"
	"strings"
	"testing"
)

// TestFileIsCurrent: the committed THIRD_PARTY_LICENSES is what the
// generator writes for today's module list.
func TestFileIsCurrent(t *testing.T) {
	if err := os.Chdir("../.."); err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := write(&b); err != nil {
		t.Fatal(err)
	}
	committed, err := os.ReadFile("THIRD_PARTY_LICENSES")
	if err != nil {
		t.Fatal(err)
	}
	if b.String() != string(committed) {
		t.Fatal("THIRD_PARTY_LICENSES is out of date with the linked modules: run make licenses")
	}
	mods, err := linkedModules()
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range mods {
		if !strings.Contains(b.String(), "\n"+m.Path+" "+m.Version) {
			t.Errorf("%s is linked but not listed", m.Path)
		}
	}
	if len(mods) < 5 || !strings.Contains(b.String(), "go.uber.org/zap") {
		t.Errorf("implausible module list: %v", mods)
	}
}

func TestClassify(t *testing.T) {
	tests := map[string]string{
		"Apache License\n  Version 2.0, January 2004":                               "Apache-2.0",
		"Permission is hereby granted, free of charge, to any person":               "MIT",
		"Redistribution and use in source and binary forms ... Neither the name of": "BSD-3-Clause",
		"Redistribution and use in source\n and binary forms, with or without":      "BSD-2-Clause",
		"GNU GENERAL PUBLIC LICENSE Version 3":                                      "",
		"":                                                                          "",
	}
	for text, want := range tests {
		if got := Classify(text); got != want {
			t.Errorf("Classify(%q) = %q, want %q", text, got, want)
		}
	}
}
