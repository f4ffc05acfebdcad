using DocStream.AppHost.Hosting;
using Xunit;

namespace DocStream.AppHost.Tests.OfficialApi;

/// <summary>
/// Our official-equivalent integrations against the official packages' published API (the checked-in *.txt, made by
/// extract_official_api.py from dotnet/aspire's api/*.cs and ConfigurationSchema.json): every public type, member and
/// configuration key must match, except the differences docs/official-integrations.md lists, and every listed
/// difference must still be one.
/// </summary>
public sealed class OfficialApiSurfaceTests
{
    private static readonly HashSet<string> HostingNamespaces = ["Aspire.Hosting", "Aspire.Hosting.ApplicationModel", "Aspire.Hosting.MongoDB"];
    private static readonly HashSet<string> ClientNamespaces = ["Aspire.Confluent.Kafka", "Aspire.MongoDB.Driver", "Microsoft.Extensions.Hosting"];

    private static readonly string[] OfficialFiles =
        ["Aspire.Hosting.Kafka.txt", "Aspire.Hosting.MongoDB.txt", "Aspire.Confluent.Kafka.txt", "Aspire.MongoDB.Driver.txt"];

    [Fact]
    public void Our_integrations_have_the_official_types_members_and_configuration_keys_but_for_the_listed_differences()
    {
        var official = OfficialFiles
            .SelectMany(f => File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "OfficialApi", f)))
            .Where(l => l.Length > 0)
            .ToHashSet(StringComparer.Ordinal);
        var ours = PublicSurface.Of(typeof(InfrastructureModeSelector).Assembly, HostingNamespaces)
            .Concat(PublicSurface.Of(typeof(Aspire.Confluent.Kafka.KafkaProducerSettings).Assembly, ClientNamespaces))
            .Concat(ConfigurationKeyProbe.Kafka(official))
            .Concat(ConfigurationKeyProbe.MongoDB())
            .ToHashSet(StringComparer.Ordinal);
        var differences = ours.Except(official).Select(l => "+ " + l)
            .Concat(official.Except(ours).Select(l => "- " + l))
            .ToHashSet(StringComparer.Ordinal);
        var listed = ListedDifferences.Read().ToHashSet(StringComparer.Ordinal);

        var unlisted = differences.Except(listed).Order(StringComparer.Ordinal).ToList();
        var stale = listed.Except(differences).Order(StringComparer.Ordinal).ToList();
        Assert.True(unlisted.Count == 0,
            "Differences from the official packages not listed in docs/official-integrations.md (api-differences):\n" + string.Join('\n', unlisted));
        Assert.True(stale.Count == 0,
            "Listed in docs/official-integrations.md but no longer a difference (remove them):\n" + string.Join('\n', stale));
    }
}
