using System.Reflection;
using Confluent.Kafka;
using Microsoft.Extensions.Configuration;

namespace DocStream.AppHost.Hosting;

/// <summary>
/// External mode: the client settings a managed Kafka needs (Event Hubs' Kafka endpoint, Confluent Cloud: SASL_SSL),
/// taken from the AppHost's <c>DocStream:Kafka:Config:*</c> and handed to the services as the
/// <c>Aspire:Confluent:Kafka:{Producer,Consumer}:Config:*</c> settings of Aspire.Confluent.Kafka. Keys are the typed
/// <see cref="ClientConfig"/> property names those settings bind (<c>SaslMechanism</c>, not librdkafka's
/// <c>sasl.mechanism</c>, which the binder would silently ignore): any other key stops the AppHost, naming it. The SASL
/// password is never one of them: it is the secret parameter <c>kafka-sasl-password</c>, declared as soon as a SASL
/// mechanism is set.
/// </summary>
public static class ExternalKafkaClientConfig
{
    public const string SectionKey = "DocStream:Kafka:Config";
    public const string PasswordParameterName = "kafka-sasl-password";

    private static readonly HashSet<string> ClientProperties = typeof(ClientConfig)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.CanWrite && p.GetIndexParameters().Length == 0)
        .Select(p => p.Name)
        .ToHashSet(StringComparer.OrdinalIgnoreCase);

    public static void Apply(IDistributedApplicationBuilder builder, params IResourceBuilder<ProjectResource>[] clients)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var section = builder.Configuration.GetSection(SectionKey);
        var settings = section.AsEnumerable(makePathsRelative: true)
            .Where(e => e.Value is not null)
            .Select(e => (Key: e.Key, Value: e.Value!))
            .OrderBy(e => e.Key, StringComparer.Ordinal)
            .ToList();
        if (settings.Any(e => e.Key.Contains("password", StringComparison.OrdinalIgnoreCase) || e.Key.Contains("secret", StringComparison.OrdinalIgnoreCase)))
        {
            throw new InvalidOperationException(
                $"{SectionKey} is published in plain text: give the SASL password as the secret parameter '{PasswordParameterName}' " +
                $"(Parameters:{PasswordParameterName}, or let azd prompt for it), not as {SectionKey}:SaslPassword.");
        }
        foreach (var (key, _) in settings)
        {
            ThrowUnlessClientProperty(key);
        }
        ThrowUnlessBindable(section);

        var usesSasl = settings.Any(e => e.Key.Equals(nameof(ClientConfig.SaslMechanism), StringComparison.OrdinalIgnoreCase));
        var password = usesSasl ? builder.AddParameter(PasswordParameterName, secret: true) : null;
        foreach (var client in clients)
        {
            foreach (var role in new[] { "Producer", "Consumer" })
            {
                var prefix = $"Aspire__Confluent__Kafka__{role}__Config__";
                foreach (var (key, value) in settings)
                {
                    client.WithEnvironment(prefix + key, value);
                }
                if (password is not null)
                {
                    client.WithEnvironment(prefix + nameof(ClientConfig.SaslPassword), password);
                }
            }
        }
    }

    private static void ThrowUnlessClientProperty(string key)
    {
        if (ClientProperties.Contains(key))
        {
            return;
        }
        var hint = key.Contains('.', StringComparison.Ordinal)
            ? $" It looks like a librdkafka name; the typed name is '{SectionKey}:{TypedName(key)}'."
            : "";
        throw new InvalidOperationException(
            $"'{SectionKey}:{key}' is not a Confluent.Kafka ClientConfig property, so the Kafka clients would ignore it.{hint} " +
            "Use the property names of ProducerConfig/ConsumerConfig (e.g. SecurityProtocol=SaslSsl, SaslMechanism=Plain, SaslUsername).");
    }

    private static void ThrowUnlessBindable(IConfigurationSection section)
    {
        try
        {
            section.Bind(new ClientConfig());
        }
        catch (InvalidOperationException e)
        {
            // The binder names the key and the value it could not convert (e.g. SecurityProtocol=SASL_SSL instead of SaslSsl).
            throw new InvalidOperationException($"{SectionKey} has a value the Kafka clients cannot bind: {e.Message}", e);
        }
    }

    private static string TypedName(string librdkafkaName) =>
        string.Concat(librdkafkaName.Split('.', StringSplitOptions.RemoveEmptyEntries).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
}
