using System.Reflection;
using Confluent.Kafka;
using Microsoft.Extensions.Configuration;

namespace DocStream.ServiceDefaults.Kafka;

/// <summary>
/// Reads a Kafka client's settings from configuration the way Aspire.Confluent.Kafka binds them (section, named
/// subsection, typed <c>Config</c>, <c>ConnectionStrings:{name}</c>), for DocStream's own admin clients and checks.
/// </summary>
internal static class KafkaClientConfiguration
{
    public const string ProducerSection = "Aspire:Confluent:Kafka:Producer";
    public const string ConsumerSection = "Aspire:Confluent:Kafka:Consumer";

    /// <summary>The bootstrap servers and the connection and security settings of <paramref name="sectionName"/>'s client.</summary>
    public static AdminClientConfig AdminConfig(IConfiguration configuration, string sectionName, string connectionName)
    {
        var client = new ClientConfig();
        var section = configuration.GetSection(sectionName);
        section.GetSection("Config").Bind(client);
        section.GetSection(connectionName).GetSection("Config").Bind(client);
        var admin = new AdminClientConfig();
        foreach (var (key, value) in client)
        {
            // Producer or consumer tuning would only make an admin client warn.
            if (key.StartsWith("security.", StringComparison.Ordinal) || key.StartsWith("sasl.", StringComparison.Ordinal)
                || key.StartsWith("ssl.", StringComparison.Ordinal) || key.StartsWith("socket.", StringComparison.Ordinal)
                || key is "client.id" or "broker.address.family" or "client.dns.lookup")
            {
                admin.Set(key, value);
            }
        }
        admin.BootstrapServers = configuration.GetConnectionString(connectionName)
            ?? section.GetSection(connectionName)["ConnectionString"] ?? section["ConnectionString"];
        return admin;
    }

    /// <summary>
    /// Refuses what the official binding would silently ignore: a <c>Config</c> key that is no property of
    /// <paramref name="configType"/> (librdkafka's dotted names above all), naming the key and its typed name.
    /// </summary>
    public static void ThrowOnUnknownConfigKeys(IConfiguration configuration, string sectionName, string connectionName, Type configType)
    {
        var properties = configType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.GetIndexParameters().Length == 0)
            .Select(p => p.Name)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var path in new[] { $"{sectionName}:Config", $"{sectionName}:{connectionName}:Config" })
        {
            foreach (var child in configuration.GetSection(path).GetChildren())
            {
                if (!properties.Contains(child.Key))
                {
                    var typed = string.Concat(child.Key.Split('.', StringSplitOptions.RemoveEmptyEntries).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
                    throw new InvalidOperationException(
                        $"'{path}:{child.Key}' is not a {configType.Name} property, so the Kafka client would ignore it" +
                        (properties.Contains(typed) ? $"; use '{path}:{typed}'." : "."));
                }
            }
        }
    }
}
