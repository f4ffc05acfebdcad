// The tests run real processes with bounded waits on a 2-core machine: one at a time keeps them predictable.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
