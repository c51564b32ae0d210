// Package sdkconformance checks that the vendors' own SDKs talk to the
// emulator unchanged: the promise that makes the emulator a fair stand-in
// for the clouds in tests, the demo and the benchmarks.
package sdkconformance
