using System.Globalization;

namespace DocStream.Dashboard.Data;

/// <summary>
/// Display formats. The build runs with InvariantGlobalization, where the en-GB culture does not load, so
/// pounds are written here: invariant digits with thousands separators and the pound sign in front.
/// Dates are the shop's wall-clock time (stored as UTC, shown as is) as "1 Dec 2010 08:26": unambiguous,
/// unlike the data set's own month-first text.
/// </summary>
public static class DisplayFormat
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Money(decimal value) =>
        value < 0 ? "-£" + (-value).ToString("#,##0.00", Inv) : "£" + value.ToString("#,##0.00", Inv);

    /// <summary>Unit prices keep a third decimal when they have one (0.001 occurs).</summary>
    public static string Price(decimal value) =>
        value < 0 ? "-£" + (-value).ToString("#,##0.00#", Inv) : "£" + value.ToString("#,##0.00#", Inv);

    /// <summary>Whole pounds, for chart labels.</summary>
    public static string MoneyShort(decimal value)
    {
        var abs = Math.Abs(value);
        var sign = value < 0 ? "-" : "";
        return abs switch
        {
            >= 1_000_000m => $"{sign}£{(abs / 1_000_000m).ToString("0.##", Inv)}m",
            >= 10_000m => $"{sign}£{(abs / 1_000m).ToString("0.#", Inv)}k",
            _ => $"{sign}£{abs.ToString("#,##0", Inv)}",
        };
    }

    public static string Count(long value) => value.ToString("#,##0", Inv);

    public static string Count(double value, int decimals = 1) => value.ToString("#,##0." + new string('0', decimals), Inv);

    public static string Percent(double share) => (share * 100).ToString("0.0", Inv) + "%";

    public static string Date(DateTime value) => value.ToString("d MMM yyyy HH:mm", Inv);

    public static string Day(DateTime value) => value.ToString("d MMM yyyy", Inv);

    public static string Time(DateTime value) => value.ToString("HH:mm:ss", Inv);

    /// <summary>"3 s ago" style age of a UTC time stamp.</summary>
    public static string Age(DateTime utc, DateTime nowUtc)
    {
        var age = nowUtc - utc;
        if (age < TimeSpan.Zero)
        {
            age = TimeSpan.Zero;
        }
        return age.TotalSeconds < 90 ? $"{(int)age.TotalSeconds} s ago"
            : age.TotalMinutes < 90 ? $"{(int)age.TotalMinutes} min ago"
            : $"{(int)age.TotalHours} h ago";
    }

    /// <summary>A span as people say it: "0 s", "42 s", "3 min 5 s", "2 h 10 min".</summary>
    public static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.Zero)
        {
            span = TimeSpan.Zero;
        }
        return span.TotalSeconds < 60 ? $"{(int)span.TotalSeconds} s"
            : span.TotalMinutes < 60 ? $"{(int)span.TotalMinutes} min {span.Seconds} s"
            : $"{(int)span.TotalHours} h {span.Minutes} min";
    }
}
