using DocStream.Bench.Dashboard;

// DocStream.Bench.Dashboard load    --connection <mongodb://…> [--file online-retail.csv.gz] [--limit N]
// DocStream.Bench.Dashboard measure --connection <mongodb://…> [--file …] [--dashboard-url http://…]
//                                   [--limit N] [--lookups 300] [--renders 100] [--recomputes 3] [--seed 42] [--profile]
if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.WriteLine("usage: DocStream.Bench.Dashboard load|measure --connection <mongodb uri> [options] (see bench/dashboard.sh)");
    return args.Length == 0 ? 2 : 0;
}

var options = new Dictionary<string, string>(StringComparer.Ordinal);
for (var i = 1; i < args.Length; i++)
{
    if (!args[i].StartsWith("--", StringComparison.Ordinal))
    {
        Console.Error.WriteLine($"unexpected argument '{args[i]}'");
        return 2;
    }
    var name = args[i][2..];
    options[name] = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : "true";
}
if (!options.TryGetValue("connection", out var connection))
{
    Console.Error.WriteLine("--connection is required");
    return 2;
}
int Int(string name, int fallback) => options.TryGetValue(name, out var v) ? int.Parse(v, System.Globalization.CultureInfo.InvariantCulture) : fallback;
var file = DataSetFile.Find(options.GetValueOrDefault("file"));

switch (args[0])
{
    case "load":
        await Loader.RunAsync(connection, file, Int("limit", int.MaxValue));
        return 0;
    case "measure":
        await Measurements.RunAsync(new MeasureSettings(
            connection, file, Int("limit", int.MaxValue),
            options.TryGetValue("dashboard-url", out var url) ? new Uri(url) : null,
            Int("lookups", 300), Int("renders", 100), Int("recomputes", 3), Int("seed", 42),
            options.ContainsKey("profile")));
        return 0;
    default:
        Console.Error.WriteLine($"unknown command '{args[0]}'");
        return 2;
}
