using System.Reflection;
using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace DocStream.AppHost.Tests.OfficialApi;

/// <summary>
/// Finds the configuration keys our client integrations read by setting each candidate key, in the section and in its
/// named subsection, and looking at the settings handed to <c>configureSettings</c>: a settings property read is one whose
/// value arrived; a <c>Config</c> key read is one that changed the librdkafka configuration. Candidates are every settable
/// property of the settings class and, for <c>Config</c>, the typed properties the official schema lists (newer
/// Confluent.Kafka versions add properties that are the client library's, not the integration's).
/// </summary>
internal static class ConfigurationKeyProbe
{
    private const string Name = "probe";
    private const string SampleConnectionString = "mongodb://probe-host:27017/probe";

    public static IEnumerable<string> Kafka(IReadOnlySet<string> officialKeys) =>
        Probe<Aspire.Confluent.Kafka.KafkaProducerSettings>("Aspire:Confluent:Kafka:Producer", s => s.Config, officialKeys,
                (b, capture) => b.AddKafkaProducer<string, string>(Name, capture), s => s.ConnectionString)
            .Concat(Probe<Aspire.Confluent.Kafka.KafkaConsumerSettings>("Aspire:Confluent:Kafka:Consumer", s => s.Config, officialKeys,
                (b, capture) => b.AddKafkaConsumer<string, string>(Name, capture), s => s.ConnectionString));

    public static IEnumerable<string> MongoDB() =>
        Probe<Aspire.MongoDB.Driver.MongoDBSettings>("Aspire:MongoDB:Driver", null, new HashSet<string>(),
            (b, capture) => b.AddMongoDBClient(Name, capture), s => s.ConnectionString);

    private static SortedSet<string> Probe<TSettings>(string section, Func<TSettings, ClientConfig>? config, IReadOnlySet<string> officialKeys,
        Action<IHostApplicationBuilder, Action<TSettings>> add, Func<TSettings, string?> connectionString)
    {
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (prefix, listed) in new[] { (section, section), ($"{section}:{Name}", $"{section}:{{name}}") })
        {
            var properties = Settable(typeof(TSettings)).ToList();
            var settings = Capture(add, properties.ToDictionary(p => $"{prefix}:{p.Name}", p => (string?)Sample(p).Text))!;
            keys.UnionWith(properties.Where(p => Equals(p.GetValue(settings), Sample(p).Value)).Select(p => $"key {listed}:{p.Name}"));

            if (config is null)
            {
                continue;
            }
            var baseline = Entries(config(Capture(add, [])!));
            foreach (var configKey in officialKeys.Where(k => k.StartsWith($"key {listed}:Config:", StringComparison.Ordinal)))
            {
                var property = configKey[$"key {listed}:Config:".Length..];
                var value = SampleText(typeof(TSettings).GetProperty("Config")!.PropertyType, property);
                var bound = Entries(config(Capture(add, new() { [$"{prefix}:Config:{property}"] = value })!));
                if (!bound.SetEquals(baseline))
                {
                    keys.Add(configKey);
                }
            }
        }
        var withConnectionString = Capture(add, new() { [$"ConnectionStrings:{Name}"] = SampleConnectionString });
        if (connectionString(withConnectionString!) == SampleConnectionString)
        {
            keys.Add("key ConnectionStrings:{name}");
        }
        return keys;
    }

    private static HashSet<string> Entries(ClientConfig config) => config.Select(e => $"{e.Key}={e.Value}").ToHashSet(StringComparer.Ordinal);

    private static IEnumerable<PropertyInfo> Settable(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is { IsPublic: true } && p.GetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0);

    private static (string Text, object Value) Sample(PropertyInfo property)
    {
        if (property.Name == "ConnectionString")
        {
            return (SampleConnectionString, SampleConnectionString);
        }
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        return type == typeof(bool) ? ("true", true)
            : type == typeof(int) ? ("7", 7)
            : throw new InvalidOperationException($"No sample for {property.DeclaringType!.Name}.{property.Name} ({type.Name}).");
    }

    /// <summary>Configuration text of the right kind for <paramref name="configType"/>'s property (set-only ones included).</summary>
    private static string SampleText(Type configType, string propertyName)
    {
        var type = configType.GetProperty(propertyName)?.PropertyType is { } t ? Nullable.GetUnderlyingType(t) ?? t : typeof(string);
        return type == typeof(bool) ? "true"
            : type == typeof(int) || type == typeof(double) || type == typeof(long) ? "7"
            : type.IsEnum ? Enum.GetNames(type)[^1]
            : "probe-value";
    }

    private static TSettings? Capture<TSettings>(Action<IHostApplicationBuilder, Action<TSettings>> add, Dictionary<string, string?> values)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(values);
        TSettings? captured = default;
        add(builder, settings => captured = settings);
        return captured;
    }
}
