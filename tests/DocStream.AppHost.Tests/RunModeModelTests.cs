using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Xunit;

namespace DocStream.AppHost.Tests;

/// <summary>The run-mode application model, built by the testing builder without starting anything.</summary>
public sealed class RunModeModelTests
{
    private static async Task<IDistributedApplicationTestingBuilder> CreateAsync(params string[] args) =>
        await DistributedApplicationTestingBuilder.CreateAsync<Projects.DocStream_AppHost>(
            ["DocStream:Infrastructure=external", "ConnectionStrings:kafka=localhost:9092",
             "ConnectionStrings:docstreaming=mongodb://localhost:27017/docstreaming", .. args]);

    [Fact]
    public async Task Configured_replicas_apply_to_the_processor_and_the_ingest_API()
    {
        await using var builder = await CreateAsync("DocStream:ProcessorReplicas=3", "DocStream:IngestApiReplicas=2");
        Assert.Equal(3, Replicas(builder, "processor"));
        Assert.Equal(2, Replicas(builder, "ingestapi"));
        Assert.Equal(1, Replicas(builder, "dashboard"));
    }

    [Fact]
    public async Task Without_settings_every_service_runs_once()
    {
        await using var builder = await CreateAsync();
        Assert.Equal(1, Replicas(builder, "processor"));
        Assert.Equal(1, Replicas(builder, "ingestapi"));
    }

    [Fact]
    public async Task In_containers_mode_Kafka_UI_and_Mongo_Express_listen_on_localhost_only_and_are_never_published()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.DocStream_AppHost>(["DocStream:Infrastructure=containers"]);
        foreach (var name in new[] { "kafka-ui", "mongo-express" })
        {
            var tool = builder.Resources.Single(r => r.Name == name);
            Assert.Contains(tool.Annotations, a => a is ManifestPublishingCallbackAnnotation { Callback: null });
            var endpoints = tool.Annotations.OfType<EndpointAnnotation>().ToList();
            Assert.NotEmpty(endpoints);
            Assert.All(endpoints, e =>
            {
                Assert.False(e.IsExternal, $"{name}:{e.Name} is external.");
                Assert.Equal("localhost", e.TargetHost);
            });
        }
    }

    [Fact]
    public async Task The_dashboard_gets_both_access_keys_and_says_where_to_find_them()
    {
        await using var builder = await CreateAsync();
        Assert.Contains(builder.Resources, r => r.Name == "dashboard-operator-key" && r is ParameterResource { Secret: true });
        Assert.Contains(builder.Resources, r => r.Name == "dashboard-viewer-key" && r is ParameterResource { Secret: true });
        var dashboard = builder.Resources.Single(r => r.Name == "dashboard");
        Assert.Contains(dashboard.Annotations, a => a is ResourceUrlsCallbackAnnotation);
    }

    [Fact]
    public async Task The_processor_has_pause_and_resume_commands_for_the_Aspire_dashboard()
    {
        await using var builder = await CreateAsync();
        var processor = builder.Resources.Single(r => r.Name == "processor");
        var commands = processor.Annotations.OfType<ResourceCommandAnnotation>().Select(c => c.Name).ToList();
        Assert.Contains("pause-processing", commands);
        Assert.Contains("resume-processing", commands);
        Assert.Contains("rewind-dry-run", commands);
        Assert.Contains("rewind-to-earliest", commands);
    }

    [Fact]
    public async Task In_run_mode_the_dashboard_learns_the_Aspire_dashboards_address_for_its_trace_links()
    {
        await using var builder = await CreateAsync("ASPNETCORE_URLS=https://localhost:17080;http://localhost:15080");
        var environment = await EnvironmentWithoutEndpointsAsync(builder.Resources.Single(r => r.Name == "dashboard"));
        Assert.Equal("https://localhost:17080", environment["DocStream__Dashboard__AspireDashboardUrl"]);
    }

    /// <summary>
    /// The environment a resource's callbacks set, leaving out those that wait for allocated endpoints (nothing is
    /// started here, so they never finish).
    /// </summary>
    private static async Task<Dictionary<string, object>> EnvironmentWithoutEndpointsAsync(IResource resource)
    {
        var context = new EnvironmentCallbackContext(new DistributedApplicationExecutionContext(DistributedApplicationOperation.Run));
        foreach (var callback in resource.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            await Task.WhenAny(callback.Callback(context), Task.Delay(TimeSpan.FromSeconds(1)));
        }
        lock (context.EnvironmentVariables)
        {
            return new Dictionary<string, object>(context.EnvironmentVariables);
        }
    }

    [Fact]
    public async Task The_dashboard_has_re_drive_commands_authenticated_by_a_secret_of_this_run()
    {
        await using var builder = await CreateAsync();
        var dashboard = builder.Resources.Single(r => r.Name == "dashboard");
        var commands = dashboard.Annotations.OfType<ResourceCommandAnnotation>().Select(c => c.Name).ToList();
        Assert.Contains("redrive-dry-run", commands);
        Assert.Contains("redrive-dead-letters", commands);
        Assert.Contains(builder.Resources, r => r is ParameterResource { Name: "dashboard-command-token", Secret: true });
    }

    [Fact]
    public async Task An_unknown_sign_in_mode_stops_the_AppHost_with_a_message_naming_the_setting()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var builder = await CreateAsync("DocStream:Dashboard:SignIn=anonymous");
        });
        Assert.Contains("DocStream:Dashboard:SignIn is 'anonymous'", error.ToString(), StringComparison.Ordinal);
    }

    private static int Replicas(IDistributedApplicationTestingBuilder builder, string name) =>
        builder.Resources.Single(r => r.Name == name).Annotations.OfType<ReplicaAnnotation>().LastOrDefault()?.Replicas ?? 1;
}
