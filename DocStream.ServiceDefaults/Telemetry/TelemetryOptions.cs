namespace DocStream.ServiceDefaults.Telemetry;

/// <summary>Settings of DocStream's tracing, section <c>DocStream:Telemetry</c>.</summary>
public sealed class TelemetryOptions
{
    public const string Section = "DocStream:Telemetry";

    /// <summary>
    /// Export the plumbing's traces too: health probes (<c>/health</c>, <c>/alive</c> and the MongoDB pings behind them)
    /// and the MongoDB commands of status polling and other background loops. Off by default, so the trace list
    /// shows the pipeline's documents.
    /// </summary>
    public bool ExportPlumbingTraces { get; set; }
}
