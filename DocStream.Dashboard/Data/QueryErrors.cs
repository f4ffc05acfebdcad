using MongoDB.Driver;

namespace DocStream.Dashboard.Data;

/// <summary>Turns a failed query into one short sentence for the page (the driver's own messages run to pages).</summary>
public static class QueryErrors
{
    public static string Describe(Exception e) => e switch
    {
        TimeoutException => "MongoDB did not answer in time (no server could be selected). Is it running?",
        MongoConnectionException => "The connection to MongoDB failed: " + Shorten(e.Message),
        MongoException => "MongoDB refused the query: " + Shorten(e.Message),
        OperationCanceledException => "The query was cancelled.",
        _ => Shorten(e.Message),
    };

    private static string Shorten(string s) => s.Length <= 240 ? s : s[..240] + "…";
}
