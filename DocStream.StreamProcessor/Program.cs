using DocStream.StreamProcessor;

// A worker with a tiny web host: /health and /alive for the AppHost and orchestrators.
var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddStreamProcessor();

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();
