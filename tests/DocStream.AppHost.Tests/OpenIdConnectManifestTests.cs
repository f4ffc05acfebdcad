using System.Text.Json.Nodes;
using Xunit;

namespace DocStream.AppHost.Tests;

/// <summary>The manifest with <c>DocStream:Dashboard:SignIn=oidc</c>: provider settings as parameters, the secret secret, no access keys.</summary>
public sealed class OpenIdConnectManifestFixture : IAsyncLifetime
{
    public const string ClientSecret = "SentinelOidcClientSecret6a1f9c3e";

    public ManifestRun Run { get; private set; } = null!;
    public JsonObject Resources => Run.Resources;

    public async Task InitializeAsync() =>
        Run = await ManifestGenerator.RunAsync(
        [
            "--DocStream:Dashboard:SignIn=oidc",
            "--Parameters:ingest-api-key=SentinelApiKeyOidc0b8f3c1d9e2a47f6",
            "--Parameters:mongo-password=SentinelMongoPasswordOidc7d2e9f0a",
            "--Parameters:dashboard-oidc-authority=https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0",
            "--Parameters:dashboard-oidc-client-id=11111111-1111-1111-1111-111111111111",
            $"--Parameters:dashboard-oidc-client-secret={ClientSecret}",
        ]);

    public Task DisposeAsync() => Task.CompletedTask;
}

public sealed class OpenIdConnectManifestTests(OpenIdConnectManifestFixture fixture) : IClassFixture<OpenIdConnectManifestFixture>
{
    private JsonObject Resources => fixture.Resources;

    [Fact]
    public void The_dashboard_gets_the_provider_by_reference_and_no_access_key()
    {
        Assert.True(fixture.Run.ExitCode == 0, fixture.Run.Output);
        var dashboard = Resources.Resource("dashboard").Env();
        Assert.Equal("{dashboard-oidc-authority.value}", dashboard["Authentication__OpenIdConnect__Authority"]!.GetValue<string>());
        Assert.Equal("{dashboard-oidc-client-id.value}", dashboard["Authentication__OpenIdConnect__ClientId"]!.GetValue<string>());
        Assert.Equal("{dashboard-oidc-client-secret.value}", dashboard["Authentication__OpenIdConnect__ClientSecret"]!.GetValue<string>());
        Assert.False(dashboard.ContainsKey("Dashboard__AccessKeys__Operator"));
        Assert.False(Resources.ContainsKey("dashboard-operator-key"));
    }

    [Fact]
    public void Only_the_client_secret_is_secret_and_its_value_is_not_in_the_manifest()
    {
        Assert.True(Resources.Resource("dashboard-oidc-client-secret")["inputs"]!["value"]!["secret"]!.GetValue<bool>());
        Assert.NotEqual(true, Resources.Resource("dashboard-oidc-authority")["inputs"]!["value"]!.AsObject()["secret"]?.GetValue<bool>());
        ManifestAssertions.ContainsNone(fixture.Run.ManifestText!, [OpenIdConnectManifestFixture.ClientSecret]);
    }
}
