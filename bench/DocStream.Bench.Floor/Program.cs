using System.Globalization;
using DocStream.Bench.Floor;

// Helper of bench/floor.sh: floor <kafka-bootstrap> <mongo-url> <csv.gz> [scale]
// Times the least work the pipeline's emulators can be given for the data set: the Kafka part, then the MongoDB part.
if (args.Length < 3)
{
    Console.Error.WriteLine("usage: DocStream.Bench.Floor <kafka-bootstrap> <mongo-url> <csv.gz> [scale] (see bench/floor.sh)");
    return 2;
}
var scale = args.Length > 3 ? double.Parse(args[3], CultureInfo.InvariantCulture) : 1.0;
var stem = Path.GetFileName(args[2]).Replace(".csv.gz", "", StringComparison.Ordinal).Replace(".csv", "", StringComparison.Ordinal);
// Read before the clock starts: the floor is what the emulators need, not the disk or gzip.
var rows = RawRows.Read(args[2], stem, scale);
Console.WriteLine($"{rows.Count} rows at scale {scale.ToString(CultureInfo.InvariantCulture)}.");

var kafkaSeconds = KafkaFloor.Run(args[0], rows);
var mongoSeconds = await MongoFloor.RunAsync(args[1], rows);

// Scale 1 is floor.*; other scales are named by their scale, as bench/e2e.sh names its runs.
var name = scale == 1.0 ? "floor" : $"floor.scale_{scale.ToString(CultureInfo.InvariantCulture)}";
void Bench(string metric, FormattableString value) => Console.WriteLine($"BENCH {metric}={FormattableString.Invariant(value)}");
Bench($"{name}.docs", $"{rows.Count}");
Bench($"{name}.kafka.seconds", $"{kafkaSeconds:F2}");
Bench($"{name}.mongo.seconds", $"{mongoSeconds:F2}");
// The parts run one after the other and are summed; the pipeline overlaps them, which on 2 cores shared by both
// emulators gains little, but it means e2e.vs_floor could in principle go slightly below 1.
Bench($"{name}.seconds", $"{kafkaSeconds + mongoSeconds:F2}");
return 0;
