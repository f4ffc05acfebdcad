using System.Text.Json.Nodes;
using Xunit;

namespace DocStream.AppHost.Tests;

/// <summary>Checks shared by the manifest tests of every deploy mode.</summary>
internal static class ManifestAssertions
{
    public static JsonObject Resource(this JsonObject resources, string name) =>
        resources[name]?.AsObject() ?? throw new Xunit.Sdk.XunitException(
            $"The manifest has no resource '{name}'; it has: {string.Join(", ", resources.Select(r => r.Key))}.");

    public static string Type(this JsonObject resource) => resource["type"]!.GetValue<string>();

    public static JsonObject Env(this JsonObject resource) => resource["env"]?.AsObject() ?? [];

    public static JsonObject Bindings(this JsonObject resource) => resource["bindings"]?.AsObject() ?? [];

    public static void IsProject(JsonObject resources, string name, string projectFile)
    {
        var resource = resources.Resource(name);
        Assert.Contains(resource.Type(), new[] { "project.v0", "project.v1" });
        Assert.EndsWith(projectFile, resource["path"]!.GetValue<string>().Replace('\\', '/'), StringComparison.Ordinal);
    }

    /// <summary>A secret parameter azd generates (<c>secret: true</c> and <c>default.generate.minLength</c>).</summary>
    public static void IsGeneratedSecret(JsonObject resources, string name, int minLength)
    {
        var input = resources.Resource(name)["inputs"]!["value"]!.AsObject();
        Assert.Equal("parameter.v0", resources.Resource(name).Type());
        Assert.True(input["secret"]?.GetValue<bool>(), $"{name} is not marked secret.");
        Assert.True(input["default"]?["generate"]?["minLength"]?.GetValue<int>() >= minLength,
            $"{name} has no generated default of at least {minLength} characters: {input.ToJsonString()}");
        Assert.Null(input["default"]?["value"]);
    }

    /// <summary>Every rule azd applies to container app ingress: no external non-HTTP endpoint, at most 5 extra ports.</summary>
    public static void FitsAzureContainerAppsIngress(JsonObject resources)
    {
        foreach (var (name, node) in resources)
        {
            var bindings = node!.AsObject().Bindings();
            foreach (var (bindingName, binding) in bindings)
            {
                var scheme = binding!["scheme"]!.GetValue<string>();
                Assert.Contains(scheme, new[] { "http", "https", "tcp" });
                var external = binding["external"]?.GetValue<bool>() ?? false;
                Assert.False(external && scheme == "tcp", $"{name}.{bindingName} is an external TCP endpoint, which Container Apps cannot expose.");
                if (scheme == "tcp")
                {
                    Assert.NotNull(binding["targetPort"]);
                }
            }
            var ports = bindings.Select(b => b.Value!["targetPort"]?.GetValue<int>()).Distinct().Count();
            Assert.True(ports - 1 <= 5, $"{name} needs {ports - 1} additional ports; Container Apps allows 5.");
        }
    }

    /// <summary>No sentinel secret given to the AppHost appears anywhere in the manifest text.</summary>
    public static void ContainsNone(string manifestText, IEnumerable<string> secrets)
    {
        foreach (var secret in secrets.Where(s => s.Length > 0))
        {
            Assert.False(manifestText.Contains(secret, StringComparison.Ordinal), "A secret value appears in plain text in the manifest.");
            Assert.False(manifestText.Contains(Uri.EscapeDataString(secret), StringComparison.Ordinal), "A URI-encoded secret value appears in the manifest.");
        }
    }
}
