using Xunit;

// Activity listeners are process-wide: each fixture's exporter sees every span. Running the classes one
// at a time keeps each test's telemetry its own.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
