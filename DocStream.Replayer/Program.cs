using DocStream.Replayer;
using DocStream.Replayer.Cli;
using DocStream.Replayer.Reporting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Spectre.Console;

// DocStream.Replayer: the Online Retail CSV -> POST /api/v1/invoices/batch.
//   Cli/        options, defaults from the environment, validation (exit code 2)
//   Csv/        streaming CSV reader (latin-1, .gz) and the row -> document mapping
//   Sending/    JSON bodies, the HTTP client and its retry loop, batching, pacing, the resume checkpoint
//   Reporting/  live progress, rejects file, final report
var (options, exitCode) = ReplayCommandLine.Parse(args, ReplayEnvironment.FromProcess(), Console.Out, Console.Error);
if (options is null)
{
    return exitCode;
}

using var host = options.DryRun ? null : ReplayHost.Build();
if (host is not null)
{
    await host.StartAsync();
}
using var cancellation = new ConsoleCancellation();

var interactive = AnsiConsole.Profile.Capabilities.Interactive && !Console.IsOutputRedirected;
if (!interactive)
{
    AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 160); // logs, not a screen: do not wrap at 80
}
var progress = options.Quiet ? ProgressMode.None : interactive ? ProgressMode.Live : ProgressMode.Plain;
var httpClient = host?.Services.GetRequiredService<IHttpClientFactory>().CreateClient(ReplayHost.IngestClientName);

exitCode = await new ReplayRunner(options, httpClient, AnsiConsole.Console, Console.Out, progress).RunAsync(cancellation.Token);

if (host is not null)
{
    await host.StopAsync(CancellationToken.None); // flushes the telemetry
}
return exitCode;
