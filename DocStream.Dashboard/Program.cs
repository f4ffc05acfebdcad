using DocStream.Contracts;
using DocStream.Dashboard.Components;
using DocStream.Dashboard.Data;
using Microsoft.FluentUI.AspNetCore.Components;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
// An interactive page should say "unreachable" within seconds, not after the driver's default 30 s.
builder.AddMongoDBClient(PipelineNames.Database,
    configureClientSettings: settings => settings.ServerSelectionTimeout = TimeSpan.FromSeconds(5));
builder.Services.AddDashboardQueries(builder.Configuration);
builder.Services.AddFluentUIComponents();
builder.Services.AddRazorComponents().AddInteractiveServerComponents();

var app = builder.Build();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
}
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseAntiforgery();
app.MapStaticAssets();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
app.MapDefaultEndpoints();

app.Run();
