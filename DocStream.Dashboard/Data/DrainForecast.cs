namespace DocStream.Dashboard.Data;

/// <summary>How long the backlog takes to drain at the current rates, in words for the overview.</summary>
public static class DrainForecast
{
    /// <param name="lag">Documents waiting in Kafka.</param>
    /// <param name="writtenPerSecond">Documents written to MongoDB per second.</param>
    /// <param name="arrivingPerSecond">Documents arriving in Kafka per second.</param>
    public static string Describe(long lag, double writtenPerSecond, double arrivingPerSecond, bool paused)
    {
        if (lag == 0)
        {
            return "caught up";
        }
        if (paused)
        {
            return "paused";
        }
        var net = writtenPerSecond - arrivingPerSecond;
        return net <= 0 ? "not draining" : DisplayFormat.Duration(TimeSpan.FromSeconds(lag / net));
    }
}
