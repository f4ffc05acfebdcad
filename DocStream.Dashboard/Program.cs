using DocStream.Contracts;
using DocStream.Dashboard.Components;
using DocStream.Dashboard.Data;
using DocStream.Dashboard.Export;
using DocStream.Dashboard.Kafka;
using DocStream.Dashboard.Operations.Commands;
using DocStream.Dashboard.Operations.Redrive;
using DocStream.Dashboard.Security;
using Microsoft.FluentUI.AspNetCore.Components;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
// An interactive page should say "unreachable" within seconds, not after the driver's default 30 s.
builder.AddMongoDBClient(PipelineNames.Database, settings => settings.HealthCheckTimeout ??= 3000,
    settings => settings.ServerSelectionTimeout = TimeSpan.FromSeconds(5));
builder.AddDashboardAuthentication();
builder.AddCommandToken();
builder.Services.AddDashboardQueries(builder.Configuration);
builder.Services.AddDashboardExports();
builder.AddRedriveProducer();
builder.AddTopicBrowser();
builder.Services.AddFluentUIComponents();
builder.Services.AddRazorComponents().AddInteractiveServerComponents();

var app = builder.Build();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
}
// Only a page visit gets the not-found page; a refused POST (bad antiforgery token) keeps its own status.
app.UseWhen(context => HttpMethods.IsGet(context.Request.Method),
    branch => branch.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();
app.UseAntiforgery();
// Stylesheets and scripts are public (the sign-in page needs them); everything else falls under the viewer policy.
app.MapStaticAssets().AllowAnonymous();
app.MapAccountEndpoints();
app.MapExportEndpoints();
app.MapCommandEndpoints();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
app.MapDefaultEndpoints();

app.Run();

/// <summary>The entry point, visible to the tests' <c>WebApplicationFactory</c>.</summary>
public partial class Program;
