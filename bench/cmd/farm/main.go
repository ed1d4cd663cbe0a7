// Command farm serves the latency farm of bench/internal/farm on loopback until
// interrupted, for running authspec against it by hand. It prints each
// server's origin and the credentials, one per line.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/signal"
	"runtime/pprof"
	"syscall"
	"time"

	"github.com/authspec/authspec/bench/internal/farm"
)

func main() {
	targets := flag.Int("targets", 1, "servers, each on its own loopback port")
	resources := flag.Int("resources", 10, "resources per server: /r/0 … /r/N-1")
	delay := flag.Duration("delay", 20*time.Millisecond, "delay before every answer")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the farm to this file until it is stopped")
	flag.Parse()
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		defer pprof.StopCPUProfile()
	}
	f, err := farm.Start(farm.Config{Targets: *targets, Resources: *resources, Delay: *delay})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	defer f.Close()
	fmt.Printf("credentials: %s / %s\n", farm.Username, farm.Password)
	for _, u := range f.URLs() {
		fmt.Println(u)
	}
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	<-stop
}
