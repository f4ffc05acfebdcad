using System.Net;
using System.Text.Json;
using DocStream.Replayer.Cli;
using DocStream.Replayer.Reporting;
using DocStream.Replayer.Sending;
using Spectre.Console;

namespace DocStream.Replayer.Tests;

/// <summary>Whole replays of a small file against the fake API: exit codes, rejects file, checkpoint, resume, Ctrl-C.</summary>
public sealed class ReplayRunnerTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly FakeIngestApi _api = new();
    private readonly StringWriter _screen = new();
    private readonly StringWriter _machine = new();

    private string WriteCsv(int rows, params (int Row, string Line)[] replacements)
    {
        var lines = new List<string> { TestData.Header };
        for (var i = 1; i <= rows; i++)
        {
            var replacement = replacements.FirstOrDefault(r => r.Row == i).Line;
            lines.Add(replacement ?? $"5364{i:00},85123A,ITEM {i} ,{i},12/1/2010 8:{i % 60:00},2.55,{(i % 5 == 0 ? string.Empty : "17850")},United Kingdom");
        }
        var path = _directory.File("small-shop.csv");
        File.WriteAllBytes(path, TestData.Latin1([.. lines]));
        return path;
    }

    private ReplayOptions Options(string file, int batchSize = 2, bool resume = false, long? limit = null, bool dryRun = false, string? idPrefix = null) => new()
    {
        IdPrefix = idPrefix,
        File = file,
        ApiUrl = new Uri("http://ingest.test"),
        ApiKey = "secret-key",
        BatchSize = batchSize,
        Concurrency = 1,
        Limit = limit,
        Resume = resume,
        DryRun = dryRun,
        RejectsPath = _directory.File("small-shop.rejects.csv"),
        CheckpointPath = _directory.File("small-shop.replay-state.json"),
        MaxRetryTime = TimeSpan.FromSeconds(30),
    };

    private Task<int> Run(ReplayOptions options, CancellationToken cancellationToken = default)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(_screen),
        });
        return new ReplayRunner(options, _api.Client(), console, _machine, ProgressMode.None)
        {
            RetryClock = new FastForwardClock(),
        }.RunAsync(cancellationToken);
    }

    private List<string> SentIds() => _api.Requests.SelectMany(r => r.Ids).ToList();

    private long CheckpointRow()
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(_directory.File("small-shop.replay-state.json")));
        return json.RootElement.GetProperty("LastConfirmedRow").GetInt64();
    }

    [Fact]
    public async Task A_replay_sends_every_row_once_and_prints_the_machine_readable_line()
    {
        var exit = await Run(Options(WriteCsv(7)));

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Equal(Enumerable.Range(1, 7).Select(i => $"small-shop:{i}"), SentIds());
        Assert.Equal(4, _api.Requests.Count);
        Assert.Matches(@"^REPLAY rows=7 accepted=7 rejected=0 unmappable=0 retried=0 seconds=\d+\.\d\d docs_per_s=\d+\r?\n$", _machine.ToString());
        Assert.Contains("Replay complete", _screen.ToString());
        Assert.Contains("p99", _screen.ToString());
        Assert.Equal(7, CheckpointRow());
    }

    [Fact]
    public async Task With_an_id_prefix_a_second_replay_of_the_same_file_sends_new_ids()
    {
        var file = WriteCsv(3);

        Assert.Equal(ExitCodes.Success, await Run(Options(file)));
        Assert.Equal(ExitCodes.Success, await Run(Options(file, idPrefix: "pass-2")));

        Assert.Equal(["small-shop:1", "small-shop:2", "small-shop:3", "pass-2:1", "pass-2:2", "pass-2:3"], SentIds());
    }

    [Fact]
    public async Task A_503_then_200_run_ends_with_the_exact_accepted_count_and_the_retry_counted()
    {
        _api.Respond = (n, request) => n == 2
            ? FakeIngestApi.Results(HttpStatusCode.ServiceUnavailable, request, _ => "failed", TimeSpan.FromSeconds(1))
            : FakeIngestApi.AcceptAll(request);

        var exit = await Run(Options(WriteCsv(6)));

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains("REPLAY rows=6 accepted=6 rejected=0 unmappable=0 retried=1 ", _machine.ToString());
    }

    [Fact]
    public async Task Rejected_and_unmappable_rows_go_to_the_rejects_file_with_row_numbers_and_reasons()
    {
        _api.Respond = (_, request) => FakeIngestApi.Results(HttpStatusCode.OK, request,
            i => request.Ids.ElementAt(i) == "small-shop:4" ? "rejected" : "accepted");
        var file = WriteCsv(6, (2, "536402,X,BROKEN,two,12/1/2010 8:30,2.55,17850,United Kingdom"));

        var exit = await Run(Options(file));

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Contains("REPLAY rows=6 accepted=4 rejected=1 unmappable=1 ", _machine.ToString());
        var rejects = File.ReadAllLines(_directory.File("small-shop.rejects.csv"));
        Assert.Equal(RejectsFileWriter.Header, rejects[0]);
        Assert.Equal(3, rejects.Length);
        Assert.StartsWith("2,3,,csv,", rejects[1]);
        Assert.Contains("Quantity 'two' is not a whole number.", rejects[1]);
        Assert.StartsWith("4,5,small-shop:4,api,", rejects[2]);
        Assert.Contains("InvoiceDate: '13/45/2010 8:26' is not a valid date.", rejects[2]);
        Assert.DoesNotContain("small-shop:2", SentIds());
    }

    [Fact]
    public async Task A_refused_api_key_stops_with_exit_code_1_and_a_clear_message()
    {
        _api.Respond = (_, _) => FakeIngestApi.Problem(HttpStatusCode.Unauthorized, "Unauthorized", "Bad key");

        var exit = await Run(Options(WriteCsv(10)));

        Assert.Equal(ExitCodes.Failed, exit);
        Assert.Contains("refused the API key (401", _screen.ToString());
        Assert.Contains("Replay failed", _screen.ToString());
        Assert.Single(_api.Requests);
    }

    [Fact]
    public async Task Resume_continues_after_the_last_confirmed_row_of_the_previous_run()
    {
        var file = WriteCsv(9);
        Assert.Equal(ExitCodes.Success, await Run(Options(file, limit: 4)));
        Assert.Equal(4, CheckpointRow());
        _api.Requests.Clear();

        var exit = await Run(Options(file, resume: true));

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Equal(Enumerable.Range(5, 5).Select(i => $"small-shop:{i}"), SentIds());
        Assert.Equal(9, CheckpointRow());
        Assert.Contains("Resuming after row 4", _screen.ToString());
    }

    [Fact]
    public async Task Ctrl_C_stops_cleanly_prints_the_summary_and_saves_a_checkpoint_to_resume_from()
    {
        var file = WriteCsv(10);
        using var cancellation = new CancellationTokenSource();
        _api.OnRequest = n =>
        {
            if (n == 3)
            {
                cancellation.Cancel();
            }
        };

        var exit = await Run(Options(file), cancellation.Token);

        Assert.Equal(ExitCodes.Cancelled, exit);
        Assert.Contains("Replay cancelled", _screen.ToString());
        Assert.StartsWith("REPLAY rows=", _machine.ToString());
        Assert.Equal(4, CheckpointRow()); // two batches of two confirmed, the third was cut off

        _api.OnRequest = null;
        _api.Requests.Clear();
        Assert.Equal(ExitCodes.Success, await Run(Options(file, resume: true)));
        Assert.Equal(Enumerable.Range(5, 6).Select(i => $"small-shop:{i}"), SentIds());
    }

    [Fact]
    public async Task A_checkpoint_of_another_file_is_refused_with_exit_code_2()
    {
        var file = WriteCsv(3);
        File.WriteAllText(_directory.File("small-shop.replay-state.json"),
            """{"FileName":"small-shop.csv","FileLength":1,"LastConfirmedRow":2,"UpdatedAt":"2024-01-01T00:00:00+00:00"}""");

        var exit = await Run(Options(file, resume: true));

        Assert.Equal(ExitCodes.UsageError, exit);
        Assert.Contains("belongs to", _screen.ToString());
        Assert.Empty(_api.Requests);
    }

    [Fact]
    public async Task A_dry_run_maps_and_serializes_without_sending_anything()
    {
        var exit = await Run(Options(WriteCsv(5, (3, "536403,X,\"UNCLOSED,1,12/1/2010 8:30,2.55,17850,United Kingdom")), dryRun: true));

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Empty(_api.Requests);
        Assert.Contains("REPLAY rows=5 accepted=0 rejected=0 unmappable=1 ", _machine.ToString());
        Assert.Contains("Dry run complete", _screen.ToString());
    }

    public void Dispose() => _directory.Dispose();
}
