using Microsoft.Extensions.Configuration;

namespace DocStream.AppHost.Hosting;

/// <summary>
/// External mode: librdkafka settings a managed Kafka needs (Event Hubs' Kafka endpoint, Confluent Cloud: SASL_SSL),
/// taken from the AppHost's <c>DocStream:Kafka:Config:*</c> and handed to the services as the
/// <c>Aspire:Confluent:Kafka:{Producer,Consumer}:Config:*</c> settings they already read. The SASL password is never
/// one of them: it is the secret parameter <c>kafka-sasl-password</c>, declared as soon as a SASL mechanism is set.
/// </summary>
public static class ExternalKafkaClientConfig
{
    public const string SectionKey = "DocStream:Kafka:Config";
    public const string PasswordParameterName = "kafka-sasl-password";

    public static void Apply(IDistributedApplicationBuilder builder, params IResourceBuilder<ProjectResource>[] clients)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var settings = builder.Configuration.GetSection(SectionKey).AsEnumerable(makePathsRelative: true)
            .Where(e => e.Value is not null)
            .Select(e => (Key: e.Key, Value: e.Value!))
            .OrderBy(e => e.Key, StringComparer.Ordinal)
            .ToList();
        if (settings.Any(e => e.Key.Contains("password", StringComparison.OrdinalIgnoreCase) || e.Key.Contains("secret", StringComparison.OrdinalIgnoreCase)))
        {
            throw new InvalidOperationException(
                $"{SectionKey} is published in plain text: give the SASL password as the secret parameter '{PasswordParameterName}' " +
                $"(Parameters:{PasswordParameterName}, or let azd prompt for it), not as {SectionKey}:sasl.password.");
        }
        var usesSasl = settings.Any(e => e.Key is "sasl.mechanism" or "sasl.mechanisms");
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
                    client.WithEnvironment(prefix + "sasl.password", password);
                }
            }
        }
    }
}
