using DocStream.Replayer.Cli;

namespace DocStream.Replayer.Tests;

/// <summary>Options, their defaults from the environment, and usage errors (exit code 2).</summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly Dictionary<string, string> _variables = [];
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();

    private ReplayEnvironment Environment => new(name => _variables.GetValueOrDefault(name), _directory.Path, _directory.Path);

    private (ReplayOptions? Options, int ExitCode) Parse(params string[] args) =>
        ReplayCommandLine.Parse(args, Environment, _output, _error);

    private string ExistingFile()
    {
        var path = _directory.File("online-retail.csv.gz");
        File.WriteAllBytes(path, [0x1f, 0x8b]);
        return path;
    }

    [Theory]
    [InlineData("0")]
    [InlineData("5001")]
    [InlineData("-3")]
    public void A_batch_size_outside_1_to_5000_is_a_usage_error(string size)
    {
        var (options, exit) = Parse("--file", ExistingFile(), "--batch-size", size);

        Assert.Null(options);
        Assert.Equal(ExitCodes.UsageError, exit);
        Assert.Contains("--batch-size must be between 1 and 5000", _error.ToString());
    }

    [Fact]
    public void Rate_and_speedup_together_are_a_usage_error()
    {
        var (_, exit) = Parse("--file", ExistingFile(), "--rate", "100", "--speedup", "86400");

        Assert.Equal(ExitCodes.UsageError, exit);
        Assert.Contains("--rate and --speedup cannot be used together", _error.ToString());
    }

    [Fact]
    public void A_missing_file_is_a_usage_error_that_names_the_path()
    {
        var (_, exit) = Parse("--file", "nowhere/missing.csv");

        Assert.Equal(ExitCodes.UsageError, exit);
        Assert.Contains("missing.csv' does not exist", _error.ToString());
    }

    [Fact]
    public void Without_a_file_and_without_the_data_set_nearby_the_error_says_how_to_give_one()
    {
        var (_, exit) = Parse();

        Assert.Equal(ExitCodes.UsageError, exit);
        Assert.Contains("No data file: pass --file", _error.ToString());
    }

    [Fact]
    public void A_value_that_is_not_a_number_and_an_unknown_option_are_usage_errors()
    {
        Assert.Equal(ExitCodes.UsageError, Parse("--file", ExistingFile(), "--concurrency", "many").ExitCode);
        Assert.Equal(ExitCodes.UsageError, Parse("--file", ExistingFile(), "--turbo").ExitCode);
        Assert.Equal(ExitCodes.UsageError, Parse("--file", ExistingFile(), "--max-retry-time", "soon").ExitCode);
        Assert.Contains("'soon' is not a duration", _error.ToString());
    }

    [Fact]
    public void Negative_rate_zero_speedup_and_zero_limit_are_usage_errors()
    {
        Assert.Equal(ExitCodes.UsageError, Parse("--file", ExistingFile(), "--rate", "-1").ExitCode);
        Assert.Equal(ExitCodes.UsageError, Parse("--file", ExistingFile(), "--speedup", "0").ExitCode);
        Assert.Equal(ExitCodes.UsageError, Parse("--file", ExistingFile(), "--limit", "0").ExitCode);
        Assert.Equal(ExitCodes.UsageError, Parse("--file", ExistingFile(), "--api-url", "ftp://x").ExitCode);
    }

    [Fact]
    public void Defaults_are_a_batch_of_1000_four_in_flight_five_minutes_of_retries_and_localhost_5080()
    {
        var file = ExistingFile();

        var (options, exit) = Parse("--file", file);

        Assert.Equal(ExitCodes.Success, exit);
        Assert.NotNull(options);
        Assert.Equal(1000, options.BatchSize);
        Assert.Equal(4, options.Concurrency);
        Assert.Equal(TimeSpan.FromMinutes(5), options.MaxRetryTime);
        Assert.Equal(new Uri("http://localhost:5080"), options.ApiUrl);
        Assert.Null(options.Rate);
        Assert.Equal(Path.Combine(_directory.Path, "online-retail.rejects.csv"), options.RejectsPath);
        Assert.Equal(Path.Combine(_directory.Path, "online-retail.replay-state.json"), options.CheckpointPath);
    }

    [Fact]
    public void The_api_url_comes_from_INGEST_API_URL_then_from_the_aspire_service_variables()
    {
        var file = ExistingFile();
        _variables["services__ingestapi__https__0"] = "https://localhost:7001";
        Assert.Equal(new Uri("https://localhost:7001"), Parse("--file", file).Options!.ApiUrl);

        _variables["services__ingestapi__http__0"] = "http://localhost:5111";
        Assert.Equal(new Uri("http://localhost:5111"), Parse("--file", file).Options!.ApiUrl);

        _variables["INGEST_API_URL"] = "http://ingest:8080";
        Assert.Equal(new Uri("http://ingest:8080"), Parse("--file", file).Options!.ApiUrl);

        Assert.Equal(new Uri("http://other:1"), Parse("--file", file, "--api-url", "http://other:1").Options!.ApiUrl);
    }

    [Fact]
    public void The_file_and_the_api_key_come_from_the_environment_when_not_given()
    {
        _variables["REPLAY_FILE"] = ExistingFile();
        _variables["DOCSTREAM_API_KEY"] = "from-env";

        var (options, _) = Parse();

        Assert.Equal(_variables["REPLAY_FILE"], options!.File);
        Assert.Equal("from-env", options.ApiKey);
        Assert.Equal("given", Parse("--api-key", "given").Options!.ApiKey);
    }

    [Fact]
    public void The_data_set_is_found_in_a_parent_directory()
    {
        var data = Directory.CreateDirectory(Path.Combine(_directory.Path, "shared", "data"));
        File.WriteAllBytes(Path.Combine(data.FullName, "online-retail.csv.gz"), [0x1f, 0x8b]);
        var nested = Directory.CreateDirectory(Path.Combine(_directory.Path, "main", "DocStream.Replayer"));

        var environment = new ReplayEnvironment(_ => null, nested.FullName, nested.FullName);

        Assert.Equal(Path.Combine(data.FullName, "online-retail.csv.gz"), environment.FindDefaultDataFile());
    }

    [Fact]
    public void An_id_prefix_is_taken_as_given_and_one_an_id_cannot_hold_is_a_usage_error()
    {
        var file = ExistingFile();
        Assert.Null(Parse("--file", file).Options!.IdPrefix);
        Assert.Equal("soak-2", Parse("--file", file, "--id-prefix", "soak-2").Options!.IdPrefix);

        foreach (var bad in (string[])["", "a b", "x:y", new string('p', 101)])
        {
            Assert.Equal(ExitCodes.UsageError, Parse("--file", file, "--id-prefix", bad).ExitCode);
        }
        Assert.Contains("--id-prefix must be 1 to 100 letters, digits and - _ . #", _error.ToString());
    }

    [Theory]
    [InlineData("300", 300)]
    [InlineData("90s", 90)]
    [InlineData("5m", 300)]
    [InlineData("1h", 3600)]
    [InlineData("00:02:00", 120)]
    [InlineData("500ms", 0.5)]
    public void Max_retry_time_reads_durations_as_people_write_them(string text, double seconds)
    {
        var (options, _) = Parse("--file", ExistingFile(), "--max-retry-time", text);

        Assert.Equal(TimeSpan.FromSeconds(seconds), options!.MaxRetryTime);
    }

    [Fact]
    public void Help_is_shown_with_exit_code_0()
    {
        var (options, exit) = Parse("--help");

        Assert.Null(options);
        Assert.Equal(0, exit);
        Assert.Contains("--speedup", _output.ToString());
        Assert.Contains("--max-retry-time", _output.ToString());
    }

    public void Dispose() => _directory.Dispose();
}
