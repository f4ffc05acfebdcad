using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace DocStream.Observability.Tests;

/// <summary>
/// Who reads <c>/health</c>'s detailed report: anyone in Development; outside it only a signed-in operator, never an
/// anonymous caller (the descriptions name brokers and hosts). Status and status code are the same for everyone.
/// </summary>
public sealed class HealthDetailTests
{
    private const string Secretive = "broker 10.1.2.3:9092 did not answer";

    [Theory]
    [InlineData("Production", null, false)]
    [InlineData("Staging", "viewer", false)]
    [InlineData("Production", "operator", true)]
    [InlineData("Development", null, true)]
    public async Task The_detailed_report_is_given_only_in_Development_or_to_an_operator(string environment, string? role, bool detailed)
    {
        await using var app = await StartAsync(environment);
        using var http = new HttpClient { BaseAddress = Address(app) };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health");
        if (role is not null)
        {
            request.Headers.Add("X-Test-Role", role);
        }

        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(503, (int)response.StatusCode);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("Unhealthy", json.RootElement.GetProperty("status").GetString());
        Assert.Equal(detailed, json.RootElement.TryGetProperty("checks", out _));
        Assert.Equal(detailed, body.Contains(Secretive, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Alive_says_only_the_status_even_in_Development()
    {
        await using var app = await StartAsync("Development");
        using var http = new HttpClient { BaseAddress = Address(app) };

        var alive = await http.GetFromJsonAsync<JsonElement>("/alive");

        Assert.Equal("Healthy", alive.GetProperty("status").GetString());
        Assert.False(alive.TryGetProperty("checks", out _));
    }

    private static async Task<WebApplication> StartAsync(string environment)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment, Args = ["--urls", "http://127.0.0.1:0"] });
        builder.AddDefaultHealthChecks();
        builder.Services.AddHealthChecks().AddCheck("kafka", () => HealthCheckResult.Unhealthy(Secretive));
        var app = builder.Build();
        // Stands in for the dashboard's cookie sign-in: a principal with the role the header names.
        app.Use((context, next) =>
        {
            if (context.Request.Headers["X-Test-Role"] is [{ } role])
            {
                context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Role, role)], "Test"));
            }
            return next(context);
        });
        app.MapDefaultEndpoints();
        await app.StartAsync();
        return app;
    }

    private static Uri Address(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
}
