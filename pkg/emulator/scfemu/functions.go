package scfemu

import (
	"fmt"
	"hash/fnv"
	"time"
)

// Function is one emulated cloud function and the shape of its invocations.
type Function struct {
	Namespace   string
	Name        string
	Runtime     string
	Description string
	MemorySize  int // MB
	Timeout     int // seconds
	AddTime     time.Time
	ModTime     time.Time

	// weight is the share of demo invocations this function gets.
	weight float64
	// failRate is the share of failed invocations; failKinds are drawn from.
	failRate  float64
	failKinds []outcome
	// durationMs is the [min, max) range of a successful run.
	durationMs [2]float64
	// memoryMB is the [min, max) range of the peak memory of a run.
	memoryMB [2]float64
}

// FunctionID is the stable "lam-" id real SCF gives each function.
func (f Function) FunctionID() string {
	h := fnv.New32a()
	h.Write([]byte(f.Namespace + "/" + f.Name))
	return fmt.Sprintf("lam-%08x", h.Sum32())
}

// Namespace is one emulated SCF namespace.
type Namespace struct {
	Name        string
	Description string
	Type        string
	AddTime     time.Time
	ModTime     time.Time
}

// demoCatalog lists the demo functions; created is when the account was set
// up (all functions are older than the demo data).
func demoCatalog(created time.Time) ([]Namespace, []Function) {
	at := func(days int) time.Time { return created.Add(time.Duration(days) * 24 * time.Hour) }
	namespaces := []Namespace{
		{Name: "default", Description: "默认命名空间", Type: "default", AddTime: at(0), ModTime: at(0)},
		{Name: "staging", Description: "pre-release copies", Type: "default", AddTime: at(3), ModTime: at(3)},
	}
	functions := []Function{
		{Namespace: "default", Name: "hello-node", Runtime: "Nodejs12.16", Description: "helloworld blank template", MemorySize: 128, Timeout: 3,
			AddTime: at(1), ModTime: at(20), weight: 30, durationMs: [2]float64{1, 12}, memoryMB: [2]float64{8, 24}},
		{Namespace: "default", Name: "order-api", Runtime: "Python3.6", Description: "orders REST API behind API Gateway", MemorySize: 256, Timeout: 10,
			AddTime: at(2), ModTime: at(25), weight: 25, failRate: 0.05, failKinds: []outcome{outcomeUserError},
			durationMs: [2]float64{15, 220}, memoryMB: [2]float64{28, 64}},
		{Namespace: "default", Name: "image-resize", Runtime: "Go1", Description: "COS trigger: thumbnails", MemorySize: 512, Timeout: 30,
			AddTime: at(4), ModTime: at(22), weight: 15, failRate: 0.02, failKinds: []outcome{outcomeMemoryLimit, outcomeUserError},
			durationMs: [2]float64{80, 1800}, memoryMB: [2]float64{40, 480}},
		{Namespace: "default", Name: "report-java", Runtime: "Java8", Description: "nightly and on-demand PDF reports", MemorySize: 1024, Timeout: 30,
			AddTime: at(5), ModTime: at(18), weight: 5, failRate: 0.03, failKinds: []outcome{outcomeTimeout},
			durationMs: [2]float64{2000, 20000}, memoryMB: [2]float64{180, 600}},
		{Namespace: "default", Name: "flaky-worker", Runtime: "Nodejs10.15", Description: "CMQ consumer calling a flaky partner API", MemorySize: 128, Timeout: 10,
			AddTime: at(6), ModTime: at(27), weight: 10, failRate: 0.30, failKinds: []outcome{outcomeTimeout, outcomeUserError, outcomeUserError, outcomeMemoryLimit},
			durationMs: [2]float64{40, 3000}, memoryMB: [2]float64{20, 110}},
		{Namespace: "staging", Name: "hello-node", Runtime: "Nodejs12.16", Description: "helloworld blank template (staging)", MemorySize: 128, Timeout: 3,
			AddTime: at(8), ModTime: at(28), weight: 10, failRate: 0.01, failKinds: []outcome{outcomeUserError},
			durationMs: [2]float64{1, 15}, memoryMB: [2]float64{8, 24}},
		{Namespace: "staging", Name: "cron-cleanup", Runtime: "Python3.6", Description: "timer trigger: purge expired sessions", MemorySize: 128, Timeout: 60,
			AddTime: at(9), ModTime: at(26), weight: 5, failRate: 0.02, failKinds: []outcome{outcomeUserError},
			durationMs: [2]float64{300, 4000}, memoryMB: [2]float64{20, 60}},
	}
	return namespaces, functions
}

// Log delivery roles (CLS.md 1.1, 1.2): every demo function delivers to
// Config.CLSTopicID in the default format, except these two.
const (
	// NoTopicFunction (in NoTopicNamespace) has no CLS topic, like an old
	// function that was never migrated: GetFunction answers an empty
	// ClsTopicId and its runs never reach CLS.
	NoTopicFunction  = "cron-cleanup"
	NoTopicNamespace = "staging"
	// SimplifiedLogFunction (namespace default) delivers in the simplified
	// format: user lines carry 9 keys only (see delivery.go).
	SimplifiedLogFunction = "image-resize"
)

// handler is the entry point SCF shows for the runtime's blank template.
func (f Function) handler() string {
	if f.Runtime == "Go1" {
		return "main"
	}
	return "index.main_handler"
}
