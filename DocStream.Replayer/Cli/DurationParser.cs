using System.Globalization;

namespace DocStream.Replayer.Cli;

/// <summary>Reads durations as people write them: <c>300</c> (seconds), <c>90s</c>, <c>5m</c>, <c>1h</c>, <c>500ms</c> or <c>00:05:00</c>.</summary>
public static class DurationParser
{
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = default;
        var s = text?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(s))
        {
            return false;
        }
        if (s.Contains(':'))
        {
            return TimeSpan.TryParse(s, CultureInfo.InvariantCulture, out value);
        }
        (string number, double unitSeconds) = s switch
        {
            _ when s.EndsWith("ms", StringComparison.Ordinal) => (s[..^2], 0.001),
            _ when s.EndsWith('s') => (s[..^1], 1),
            _ when s.EndsWith('m') => (s[..^1], 60),
            _ when s.EndsWith('h') => (s[..^1], 3600),
            _ => (s, 1),
        };
        if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount)
            || double.IsInfinity(amount * unitSeconds) || amount * unitSeconds > TimeSpan.MaxValue.TotalSeconds / 2)
        {
            return false;
        }
        value = TimeSpan.FromSeconds(amount * unitSeconds);
        return true;
    }
}
