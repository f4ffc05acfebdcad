using DocStream.IngestApi;
using DocStream.IngestApi.Apis;
using DocStream.IngestApi.Status;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddIngestServices();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseRateLimiter();

app.MapDefaultEndpoints();
app.MapOpenApi();
app.MapScalarApiReference(scalar => scalar.WithTitle("DocStream Ingest API")); // browsable reference at /scalar
app.MapGet("/", () => TypedResults.Redirect("/scalar")).ExcludeFromDescription();
app.MapInvoiceIngestApi();
app.MapDocumentStatusApi();

app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
